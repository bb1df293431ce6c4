import assert from 'node:assert/strict';
import { test } from 'node:test';
import { noGrad } from '../../autograd/grad-mode.js';
import { tensor } from '../../ops/creation.js';
import { buildFor, fixtureBatch, lossValues, modelSuite, train } from '../../testing/model-suite.js';
import { defaultConfig } from '../registry.js';
import { klSparsity, l1Sparsity, SparseAE } from './sparse-ae.model.js';

const weights = (c: Readonly<Record<string, unknown>>) => ({ sparsity: c['sparsityWeight'] as number });

modelSuite({ name: 'sparse-ae', inputShape: [20], latentDim: 6, overrides: { hidden: [16] }, partWeights: weights });
modelSuite({ name: 'sparse-ae', inputShape: [20], latentDim: 6, overrides: { hidden: [16], sparsity: 'l1', codeActivation: 'relu', sparsityWeight: 0.1 }, partWeights: weights });
modelSuite({ name: 'sparse-ae', inputShape: [1, 8, 8], latentDim: 6, overrides: { arch: 'conv', hidden: [], convChannels: [4] }, partWeights: weights });

test('sparse-ae: the KL sparsity term matches Σ_j KL(ρ ‖ ρ̂_j) by hand, and is 0 at ρ̂ = ρ', () => {
  const code = tensor([[0.1, 0.5, 0.05], [0.3, 0.7, 0.05]]);
  const rho = 0.05;
  let expected = 0;
  for (const r of [0.2, 0.6, 0.05]) expected += rho * Math.log(rho / r) + (1 - rho) * Math.log((1 - rho) / (1 - r));
  const got = klSparsity(code, rho).item();
  assert.ok(Math.abs(got - expected) < 1e-5, `${got} vs ${expected}`);
  assert.ok(Math.abs(klSparsity(tensor([[0.05, 0.05]]), rho).item()) < 1e-6);
  assert.ok(Math.abs(l1Sparsity(tensor([[1, -2], [0, 3]])).item() - 3) < 1e-6);
});

test('sparse-ae: training with the KL penalty moves the mean activations towards ρ', () => {
  const b = fixtureBatch([20], 16);
  const model = buildFor({ name: 'sparse-ae', inputShape: [20], latentDim: 8, overrides: { hidden: [16], sparsityWeight: 3, sparsityTarget: 0.05 } }) as SparseAE;
  const meanActivation = () => {
    const z = noGrad(() => model.encode(b.x));
    return z.data.reduce((p, v) => p + v, 0) / z.size;
  };
  const before = meanActivation();
  train(model, b, 60, 1e-2);
  const after = meanActivation();
  assert.ok(Math.abs(after - 0.05) < Math.abs(before - 0.05) / 2, `mean activation ${before} → ${after}`);
  assert.ok(lossValues(model, b)['sparsity']! < 0.5);
});

test("sparse-ae: sparsity 'kl' requires a sigmoid code", () => {
  assert.throws(() => defaultConfig('sparse-ae', { inputShape: [4], overrides: { codeActivation: 'relu' } }), /codeActivation 'sigmoid'/);
  assert.throws(() => defaultConfig('sparse-ae', { inputShape: [4], overrides: { sparsityTarget: 0 } }), /sparsityTarget/);
});
