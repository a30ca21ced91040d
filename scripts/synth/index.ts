/**
 * Deterministic capture synthesizer (standard library only): writes pcap or pcapng files of
 * realistic LAN-to-Internet traffic (DNS, TLS with SNI, HTTP/1.1, QUIC Initials) for demos,
 * tests and benchmarks. The same seed and profile always give the same bytes.
 * @module synth
 */
import { createWriteStream } from 'node:fs';
import { CaptureWriter, TeeSink, type FrameSink, type SynthFormat } from './writer.js';
import { DEFAULT_PROFILE, generateTraffic, type TrafficProfile, type TrafficSummary } from './traffic.js';

export { CaptureWriter, TeeSink, type FrameSink, type SynthFormat } from './writer.js';
export { DEFAULT_PROFILE, generateTraffic, type TrafficProfile, type TrafficSummary, type SessionInfo } from './traffic.js';
export { Prng } from './prng.js';
export { loadPrefixTable, formatIp, parseIp, type PrefixEntry } from './hosts.js';
export {
  ALLOWLIST_POLICY, DEFAULT_POLICY, VERDICT_EXIT_CODE, analyzeCommand, goldenName, policyId,
  type ExpectedVerdict, type Scenario, type ScenarioExpectation, type ScenarioHost, type ScenarioLookup, type ScenarioSession,
} from './scenario.js';
export { generateScenario, planScenarioSession, synthesizeScenario, type ScenarioSummary } from './scenario-run.js';
export { AV_CLEAN, AV_DISPUTED, AV_DNS_ABROAD, AV_SCENARIOS, AV_TELEMETRY_RU } from './av-scenarios.js';
export { capturesReadme, indexSection, scenarioSection, type IndexRow } from './readme.js';

/** One output file of a synthesis run. */
export interface SynthOutput {
  readonly path: string;
  readonly format: SynthFormat;
}

/** Writes the same synthesized packets to every output (one pass), returning the run's summary. */
export async function synthesizeFiles(
  outputs: readonly SynthOutput[],
  profile: Partial<TrafficProfile> = {},
  keepLog = false,
): Promise<TrafficSummary> {
  const sinks: FrameSink[] = outputs.map((o) => new CaptureWriter(createWriteStream(o.path), o.format));
  const sink = sinks.length === 1 ? sinks[0]! : new TeeSink(sinks);
  const summary = await generateTraffic(sink, { ...DEFAULT_PROFILE, ...profile }, keepLog);
  await sink.close();
  return summary;
}
