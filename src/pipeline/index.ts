/**
 * The analysis loop.
 * @module pipeline
 */
export { analyzeCaptures, AnalysisRun, type AnalyzeOptions } from './analyze.js';
