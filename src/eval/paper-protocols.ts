/**
 * The papers' protocols of the README's Results table (issue #8), one source of truth: the report value each is
 * judged by, the conditions the papers measured it under, their figure and aekit's target. `aekit eval --protocol
 * ID` prints aekit's number beside the paper's. Protocol d (2-D codes, no single paper) is a `compare` table instead.
 */
import type { EvalReport } from './report.js';

export type ProtocolTarget =
  | { kind: 'within'; centre: number; tolerance: number }
  | { kind: 'at-most'; bound: number };

export interface PaperProtocol {
  id: string;
  title: string;
  /** The metric group that computes the value (`--metrics`). */
  metric: string;
  /** The `MetricValue.name` the protocol reads. */
  value: string;
  /** The papers' figures, in words. */
  paper: string;
  /** aekit's target, where the issue sets one. */
  target: ProtocolTarget | null;
  /** Importance samples the papers evaluate with (IW NLL protocols). */
  iwSamples?: number;
  /** Test images the papers score: all of MNIST's. */
  testImages: number;
}

const MNIST_TEST = 10000;
const BURDA_K = 5000;

export const PAPER_PROTOCOLS: readonly PaperProtocol[] = [
  { id: 'a', title: 'PCA, 30 components, MNIST in [0, 1]: squared error per test image', metric: 'reconstruction', value: 'sse',
    paper: '13.87 (Hinton & Salakhutdinov 2006)', target: { kind: 'within', centre: 13.87, tolerance: 0.05 }, testImages: MNIST_TEST },
  { id: 'b', title: 'deep autoencoder 784-1000-500-250-30, logistic units: squared error per test image', metric: 'reconstruction', value: 'sse',
    paper: '3.00 (Hinton & Salakhutdinov 2006, RBM-pretrained)', target: { kind: 'at-most', bound: 3.0 }, testImages: MNIST_TEST },
  { id: 'c-vae', title: 'VAE, one stochastic layer, dynamically binarised MNIST: IW NLL', metric: 'iw-nll', value: 'iw-nll',
    paper: '86.76 (Burda et al. 2016, 3,280 passes); pythae 89.78', target: { kind: 'at-most', bound: 89.5 }, iwSamples: BURDA_K, testImages: MNIST_TEST },
  { id: 'c-iwae', title: 'IWAE, one stochastic layer, dynamically binarised MNIST: IW NLL', metric: 'iw-nll', value: 'iw-nll',
    paper: '85.54 at K = 5, 84.78 at K = 50 (Burda et al. 2016); pythae 86.82', target: { kind: 'at-most', bound: 87.0 }, iwSamples: BURDA_K, testImages: MNIST_TEST },
  { id: 'c-hvae', title: 'VAE / IWAE with two stochastic layers, dynamically binarised MNIST: IW NLL', metric: 'iw-nll', value: 'iw-nll',
    paper: '85.33 (VAE), 82.90 (IWAE, K = 50) (Burda et al. 2016)', target: null, iwSamples: BURDA_K, testImages: MNIST_TEST },
  { id: 'e', title: 'AAE Parzen log-likelihood, MNIST, 10,000 decoded prior samples', metric: 'parzen', value: 'parzen',
    paper: '340 ± 2 (Makhzani et al. 2015)', target: null, testImages: MNIST_TEST },
];

export const PROTOCOL_IDS: readonly string[] = PAPER_PROTOCOLS.map((p) => p.id);

export function paperProtocol(id: string): PaperProtocol {
  const p = PAPER_PROTOCOLS.find((q) => q.id === id);
  if (p === undefined) throw new RangeError(`unknown protocol '${id}' (known: ${PROTOCOL_IDS.join(', ')}; protocol d is \`aekit compare\`)`);
  return p;
}

export interface ProtocolComparison {
  id: string;
  title: string;
  value: number;
  standardError: number | null;
  subset: string;
  paper: string;
  target: string | null;
  /** Whether aekit's value meets the target (null without one). */
  met: boolean | null;
  /** Where this evaluation differs from the papers' conditions (empty when it follows them). */
  deviations: string[];
}

export function formatTarget(t: ProtocolTarget): string {
  return t.kind === 'within' ? `${t.centre.toFixed(2)} ± ${t.tolerance.toFixed(2)}` : `≤ ${t.bound.toFixed(1)}`;
}

function meets(t: ProtocolTarget, v: number): boolean {
  return t.kind === 'within' ? Math.abs(v - t.centre) <= t.tolerance : v <= t.bound;
}

/** aekit's value for `protocol` in `report` beside the paper's, with the conditions it was measured under. */
export function compareWithPaper(protocol: PaperProtocol, report: EvalReport, testImages: number): ProtocolComparison {
  const v = report.values.find((x) => x.name === protocol.value);
  if (v === undefined) throw new Error(`protocol '${protocol.id}' reads '${protocol.value}', which this report lacks (evaluate with --metrics ${protocol.metric})`);
  const deviations: string[] = [];
  if (testImages !== protocol.testImages) deviations.push(`${testImages} test images, the papers score ${protocol.testImages}`);
  if (protocol.iwSamples !== undefined && report.options.iwSamples !== protocol.iwSamples) {
    deviations.push(`K = ${report.options.iwSamples}, the papers evaluate with K = ${protocol.iwSamples} (--iw-samples ${protocol.iwSamples})`);
  }
  return {
    id: protocol.id, title: protocol.title, value: v.value, standardError: v.standardError, subset: v.subset, paper: protocol.paper,
    target: protocol.target === null ? null : formatTarget(protocol.target),
    met: protocol.target === null ? null : meets(protocol.target, v.value),
    deviations,
  };
}
