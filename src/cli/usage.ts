/**
 * The text of `egress-verify --help`.
 * @module cli/usage
 */
import { DEFAULT_LIMITS } from '../core/index.js';
import { REPORT_USAGE } from './report-command.js';
import { CAMPAIGN_OPTIONS_USAGE, CAMPAIGN_USAGE } from './campaign/args.js';

export const USAGE = `Usage: egress-verify <command> [options]

Commands:
  analyze <capture...>   Read captures (pcap, pcapng, gzip; '-' for standard input) as one
                         continuous capture, name and geolocate every destination, judge every
                         flow against a policy, and report the verdict with its evidence.
  monitor                Watch a live capture stream (standard input or --interface) and raise
                         an alert the moment data heads where the policy forbids.
  geo <ip...>            What every geolocation database says about each address (country,
                         registration country, AS), and whether they agree.
  report render <report.json>  Re-render a saved JSON report as HTML (--html) or Markdown (--md),
                         and print it to PDF (--pdf FILE).
${CAMPAIGN_USAGE}
Options for analyze:
  --policy FILE            Policy (YAML or JSON; default geodata/policies/deny-ru-by.yaml)
  --geoip PATH             Also use this MMDB file (see geo); repeatable
  --no-embedded-geo        Only the --geoip databases, not the embedded ones
  --geo-overrides FILE     CIDR → country/operator overrides (JSON); repeatable
  --nat64-prefix CIDR      The network translates IPv6 to IPv4 under this NAT64 prefix (RFC 6052,
                           /32../96, e.g. 2001:db8:64::/96): flows to it are also judged at the
                           IPv4 address inside. Learnt by itself from ipv4only.arpa answers; repeatable
  --format json|md|conn|csv|csv-destinations  Report format (default json; md = Markdown
                           summary for tickets and e-mail; conn = Zeek conn.log TSV; csv = one
                           row per flow; csv-destinations = one row per destination)
  --format html            One self-contained HTML file with a world map, for vendors and auditors
  --pdf FILE               Also print the HTML report to FILE with headless Chromium (exit 69 if
                           Chromium is not installed)
  --out FILE               Write the report to FILE instead of standard output
  --report-dir DIR         Also write every format there: report.json, report.md, conn.log, flows.csv
  --log-level LEVEL        fatal|error|warn|info|debug|trace|silent (default warn; logs go to stderr)
  --max-flows N            Live flows kept at once (default ${DEFAULT_LIMITS.maxActiveFlows})
  --tcp-timeout SECONDS    TCP inactivity timeout (default ${Number(DEFAULT_LIMITS.tcpIdleTimeoutNs) / 1e9})
  --udp-timeout SECONDS    UDP inactivity timeout (default ${Number(DEFAULT_LIMITS.udpIdleTimeoutNs) / 1e9})
  --other-timeout SECONDS  ICMP and other protocols' inactivity timeout (default ${Number(DEFAULT_LIMITS.otherIdleTimeoutNs) / 1e9})
  --fragment-timeout SECONDS  IP fragment reassembly timeout (default ${Number(DEFAULT_LIMITS.fragmentTimeoutNs) / 1e9})
  --max-frame-bytes N      Largest record accepted before a capture is called corrupt (default ${DEFAULT_LIMITS.maxFrameBytes})
  --pcap-reader native|pcap-parser  Classic pcap reader to use
  --reproducible           Leave out the 'run' section (wall-clock times, argv): the same inputs then
                           give byte-identical reports
  --progress / --no-progress  Progress bar on stderr (default: when stderr is a terminal)
  --max-report-flows N     List N finished flows in full, then judge each flow as it finishes and
                           keep only FAIL ones (and up to 10000 INCONCLUSIVE), counting PASS and
                           IGNORED ones in flow_table.folded (default: no limit, but folding starts
                           by itself when the flows fill 12% of Node's heap limit)

Options for monitor (a live capture stream on standard input, e.g. tcpdump -U -w - | egress-verify monitor):
  --interface IFACE        Start tcpdump on IFACE instead of reading standard input
  --policy, --geoip, --no-embedded-geo, --geo-overrides, the timeouts and limits: as for analyze
  --out FILE, --report-dir DIR, --format F  Where the final report goes (stdout carries the events)
  --status-every SECONDS   Status line on stderr this often (default 10)
  --max-report-flows N     Finished flows kept for the report (default 100000); beyond, PASS and
                           IGNORED flows are judged and counted only (memory stays flat), FAIL
                           flows are kept up to 100000 more (then counted too)
  --max-report-dns N       DNS transactions kept for the report (default: --max-report-flows); beyond,
                           the same: violating queries are kept (up to 100000 more), the others only counted
  --report-every SECONDS   Also rewrite the report (--out/--report-dir, atomically) this often while
                           reading; its verdict says the capture is not read to the end yet
  --alert-cmd CMD          Run CMD (through /bin/sh) for each alert, with the event on its stdin
  --save DIR               Keep the packets read in rotating pcapng files there; each alert names
                           the file and frame holding its packet (--rotate SIZE, default 100M;
                           --keep N files, default 10)
  Alerts are NDJSON lines on stdout ("event_type": "alert"), raised when a monitored host first
  sends payload where the policy forbids (or when the flow ends, for thresholds above 0), or a
  DNS query goes to a resolver it does not permit ("raised": "dns", unless its flow alerted); the
  last line is the verdict ("event_type": "verdict"), written at end of stream, SIGINT or SIGTERM.

Options for geo:
  --json                   JSON instead of text
  --geoip PATH             Also use this MMDB file (GeoLite2/GeoIP2, DB-IP, IPinfo, ip-location-db;
                           gzip is fine); repeatable
  --no-embedded            Only the --geoip databases, not the embedded ones

${CAMPAIGN_OPTIONS_USAGE}
${REPORT_USAGE}
  -h, --help               This help
  --version                Print the version

Exit codes (analyze, monitor): 0 PASS; 1 FAIL; 2 INCONCLUSIVE; 64 usage error; 65 bad input data
(not a capture, invalid policy or database); 66 input cannot be opened; 69 a needed tool is not
installed (Chromium for --pdf); 73 output cannot be written; 70 internal error. Other commands
exit 0 on success.
`;
