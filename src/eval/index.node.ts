/** aekit.evaluation in Node: the platform-free metrics plus the report and the comparison, which draw figures (viz). */
export * from './index.js';
export { evaluateSubject, METRIC_NAMES, DEFAULT_EVAL_OPTIONS, MetricNotApplicableError, type EvalOptions, type EvalReport, type MetricValue } from './report.js';
export { compareReports, comparisonText, type Comparison } from './compare.js';
