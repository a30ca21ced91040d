/**
 * The HTML report's style sheet: one constant, allowed by the Content-Security-Policy through its
 * SHA-256 (no `'unsafe-inline'`, and no `style` attributes anywhere in the report). Screen and
 * print: for print (and `--pdf`) the filter bar is hidden, every evidence panel is opened and
 * table rows are not split across pages.
 * @module report/html/style
 */
import { createHash } from 'node:crypto';

/** The style sheet, exactly as written into the report. */
export const REPORT_STYLE = `
:root{--fail:#b42318;--fail-bg:#fde8e7;--inc:#93370d;--inc-bg:#fef0c7;--pass:#067647;--pass-bg:#dcfae6;--muted:#5d6673;--line:#d0d5dd;--ink:#101828}
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--ink);margin:0 auto;max-width:1200px;padding:16px 24px 48px}
h1{font-size:26px;margin:8px 0}
h2{font-size:20px;margin:32px 0 8px;padding-bottom:4px;border-bottom:1px solid var(--line)}
h3{font-size:16px;margin:20px 0 6px}
h4{font-size:14px;margin:16px 0 4px}
code{font:12.5px/1.3 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
.head{border-left:8px solid var(--muted);padding:8px 16px;margin:8px 0 16px;background:#f2f4f7}
.head p{margin:6px 0}
.head .sentence{font-size:16px}
.head:has(.v-fail){border-color:var(--fail);background:var(--fail-bg)}
.head:has(.v-inconclusive){border-color:var(--inc);background:var(--inc-bg)}
.head:has(.v-pass){border-color:var(--pass);background:var(--pass-bg)}
.badge{display:inline-block;white-space:nowrap;padding:1px 8px;border-radius:10px;font-weight:700;font-size:.85em;letter-spacing:.02em;color:#fff;background:var(--muted)}
h1 .badge{font-size:22px;padding:2px 12px;border-radius:14px}
.badge.v-fail{background:var(--fail)}
.badge.v-inconclusive{background:var(--inc)}
.badge.v-pass{background:var(--pass)}
.badge.v-ignored{background:#98a2b3}
.notes{border:1px solid #fec84b;background:#fffaeb;padding:8px 12px;margin:8px 0}
.notes p{margin:4px 0}
nav ul{list-style:none;padding:0;margin:0;display:flex;flex-wrap:wrap;gap:4px 16px}
nav a{color:#175cd3}
table{border-collapse:collapse;width:100%;margin:6px 0 10px;font-size:13px}
th,td{border:1px solid var(--line);padding:4px 6px;text-align:left;vertical-align:top;overflow-wrap:break-word}
.name,td.hash code,details.evidence summary{overflow-wrap:anywhere}
thead th{background:#f2f4f7;font-weight:600}
td.num,th.num{text-align:right;white-space:nowrap}
td.hash code{font-size:11px}
table.kv{width:auto;min-width:50%}
table.kv th{background:#f9fafb;font-weight:500;white-space:nowrap}
table.kv tr.sub th{padding-left:24px;font-weight:400;color:var(--muted)}
tbody tr:nth-child(even){background:#fcfcfd}
tr[data-verdict=FAIL] td:first-child{background:var(--fail-bg)}
tr[data-verdict=INCONCLUSIVE] td:first-child{background:var(--inc-bg)}
button.sort{all:unset;cursor:pointer;font-weight:600}
button.sort:focus-visible{outline:2px solid #175cd3}
th[aria-sort=ascending] button.sort::after{content:" \\25B2"}
th[aria-sort=descending] button.sort::after{content:" \\25BC"}
.filter{display:flex;gap:8px;align-items:center;margin:6px 0}
.filter input{flex:0 1 360px;padding:4px 6px}
.note{color:var(--muted);margin:4px 0}
figure.map{margin:8px 0}
svg.world{width:100%;height:auto;display:block;background:#f5f8fc;border:1px solid var(--line)}
svg.world .land{fill:#e4e7ec;stroke:#fff;stroke-width:.5}
svg.world .country{stroke:#fff;stroke-width:.5}
.s0{fill:#d0d5dd}.s1{fill:#c6dbef}.s2{fill:#9ecae1}.s3{fill:#6baed6}.s4{fill:#4292c6}.s5{fill:#2171b5}.s6{fill:#084594}
.hatch{fill:url(#hatch);stroke:none;pointer-events:none}
.hatch-line{stroke:#101828;stroke-width:1.6;stroke-opacity:.6}
.deny{fill:none;stroke:var(--fail);stroke-width:1.8;stroke-linejoin:round;pointer-events:none}
.hatch-swatch{fill:url(#hatch);stroke:var(--muted)}
.deny-swatch{fill:#fff;stroke:var(--fail);stroke-width:3}
.policy-deny{fill:none;stroke:var(--fail);stroke-width:1.2;stroke-dasharray:3 2;stroke-linejoin:round;pointer-events:none}
.policy-deny-swatch{fill:#fff;stroke:var(--fail);stroke-width:2;stroke-dasharray:3 2}
ul.legend{list-style:none;padding:0;margin:6px 0;display:flex;flex-wrap:wrap;gap:4px 14px}
ul.legend li{display:flex;align-items:center;gap:4px}
ul.legend li.unused{color:#98a2b3}
svg.swatch{flex:none}
details.evidence{border:1px solid var(--line);border-left:6px solid var(--muted);margin:8px 0;padding:0 10px}
details.evidence.v-fail{border-left-color:var(--fail)}
details.evidence.v-inconclusive{border-left-color:var(--inc)}
details.evidence summary{cursor:pointer;padding:6px 0}
details.evidence .panel{padding-bottom:8px}
details.counters summary{cursor:pointer;color:#175cd3;margin:4px 0}
ul.attribution li{margin:2px 0}
footer{margin-top:32px;color:var(--muted);font-size:12px}
@media print{
body{max-width:none;padding:0;font-size:11px}
nav,.filter{display:none}
details::details-content{content-visibility:visible;display:block}
details.evidence summary{list-style:none}
tr,details.evidence summary,figure.map{break-inside:avoid}
thead{display:table-header-group}
h2{break-after:avoid}
a{color:inherit;text-decoration:none}
}
@page{size:A4;margin:12mm}
`;

/** `'sha256-…'` of the style sheet, for the Content-Security-Policy's style-src. */
export const REPORT_STYLE_HASH = `'sha256-${createHash('sha256').update(REPORT_STYLE, 'utf8').digest('base64')}'`;
