// Medians, per-rep ratios and the printed tables of bench/run.mjs.

/** Median of a non-empty numeric array (mean of the middle two for even lengths). */
export function median(xs) {
  const a = [...xs].sort((x, y) => x - y);
  if (a.length === 0) return NaN;
  const m = a.length >> 1;
  return a.length % 2 ? a[m] : (a[m - 1] + a[m]) / 2;
}

const TARGET = { vsTshark: 8, vsWalk: 1.3, rssMiB: 150, flat: 1.5 };

/** Per-rep ratio num/den over reps where both ran OK (ratio of walls: den wall / num wall etc.). */
function perRep(runs, file, a, b, f) {
  const out = [];
  for (const ra of runs.filter((r) => r.file === file && r.tool === a && r.ok)) {
    const rb = runs.find((r) => r.file === file && r.tool === b && r.ok && r.rep === ra.rep);
    if (rb) out.push(f(ra, rb));
  }
  return out.length > 0 ? median(out) : null;
}

/** Per file x tool medians, plus the target ratios. */
export function summarize(files, toolList, runs) {
  const rows = [];
  for (const f of files) {
    for (const t of toolList) {
      const ok = runs.filter((r) => r.file === f.name && r.tool === t.id && r.ok);
      const failed = runs.filter((r) => r.file === f.name && r.tool === t.id && !r.ok);
      if (t.available !== null) { rows.push({ file: f.name, tool: t.id, status: t.available }); continue; }
      if (ok.length === 0) { rows.push({ file: f.name, tool: t.id, status: `failed: ${failed[0]?.error ?? ''}` }); continue; }
      const wallS = median(ok.map((r) => r.wallS));
      rows.push({
        file: f.name, tool: t.id, status: 'ok', n: ok.length, failed: failed.length, wallS,
        cpuS: median(ok.map((r) => r.cpuS)), rssMiB: median(ok.map((r) => r.rssKiB)) / 1024,
        pps: f.packets ? f.packets / wallS : null, mbps: f.size / 1e6 / wallS,
      });
    }
  }
  const ratios = files.map((f) => ({
    file: f.name,
    analyzeVsTshark: perRep(runs, f.name, 'analyze', 'tshark', (a, b) => b.wallS / a.wallS),
    analyzeVsWalk: perRep(runs, f.name, 'analyze', 'walk', (a, b) => a.wallS / b.wallS),
    walkVsTshark: perRep(runs, f.name, 'walk', 'tshark', (a, b) => b.wallS / a.wallS),
    analyzeVsTsharkCpu: perRep(runs, f.name, 'analyze', 'tshark', (a, b) => b.cpuS / a.cpuS),
    analyzeVsWalkCpu: perRep(runs, f.name, 'analyze', 'walk', (a, b) => a.cpuS / b.cpuS),
    analyzeRssMiB: rows.find((r) => r.file === f.name && r.tool === 'analyze' && r.status === 'ok')?.rssMiB ?? null,
  }));
  const rssOf = (file, tool) => rows.find((r) => r.file === file && r.tool === tool && r.status === 'ok')?.rssMiB ?? null;
  const flat = {};
  for (const tool of toolList.map((t) => t.id)) {
    const s = rssOf('small.pcap', tool), b = rssOf('big.pcap', tool);
    if (s !== null && b !== null) flat[tool] = { smallMiB: s, bigMiB: b, ratio: b / s };
  }
  return { rows, ratios, rssSmallToBig: flat, targets: TARGET };
}

const fmt = (x, d = 2) => (x === null || x === undefined || Number.isNaN(x) ? '-' : x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d }));
const int = (x) => (x === null || x === undefined ? '-' : Math.round(x).toLocaleString('en-US'));
const ratio = (x) => (x === null ? '-' : `${fmt(x)}x`);
const verdict = (x, ok) => (x === null ? '' : ok ? '  PASS' : '  FAIL');

/** Prints the human-readable report. */
export function printTables(meta, files, s) {
  const out = (l = '') => process.stdout.write(`${l}\n`);
  out(`\negress-verify bench  ${meta.date}  node ${meta.node}  ${meta.cpus} x ${meta.cpuModel}`);
  out(`load average (1/5/15 min) at start: ${meta.loadStart.map((x) => x.toFixed(2)).join(' ')}   at end: ${meta.loadEnd.map((x) => x.toFixed(2)).join(' ')}`);
  out(`peak RSS method: ${meta.rssMethod}; ${meta.reps} interleaved reps, medians`);
  for (const [id, why] of Object.entries(meta.unavailable)) out(`${meta.tools[id]}: ${why}`);
  for (const f of files) {
    out(`\n${f.name}  (${int(f.packets)} packets, ${fmt(f.size / 1e6, 1)} MB)`);
    out('| tool | packets/s | MB/s | wall s | CPU s | peak RSS MiB | n |');
    out('|---|---:|---:|---:|---:|---:|---:|');
    for (const r of s.rows.filter((x) => x.file === f.name)) {
      if (r.status !== 'ok') { out(`| ${meta.tools[r.tool]} | ${r.status} | | | | | |`); continue; }
      out(`| ${meta.tools[r.tool]} | ${int(r.pps)} | ${int(r.mbps)} | ${fmt(r.wallS)} | ${fmt(r.cpuS)} | ${int(r.rssMiB)} | ${r.n}${r.failed ? ` (+${r.failed} failed)` : ''} |`);
    }
  }
  out('\nratios (median of per-rep ratios; targets use wall time, the CPU-s columns are the less noise-sensitive check)');
  out('| file | analyze pps / tshark pps (>= 8x) | analyze wall / walk wall (<= 1.3x) | analyze peak RSS MiB (<= 150) | walk pps / tshark pps | CPU-s: tshark / analyze | CPU-s: analyze / walk |');
  out('|---|---:|---:|---:|---:|---:|---:|');
  for (const r of s.ratios) {
    out(`| ${r.file} | ${ratio(r.analyzeVsTshark)}${verdict(r.analyzeVsTshark, r.analyzeVsTshark >= 8)} | ${ratio(r.analyzeVsWalk)}${verdict(r.analyzeVsWalk, r.analyzeVsWalk <= 1.3)} | ${int(r.analyzeRssMiB)}${verdict(r.analyzeRssMiB, r.analyzeRssMiB <= 150)} | ${ratio(r.walkVsTshark)} | ${ratio(r.analyzeVsTsharkCpu)} | ${ratio(r.analyzeVsWalkCpu)} |`);
  }
  out('\npeak RSS small.pcap -> big.pcap (flat target: big/small <= 1.5 for analyze)');
  out('| tool | small MiB | big MiB | big/small |');
  out('|---|---:|---:|---:|');
  for (const [tool, v] of Object.entries(s.rssSmallToBig)) out(`| ${meta.tools[tool]} | ${int(v.smallMiB)} | ${int(v.bigMiB)} | ${fmt(v.ratio)}${tool === 'analyze' ? verdict(v.ratio, v.ratio <= 1.5) : ''} |`);
}
