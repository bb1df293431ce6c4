import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { add, assertGradients, gradients, logSigmoid, mul, neg, reshape, ShapeError, sub, sum, tensor, zeros, type Tensor, Generator } from '../index.js';
import { assertClose } from '../testing/tensors.js';
import { bceWithLogits, bceWithLogitsPerSample } from './bce.js';

/** The float64 reference: max(a, 0) − a·b + log1p(e^(−|a|)). */
const bce64 = (a: number, b: number): number => Math.max(a, 0) - a * b + Math.log1p(Math.exp(-Math.abs(a)));

function logits(gen: Generator, shape: number[], scale = 2): Tensor {
  const t = zeros(shape);
  for (let i = 0; i < t.size; i++) t.data[i] = gen.nextNormal() * scale;
  return t;
}

function targets(gen: Generator, shape: number[]): Tensor {
  const t = zeros(shape);
  for (let i = 0; i < t.size; i++) t.data[i] = gen.nextDouble();
  return t;
}

describe('bceWithLogits', () => {
  it('matches the float64 reference, including large logits', () => {
    const a = tensor([[-30, -3.5, -0.25, 0], [0.25, 2, 17, 60]]);
    const b = tensor([[0, 1, 0.3, 0.5], [1, 0, 0.75, 1]]);
    const want = Array.from(a.data, (x, i) => bce64(x, b.data[i]!));
    assertClose(bceWithLogits(a, b), want, { atol: 1e-30, rtol: 2e-6 });
  });

  it('equals −[b·logσ(a) + (1 − b)·logσ(−a)]', () => {
    const gen = new Generator(1);
    const a = logits(gen, [5, 7]);
    const b = targets(gen, [5, 7]);
    const viaLogSigmoid = neg(add(mul(b, logSigmoid(a)), mul(sub(1, b), logSigmoid(neg(a)))));
    assertClose(bceWithLogits(a, b), viaLogSigmoid, { atol: 1e-6, rtol: 1e-5 });
  });

  it('broadcasts: a row of targets, a scalar target, a scalar logit', () => {
    const gen = new Generator(2);
    const a = logits(gen, [3, 4]);
    const row = targets(gen, [4]);
    const y = bceWithLogits(a, row);
    assert.deepEqual(y.shape, [3, 4]);
    assertClose(y, Array.from(a.data, (x, i) => bce64(x, row.data[i % 4]!)), { atol: 1e-30, rtol: 2e-6 });
    assertClose(bceWithLogits(a, 1), Array.from(a.data, (x) => bce64(x, 1)), { atol: 1e-30, rtol: 2e-6 });
    assertClose(bceWithLogits(-1.5, row), Array.from(row.data, (t) => bce64(-1.5, t)), { atol: 1e-30, rtol: 2e-6 });
  });

  it('has the gradients of central finite differences in both inputs, with broadcasting', () => {
    const gen = new Generator(3);
    assertGradients(bceWithLogits, [logits(gen, [2, 3]), targets(gen, [2, 3])]);
    assertGradients(bceWithLogits, [logits(gen, [2, 3]), targets(gen, [3])]);
  });

  it('has the second derivatives of central finite differences', () => {
    const gen = new Generator(4);
    const b = targets(gen, [5]);
    // ∂/∂a = σ(a) − b: its own gradient is σ'(a) in a and −1 in b.
    const dA = (a: Tensor, t: Tensor): Tensor => gradients(sum(bceWithLogits(a, t)), [a], { createGraph: true })[0]!;
    assertGradients(dA, [logits(gen, [5]), b]);
  });

  it('is finite at logits ±100, with gradients σ(a) − b and −a', () => {
    const a = tensor([100, 100, -100, -100]).requiresGrad_();
    const b = tensor([1, 0, 0, 1]).requiresGrad_();
    const y = bceWithLogits(a, b);
    sum(y).backward();
    const [yv, ga, gb] = [Array.from(y.data), Array.from(a.grad!.data), Array.from(b.grad!.data)];
    assert.ok([...yv, ...ga, ...gb].every(Number.isFinite), `values ${yv}, gradients ${ga} / ${gb}`);
    // NOTE: log1p(e^−100) ≈ 3.7e-44 is a float32 denormal: a confident correct prediction keeps a tiny loss.
    assert.ok(yv[0]! >= 0 && yv[0]! < 1e-40 && yv[2]! >= 0 && yv[2]! < 1e-40, `confident and right: ${yv}`);
    assert.equal(yv[1], 100);
    assert.equal(yv[3], 100);
    assertClose(ga, [0, 1, 0, -1], { atol: 1e-30, rtol: 0 });
    assert.deepEqual(gb, [-100, -100, 100, 100]);
  });

  it('propagates NaN from either input', () => {
    const y = bceWithLogits(tensor([NaN, 1, 0.5]), tensor([0.5, NaN, 0.5]));
    assert.ok(Number.isNaN(y.data[0]) && Number.isNaN(y.data[1]), `got ${Array.from(y.data)}`);
    assert.ok(Number.isFinite(y.data[2]!));
  });
});

