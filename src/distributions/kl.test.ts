import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertGradients } from '../autograd/gradcheck.js';
import { tensor } from '../ops/creation.js';
import { Generator } from '../tensor/random.js';
import { ShapeError } from '../tensor/shape.js';
import { Bernoulli } from './bernoulli.js';
import { Categorical } from './categorical.js';
import type { Distribution } from './distribution.js';
import { assertClose, assertWithinStdErrors, seededTensor } from '../testing/distributions.js';
import { Normal } from './gaussian.js';
import { klDivergence } from './kl.js';
import { Laplace } from './laplace.js';

const pairs: [string, Distribution, Distribution][] = [
  ['Normal', Normal.fromLogVar(tensor([0.3]), tensor([-0.4])), new Normal(tensor([-0.5]), 1.5)],
  ['Bernoulli', new Bernoulli(tensor([0.8])), new Bernoulli(tensor([-1.1]))],
  ['Categorical', new Categorical(tensor([0.5, -1, 2, 0])), new Categorical(tensor([0, 0, 1, 1]))],
  ['Laplace', new Laplace(tensor([0.2]), 0.7), new Laplace(tensor([-0.4]), tensor([1.3]))],
];

for (const [name, q, p] of pairs) {
  test(`KL(${name} ‖ ${name}) agrees with a 200k-sample Monte Carlo estimate of E_q[log q − log p]`, () => {
    const z = q.sample(new Generator(17), [200_000]);
    const lq = q.logProb(z).data;
    const lp = p.logProb(z).data;
    const diff = Float64Array.from(lq, (v, i) => v - lp[i]!);
    assertWithinStdErrors(diff, klDivergence(q, p).data[0]!, 3, `KL(${name})`);
  });

  test(`KL(${name} ‖ ${name}) is 0 for q = p and ≥ 0 otherwise`, () => {
    assert.ok(klDivergence(q, q).data.every((v) => v === 0), `KL(q‖q) = ${klDivergence(q, q).data[0]}`);
    assert.ok(klDivergence(q, p).data[0]! > 0);
    assert.ok(klDivergence(p, q).data[0]! > 0);
  });
}

test('KL is ≥ 0 on many random pairs of each family', () => {
  const a = seededTensor(1, [300], -3, 3);
  const b = seededTensor(2, [300], -3, 3);
  const s = seededTensor(3, [300], 0.2, 3);
  const t = seededTensor(4, [300], 0.2, 3);
  const check = (kl: Float32Array, what: string): void => assert.ok(kl.every((v) => v >= -1e-6), `${what}: min ${Math.min(...kl)}`);
  check(klDivergence(new Normal(a, s), new Normal(b, t)).data, 'Normal');
  check(klDivergence(new Bernoulli(a), new Bernoulli(b)).data, 'Bernoulli');
  check(klDivergence(new Laplace(a, s), new Laplace(b, t)).data, 'Laplace');
  check(klDivergence(new Categorical(seededTensor(1, [60, 5], -3, 3)), new Categorical(seededTensor(2, [60, 5], -3, 3))).data, 'Categorical');
});

test('KL is differentiable w.r.t. both sides’ parameters', () => {
  const a = seededTensor(5, [2, 3], -2, 2);
  const b = seededTensor(6, [2, 3], -2, 2);
  const s = seededTensor(7, [2, 3], 0.5, 2);
  assertGradients((a, b) => klDivergence(new Bernoulli(a), new Bernoulli(b)), [a, b]);
  assertGradients((a, b) => klDivergence(new Categorical(a), new Categorical(b)), [a, b]);
  assertGradients((a, s) => klDivergence(new Laplace(a, s), new Laplace(tensor([[3, 3, 3], [-3, -3, -3]]), 1.5)), [a, s]);
});

test('KL with a broadcast batch, the extreme logit case, and clear errors', () => {
  const kl = klDivergence(new Normal(tensor([[0, 1], [2, 3]]), 1), new Normal(tensor([0, 0]), 1));
  assert.deepEqual(kl.shape, [2, 2]);
  assertClose(kl, [0, 0.5, 2, 4.5]);
  assertClose(klDivergence(new Bernoulli(tensor([1e4])), new Bernoulli(tensor([-1e4]))), [1e4], 0, 1e-6);
  assert.throws(() => klDivergence(new Normal(0, 1), new Laplace(0, 1)), (e: Error) => e instanceof TypeError && /Normal to Laplace/.test(e.message));
  assert.throws(() => klDivergence(new Normal(tensor([0, 0]), 1), new Normal(tensor([0, 0, 0]), 1)),
    (e: Error) => e instanceof ShapeError && /\[2\]/.test(e.message) && /\[3\]/.test(e.message));
  assert.throws(() => klDivergence(new Categorical(tensor([0, 0])), new Categorical(tensor([0, 0, 0]))), ShapeError);
});
