/**
 * The evaluation report of `aekit eval`: every metric that applies to a subject (a model or a baseline), each
 * value with its standard error over test images where it is an average and the subset it used. A metric that
 * does not apply is an error when asked for by name, and a note in the default report. Platform-free: the CLI
 * opens folders and writes the files; this computes numbers and figure specs.
 */
import { isCorrupting, isGenerative, isVariational } from '../models/autoencoder.js';
import { Generator } from '../tensor/random.js';
import { METRICS, type MetricContext, type MetricSpec } from './report-metrics.js';
import type { EvalData, EvalSubject } from './subject.js';

export interface MetricValue {
  /** The metric group, e.g. 'knn'. */
  metric: string;
  /** This value's key, e.g. 'knn-10'. */
  name: string;
  label: string;
  value: number;
  /** Standard error over test images (null where the value is not an average, e.g. a count). */
  standardError: number | null;
  unit: string;
  better: 'higher' | 'lower';
  /** The rows it was computed on, in words. */
  subset: string;
  note?: string;
}

export interface EvalOptions {
  /** Metric groups to compute; null: every one that applies. */
  metrics: string[] | null;
  /** First n test rows (null: all). */
  testSize: number | null;
  /** First n training rows as the kNN / probe reference (null: all the subject has). */
  referenceSize: number | null;
  /** Test rows for trustworthiness and continuity (quadratic cost). */
  trustSize: number;
  /** S, draws for −ELBO's reconstruction term. */
  samples: number;
  /** K, importance samples of the IW NLL. */
  iwSamples: number;
  chunkRows: number;
  parzenSamples: number;
  parzenValidation: number;
  probeEpochs: number;
  seed: number;
}

export const DEFAULT_EVAL_OPTIONS: EvalOptions = {
  metrics: null, testSize: null, referenceSize: null, trustSize: 2000, samples: 1, iwSamples: 100, chunkRows: 8192,
  parzenSamples: 10_000, parzenValidation: 10_000, probeEpochs: 30, seed: 0,
};

export interface ReportFigure {
  file: string;
  svg: string;
}

export interface EvalReport {
  subject: { name: string; kind: EvalSubject['kind']; method: string; latentDim: number };
  data: string;
  options: EvalOptions;
  values: MetricValue[];
  /** Metric groups left out of the default report, with why. */
  skipped: { metric: string; reason: string }[];
  /** Extra results by metric (Parzen's σ grid, per-unit activity, …). */
  details: Record<string, unknown>;
  /** Seconds each metric took. */
  seconds: Record<string, number>;
}

/** A metric asked for by name that does not apply to the subject, or an unknown name. */
export class MetricNotApplicableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MetricNotApplicableError';
  }
}

export const METRIC_NAMES: readonly string[] = METRICS.map((m) => m.name);

/** Why `spec` does not apply to the subject and data, or null when it does. */
export function notApplicable(spec: MetricSpec, subject: EvalSubject, data: EvalData): string | null {
  const m = subject.model;
  const labelled = data.train.labels !== null && data.test.labels !== null;
  switch (spec.needs) {
    case 'model':
      return m === null ? `${subject.method} is a baseline embedding, not a trained model` : null;
    case 'variational':
      return m !== null && isVariational(m) ? null : `${subject.method} has no variational posterior q(z|x) and prior density (it is not a VAE)`;
    case 'generative':
      return m !== null && isGenerative(m) ? null : `${subject.method} has no prior to sample from`;
    case 'corrupting':
      return m !== null && isCorrupting(m) ? null : `${subject.method} does not train on corrupted inputs`;
    case 'decoder':
      return subject.reconstruct === null ? `${subject.method} has no decoder (no map back to data space)` : null;
    case 'labels':
      return labelled ? null : `the data (${data.spec}) has no labels`;
    case 'codes':
      return null;
  }
}

/** Computes the report; `note` receives progress lines. */
export async function evaluateSubject(subject: EvalSubject, data: EvalData, options: Partial<EvalOptions> = {}, note: (m: string) => void = () => {}): Promise<{ report: EvalReport; figures: ReportFigure[] }> {
  const o: EvalOptions = { ...DEFAULT_EVAL_OPTIONS, ...options };
  const chosen = o.metrics ?? METRIC_NAMES.filter((n) => METRICS.find((m) => m.name === n)!.inDefault);
  const report: EvalReport = {
    subject: { name: subject.name, kind: subject.kind, method: subject.method, latentDim: subject.latentDim },
    data: data.spec, options: o, values: [], skipped: [], details: {}, seconds: {},
  };
  const specs: MetricSpec[] = [];
  for (const name of chosen) {
    const spec = METRICS.find((m) => m.name === name);
    if (spec === undefined) throw new MetricNotApplicableError(`unknown metric '${name}' (known: ${METRIC_NAMES.join(', ')})`);
    const why = notApplicable(spec, subject, data);
    if (why !== null) {
      if (o.metrics !== null) throw new MetricNotApplicableError(`metric '${name}' does not apply: ${why}`);
      report.skipped.push({ metric: name, reason: why });
      continue;
    }
    specs.push(spec);
  }
  const testRows = Math.min(o.testSize ?? data.test.count, data.test.count);
  const ctx: MetricContext = { subject, data, options: o, testRows, gen: (k) => new Generator(o.seed + 1000 * k), values: [], details: report.details, figures: [], note };
  for (const spec of specs) {
    const started = performance.now();
    note(`${spec.name}: ${spec.summary}`);
    await spec.run(ctx);
    report.seconds[spec.name] = +((performance.now() - started) / 1000).toFixed(2);
  }
  report.values = ctx.values;
  return { report, figures: ctx.figures };
}
