import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gradients } from '../autograd/backward.js';
import { assertGradients } from '../autograd/gradcheck.js';
import { Generator } from '../tensor/random.js';
import { ShapeError } from '../tensor/shape.js';
import { assertClose, randomTensor } from '../testing/tensors.js';
import { add, mul } from './binary.js';
import { tensor } from './creation.js';
import { sum } from './reduce.js';
import { reparameterize } from './reparameterize.js';
import { affine, exp } from './unary.js';

describe('reparameterize', () => {
  const gen = new Generator(21);
  const mu = randomTensor(gen, [4, 3]);
  const logVar = randomTensor(gen, [4, 3]);
  const eps = randomTensor(gen, [4, 3]);

  it('equals μ + exp(½ log σ²)·ε', () => {
    assertClose(reparameterize(mu, logVar, eps), add(mu, mul(exp(affine(logVar, 0.5, 0)), eps)), { rtol: 1e-6, atol: 1e-7 });
  });

  it('gradients with respect to μ, log σ² and ε, and second order, match finite differences', () => {
    assertGradients((m, l, e) => reparameterize(m!, l!, e!), [mu, logVar, eps]);
    assertGradients((m, l) => {
      const z = reparameterize(m!, l!, eps);
      return gradients(sum(mul(z, z)), [l!], { createGraph: true })[0]!;
    }, [mu, logVar]);
  });

  it('propagates NaN and rejects mismatched shapes', () => {
    const z = reparameterize(tensor([0, NaN]), tensor([NaN, 0]), tensor([1, 1]));
    assert.ok(Number.isNaN(z.data[0]) && Number.isNaN(z.data[1]));
    assert.throws(() => reparameterize(mu, randomTensor(gen, [3, 4]), eps), ShapeError);
  });
});
