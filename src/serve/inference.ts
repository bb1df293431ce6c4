/**
 * The model operations behind the service's endpoints, each fed through its own dynamic batcher: requests of
 * one operation are concatenated row-wise into one tensor, run in one call without gradients, and the outputs
 * split back by rows. The operations ask the model what it can do (`capabilities`), never its name.
 */
import { noGrad } from '../autograd/grad-mode.js';
import { anomalyScoresOfBatch } from '../eval/anomaly-score.js';
import { isVariational, type Autoencoder } from '../models/autoencoder.js';
import { Tensor } from '../tensor/tensor.js';
import { DynamicBatcher, type BatchingOptions } from './batcher.js';

/** 'score': the deterministic anomaly score, the reconstruction NLL −log p(x | z(x)) in nats. */
export type OpName = 'encode' | 'decode' | 'reconstruct' | 'score';

/** One request's rows (flat) and labels (float-coded classes, or null). */
export interface OpInput {
  data: Float32Array;
  rows: number;
  labels: Float32Array | null;
}

/** Named outputs, each rows × (its per-row size), flat. */
export type OpOutput = Record<string, Float32Array>;

interface OpDefinition {
  /** Per-row shape of the input. */
  inputShape(model: Autoencoder): number[];
  compute(model: Autoencoder, x: Tensor, labels: Tensor | null): Record<string, Tensor>;
}

const OPS: Record<OpName, OpDefinition> = {
  encode: {
    inputShape: (m) => m.config.inputShape,
    compute(model, x, labels): Record<string, Tensor> {
      if (!isVariational(model)) return { z: model.encode(x, labels) };
      const q = model.posterior(x, labels);
      return { z: q.mu, logVar: q.logVar };
    },
  },
  decode: {
    inputShape: (m) => [m.config.latentDim],
    compute: (model, z, labels) => ({ x: model.decode(z, labels) }),
  },
  reconstruct: {
    inputShape: (m) => m.config.inputShape,
    compute: (model, x, labels) => ({ x: model.reconstruct(x, labels) }),
  },
  score: {
    inputShape: (m) => m.config.inputShape,
    // The per-sample NLLs are float32 values; the copy back to float32 is exact.
    compute: (model, x, labels) => ({ score: new Tensor(Float32Array.from(anomalyScoresOfBatch(model, x, labels, 'reconstruction')), [x.shape[0]!]) }),
  },
};

/** Concatenates the requests, runs `op` once, and hands each request its rows of every output. */
function runBatch(model: Autoencoder, op: OpDefinition, inputs: OpInput[]): OpOutput[] {
  const shape = op.inputShape(model);
  const rows = inputs.reduce((n, r) => n + r.rows, 0);
  const data = new Float32Array(rows * shape.reduce((p, d) => p * d, 1));
  const labelled = inputs[0]!.labels !== null;
  const labels = labelled ? new Float32Array(rows) : null;
  let row = 0;
  for (const input of inputs) {
    data.set(input.data, row * (data.length / rows));
    if (labels !== null) labels.set(input.labels!, row);
    row += input.rows;
  }
  const outputs = noGrad(() => op.compute(model, new Tensor(data, [rows, ...shape]), labels === null ? null : new Tensor(labels, [rows])));
  const results: OpOutput[] = inputs.map(() => ({}));
  for (const [name, t] of Object.entries(outputs)) {
    const width = t.size / rows;
    let at = 0;
    inputs.forEach((input, i) => {
      results[i]![name] = t.data.slice(at * width, (at + input.rows) * width);
      at += input.rows;
    });
  }
  return results;
}

export class InferenceService {
  readonly #batchers: Record<OpName, DynamicBatcher<OpInput, OpOutput>>;

  /** `onBatch` sees every kernel call: the operation, its rows and the requests it served. */
  constructor(readonly model: Autoencoder, readonly batching: BatchingOptions,
    onBatch: (op: OpName, rows: number, requests: number) => void = () => {}) {
    const batcher = (name: OpName) => new DynamicBatcher<OpInput, OpOutput>(batching, (inputs) => runBatch(model, OPS[name], inputs),
      (rows, requests) => onBatch(name, rows, requests));
    this.#batchers = { encode: batcher('encode'), decode: batcher('decode'), reconstruct: batcher('reconstruct'), score: batcher('score') };
  }

  /** Per-row input shape of `op`. */
  inputShape(op: OpName): number[] {
    return OPS[op].inputShape(this.model);
  }

  /**
   * Runs `op` on one request's rows within a dynamic batch. Requests of one batch must agree on whether they
   * carry labels; the endpoints guarantee it (labels exactly when the model is conditional).
   */
  run(op: OpName, input: OpInput): Promise<OpOutput> {
    return this.#batchers[op].submit(input, input.rows);
  }
}
