/**
 * The analysis loop.
 * @module pipeline
 */
export { analyzeCaptures, AnalysisRun, releaseAnalysis, type AnalyzeOptions } from './analyze.js';
export { DEFAULT_SPOOL_AFTER, FlowSpool, type SpoolOptions } from './flow-spool.js';
export type { DnsVerdict, FinishedVerdict, LiveHooks } from './live-hooks.js';
export { assessAnalysis, assessForReport, type AnalysisAssessment } from './assess.js';
export { LiveMonitor, type LiveAlert, type LiveStats } from './live.js';
export { AnalyzeFolding, withFoldPoint, type FoldingOptions, type FoldStart } from './fold.js';
