/**
 * The analysis loop.
 * @module pipeline
 */
export { analyzeCaptures, AnalysisRun, type AnalyzeOptions } from './analyze.js';
export type { FinishedVerdict, LiveHooks } from './live-hooks.js';
export { assessAnalysis } from './assess.js';
export { LiveMonitor, type LiveAlert, type LiveStats } from './live.js';
export { AnalyzeFolding, withFoldPoint, type FoldingOptions, type FoldStart } from './fold.js';
