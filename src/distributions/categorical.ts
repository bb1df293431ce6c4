/**
 * Categorical over K classes, parameterised by (unnormalised) logits on the last axis: the distribution behind
 * softmax cross-entropy, and the label distribution of a conditional VAE. Labels are integer class indices
 * stored as float values (as `argmax` returns them).
 */
import { noGrad } from '../autograd/grad-mode.js';
import { mul, sub } from '../ops/binary.js';
import { gather } from '../ops/index-ops.js';
import { argmax, sum } from '../ops/reduce.js';
import { broadcastTo, reshape } from '../ops/shape-ops.js';
import { logSoftmax } from '../ops/softmax.js';
import { clamp, exp, neg } from '../ops/unary.js';
import type { Generator } from '../tensor/random.js';
import { broadcastShapes, formatShape, ShapeError, type Shape } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { broadcastWithBatch, Distribution, extendedShape, requireLabels } from './distribution.js';

/** The most negative float32: log-probabilities of −∞ are clamped here so that 0·log 0 gives 0, not NaN. */
const MIN_LOG = -3.4028234663852886e38;

export class Categorical extends Distribution {
  readonly logits: Tensor;
  readonly batchShape: readonly number[];
  readonly numClasses: number;
  /** log-probabilities, logits − logΣexp(logits): normalised once, shared by every method. */
  readonly logProbs: Tensor;

  constructor(logits: Tensor) {
    super();
    if (logits.rank === 0 || logits.shape[logits.rank - 1] === 0) {
      throw new ShapeError(`Categorical: logits of shape ${formatShape(logits.shape)} need a non-empty class axis (the last)`);
    }
    this.logits = logits;
    this.batchShape = logits.shape.slice(0, -1);
    this.numClasses = logits.shape[logits.rank - 1]!;
    this.logProbs = logSoftmax(logits, -1);
  }

  /** softmax(logits) over the last axis. */
  get probs(): Tensor {
    return exp(this.logProbs);
  }

  /** Class labels have no order, so there is no mean; use `probs` or `mode`. */
  get mean(): Tensor {
    throw new TypeError('Categorical has no mean (class labels are unordered); use probs or mode');
  }

  get variance(): Tensor {
    throw new TypeError('Categorical has no variance (class labels are unordered); use probs or entropy()');
  }

  /** The most probable class (the first on ties). */
  get mode(): Tensor {
    return argmax(this.logits, -1);
  }

  /** log p(label) = logSoftmax(logits)[label]; `labels` broadcasts with `batchShape` (e.g. [N, ...batchShape]). */
  logProb(labels: Tensor | readonly number[]): Tensor {
    const y = labels instanceof Tensor ? labels : labelTensor(labels);
    const shape = broadcastWithBatch('Categorical.logProb', y.shape, this.batchShape);
    requireLabels('Categorical.logProb', y, this.numClasses);
    const index = reshape(noGrad(() => broadcastTo(y.detach(), shape)), [...shape, 1]);
    const table = broadcastTo(this.logProbs, [...shape, this.numClasses]);
    return reshape(gather(table, -1, index), shape);
  }

  /** Draws by inverse CDF: one uniform per draw, compared against the running sum of probabilities in float64. */
  override sample(gen: Generator, sampleShape: Shape = []): Tensor {
    const shape = extendedShape('Categorical.sample', sampleShape, this.batchShape);
    const out = Tensor.empty(shape);
    const k = this.numClasses;
    const rows = this.logProbs.size / k;
    const p = this.logProbs.data;
    for (let i = 0; i < out.size; i++) {
      const row = (i % rows) * k;
      let total = 0;
      for (let c = 0; c < k; c++) total += Math.exp(p[row + c]!);
      const u = gen.nextDouble() * total;
      let acc = 0;
      let pick = k - 1;
      for (let c = 0; c < k; c++) {
        acc += Math.exp(p[row + c]!);
        if (u < acc) {
          pick = c;
          break;
        }
      }
      out.data[i] = pick;
    }
    return out;
  }

  /** H = −Σ p·log p over the classes. */
  entropy(): Tensor {
    return neg(sum(mul(this.probs, clamp(this.logProbs, MIN_LOG)), -1));
  }
}

function labelTensor(labels: readonly number[]): Tensor {
  return new Tensor(Float32Array.from(labels), [labels.length]);
}

/** KL(q ‖ p) = Σ q·(log q − log p) over the classes, elementwise over the broadcast batch. */
export function klCategorical(q: Categorical, p: Categorical): Tensor {
  if (q.numClasses !== p.numClasses) {
    throw new ShapeError(`klDivergence(Categorical, Categorical): logits of shapes ${formatShape(q.logits.shape)} and ${formatShape(p.logits.shape)} have different class counts`);
  }
  broadcastShapes('klDivergence(Categorical, Categorical)', q.logits.shape, p.logits.shape);
  return sum(mul(q.probs, sub(clamp(q.logProbs, MIN_LOG), clamp(p.logProbs, MIN_LOG))), -1);
}
