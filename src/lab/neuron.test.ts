import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { gradients } from '../autograd/backward.js';
import { scalar } from '../ops/creation.js';
import { epochsToReach, neuronCost, neuronLab, trainNeuron } from './neuron.js';

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

describe('lab neuron', () => {
  it("autodiff gives the lecture's output errors: δ = (a−y)σ′(z) for MSE and δ = a−y for cross-entropy", () => {
    for (const [w0, b0] of [[0.6, 0.9], [2, 2], [-1.5, 0.3]] as const) {
      for (const loss of ['mse', 'cross-entropy'] as const) {
        const w = scalar(w0).requiresGrad_();
        const b = scalar(b0).requiresGrad_();
        const [gw, gb] = gradients(neuronCost(loss, 1, 0)(w, b), [w, b]);
        const a = sigmoid(w0 + b0);
        const delta = loss === 'mse' ? a * a * (1 - a) : a;
        assert.ok(Math.abs(gb!.item() - delta) < 1e-6, `${loss} from (${w0}, ${b0}): ∂C/∂b = ${gb!.item()}, expected ${delta}`);
        assert.ok(Math.abs(gw!.item() - delta) < 1e-6, 'with x = 1, ∂C/∂w = ∂C/∂b');
      }
    }
  });

  it('reproduces the plateau: MSE from (2, 2) stalls while cross-entropy from (2, 2) learns fast', () => {
    const runs = neuronLab();
    const find = (loss: string, w0: number) => runs.find((r) => r.loss === loss && r.w0 === w0)!;
    const mseSaturated = find('mse', 2);
    const ceSaturated = find('cross-entropy', 2);
    assert.ok(mseSaturated.output[100]! > 0.9, `MSE from (2,2) should still sit near 1 after 100 epochs, got ${mseSaturated.output[100]}`);
    assert.ok(ceSaturated.output[100]! < 0.1, `cross-entropy from (2,2) should be below 0.1 after 100 epochs, got ${ceSaturated.output[100]}`);
    // Both cross-entropy runs learn at nearly the same speed; the saturated MSE run takes far longer than the other.
    assert.ok(Math.abs(epochsToReach(find('cross-entropy', 0.6), 0.1)! - epochsToReach(ceSaturated, 0.1)!) < 20);
    assert.ok((epochsToReach(find('mse', 0.6), 0.2) ?? Infinity) < (epochsToReach(mseSaturated, 0.2) ?? Infinity));
  });

  it('records a0 before training and one output per update', () => {
    const run = trainNeuron({ w0: 0.6, b0: 0.9, loss: 'mse', eta: 0.15, epochs: 3, input: 1, target: 0 });
    assert.equal(run.output.length, 4);
    assert.ok(Math.abs(run.output[0]! - sigmoid(1.5)) < 1e-6);
    // One hand-computed gradient step: w, b ← w − η·δ, b − η·δ with δ = a²(1−a).
    const a0 = sigmoid(1.5);
    const delta = a0 * a0 * (1 - a0);
    assert.ok(Math.abs(run.output[1]! - sigmoid(1.5 - 2 * 0.15 * delta)) < 1e-6);
    for (let k = 1; k < run.output.length; k++) assert.ok(run.output[k]! < run.output[k - 1]!);
  });

  it('rejects a non-positive learning rate', () => {
    assert.throws(() => neuronLab({ eta: 0 }), /learning rate/);
  });
});
