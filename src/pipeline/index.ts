/**
 * The analysis loop.
 * @module pipeline
 */
export { analyzeCaptures, AnalysisRun, type AnalyzeOptions } from './analyze.js';
export { assessAnalysis, interfaceDrops, evidenceLossOf } from './assess.js';
