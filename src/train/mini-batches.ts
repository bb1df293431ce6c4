/**
 * Mini-batches as the lecture defines them: N samples are cut into batches of M; one update on a batch is a
 * *step*, one pass over all N samples an *epoch*, so an epoch has ⌈N/M⌉ steps (⌊N/M⌋ when the last, short
 * batch is dropped).
 *
 * Each epoch's order is a permutation drawn from a generator seeded by (base seed, epoch), where the base
 * seed is drawn once from the caller's Generator. So epochs differ, the same seed gives the same batches,
 * and any epoch can be replayed on its own — a resumed run sees exactly the batches it would have seen.
 */
import { indexSelect } from '../ops/index-ops.js';
import { Generator } from '../tensor/random.js';
import { formatShape, ShapeError } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';

export interface MiniBatchOptions {
  /** Shuffles each epoch when given; without it batches follow the sample order. */
  gen?: Generator;
  /** Drop the last batch when it has fewer than M samples (default false). */
  dropLast?: boolean;
}

export class MiniBatches {
  readonly stepsPerEpoch: number;
  readonly dropLast: boolean;
  readonly #baseSeed: number | null;
  /** The epoch the iterator hands out next. */
  epoch = 0;

  constructor(readonly numSamples: number, readonly batchSize: number, options: MiniBatchOptions = {}) {
    if (!Number.isInteger(numSamples) || numSamples < 0) throw new RangeError(`MiniBatches: numSamples must be a non-negative integer, got ${numSamples}`);
    if (!Number.isInteger(batchSize) || batchSize <= 0) throw new RangeError(`MiniBatches: batchSize must be a positive integer, got ${batchSize}`);
    this.dropLast = options.dropLast ?? false;
    this.stepsPerEpoch = this.dropLast ? Math.floor(numSamples / batchSize) : Math.ceil(numSamples / batchSize);
    this.#baseSeed = options.gen === undefined ? null : options.gen.nextUint32();
  }

  /** The sample order of epoch `e` (0-based). */
  order(e: number): Int32Array {
    if (!Number.isInteger(e) || e < 0 || e >= 2 ** 21) throw new RangeError(`MiniBatches: epoch must be an integer in [0, 2^21), got ${e}`);
    if (this.#baseSeed === null) return Int32Array.from({ length: this.numSamples }, (_, i) => i);
    // Exact below 2^53: the generator folds the high word (the epoch) into the state, so each epoch differs.
    return new Generator(this.#baseSeed + e * 4294967296).permutation(this.numSamples);
  }

  /** The index arrays of epoch `e`, one per step. */
  batches(e: number): Int32Array[] {
    const order = this.order(e);
    return Array.from({ length: this.stepsPerEpoch }, (_, s) => order.subarray(s * this.batchSize, Math.min((s + 1) * this.batchSize, this.numSamples)));
  }

  /** Iterates the batches of the next epoch and advances `epoch`. */
  *[Symbol.iterator](): Iterator<Int32Array> {
    const e = this.epoch;
    this.epoch += 1;
    yield* this.batches(e);
  }
}

/** The rows (along axis 0) of `x` at `indices`: a mini-batch of a data tensor. */
export function takeRows(x: Tensor, indices: Int32Array | readonly number[]): Tensor {
  if (x.rank === 0) throw new ShapeError(`takeRows: a scalar has no rows (shape ${formatShape(x.shape)})`);
  return indexSelect(x, indices, 0);
}