describe('bceWithLogitsPerSample', () => {
  it('sums bceWithLogits over every axis but the first', () => {
    const gen = new Generator(7);
    const a = logits(gen, [4, 3, 5], 6);
    const b = targets(gen, [4, 3, 5]);
    const want = Array.from({ length: 4 }, (_, r) => Array.from({ length: 15 }, (_, i) => bce64(a.data[r * 15 + i]!, b.data[r * 15 + i]!)).reduce((s, v) => s + v, 0));
    assertClose(bceWithLogitsPerSample(a, b), want, { atol: 1e-6, rtol: 2e-6 });
  });

  it('gradients of both inputs, and second order, match finite differences', () => {
    const gen = new Generator(8);
    const a = logits(gen, [3, 6]);
    const b = targets(gen, [3, 6]);
    assertGradients((x, y) => bceWithLogitsPerSample(x!, y!), [a, b]);
    assertGradients((x) => {
      const [g] = gradients(sum(mul(bceWithLogitsPerSample(x!, b), tensor([1, 2, 3]))), [x!], { createGraph: true });
      return g!;
    }, [a]);
  });

  it('propagates NaN and rejects shapes that differ', () => {
    const out = bceWithLogitsPerSample(tensor([[NaN, 1], [0, 1]]), tensor([[1, 0], [1, 0]]));
    assert.ok(Number.isNaN(out.data[0]) && Number.isFinite(out.data[1]));
    assert.throws(() => bceWithLogitsPerSample(zeros([2, 3]), zeros([2, 4])), /must have one shape/);
  });
});

describe('bceWithLogitsPerSample with repeats', () => {
  it('scores K rows of logits against each target row, as if the target were copied K times', () => {
    const gen = new Generator(9);
    const a = logits(gen, [6, 2, 5], 4);
    const b = targets(gen, [2, 2, 5]);
    const copied = tensor(Array.from({ length: 6 }, (_, r) => Array.from(b.data.subarray(Math.floor(r / 3) * 10, (Math.floor(r / 3) + 1) * 10))));
    assert.deepEqual(bceWithLogitsPerSample(a, b, undefined, 3).data, bceWithLogitsPerSample(reshape(a, [6, 10]), copied).data);
    assert.throws(() => bceWithLogitsPerSample(a, b, undefined, 2), ShapeError);
    assert.throws(() => bceWithLogitsPerSample(a, b, undefined, 0), RangeError);
    assert.throws(() => bceWithLogitsPerSample(a, zeros([2, 10]), undefined, 3), ShapeError);
  });

  it('gradients of both inputs (the target summed over its K rows), and second order, match finite differences', () => {
    const gen = new Generator(10);
    const a = logits(gen, [6, 4]);
    const b = targets(gen, [2, 4]);
    assertGradients((x, y) => bceWithLogitsPerSample(x!, y!, undefined, 3), [a, b]);
    assertGradients((x) => {
      const [g] = gradients(sum(mul(bceWithLogitsPerSample(x!, b, undefined, 3), tensor([1, 2, 3, 4, 5, 6]))), [x!], { createGraph: true });
      return g!;
    }, [a]);
  });
});

describe('bceWithLogitsPerSample target check', () => {
  it('calls the check only when a target lies outside [0, 1], so the caller can name it', () => {
    let called = 0;
    const check = (): void => { called++; };
    bceWithLogitsPerSample(tensor([[0, 1]]), tensor([[0.5, 1]]), check);
    bceWithLogitsPerSample(tensor([[0, 1]]), tensor([[NaN, 0]]), check);
    assert.equal(called, 0);
    assert.throws(() => bceWithLogitsPerSample(tensor([[0, 1]]), tensor([[0.5, 1.25]]), () => { throw new RangeError('target 1.25'); }), /1\.25/);
  });
});
