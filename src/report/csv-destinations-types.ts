/**
 * Types the destinations CSV reads (re-exported from the stages that make them).
 * @module report/csv-destinations-types
 */
export type { DestinationAssessment } from '../policy/index.js';
export type { GeoAnswer as GeoAnswerLike } from '../geo/index.js';
