import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { runVanishing, vanishingData, VANISHING_DEFAULTS } from './vanishing.js';

describe('lab vanishing', () => {
  const config = { ...VANISHING_DEFAULTS, layers: 8, width: 32, steps: 4, every: 2, trainSize: 256, batch: 64 };
  const data = vanishingData(config.trainSize);

  it('sigmoid gradients shrink toward the input layers; ReLU gradients do not', () => {
    const sigmoid = runVanishing('sigmoid', config, data);
    const relu = runVanishing('relu', config, data);
    assert.deepEqual(sigmoid.steps, [0, 2, 4]);
    const ratio = (g: number[]): number => g[0]! / g[g.length - 1]!;
    const s = ratio(sigmoid.gradNorms[0]!);
    const r = ratio(relu.gradNorms[0]!);
    // σ′ ≤ ¼ per layer: 7 sigmoid layers between them shrink the gradient by orders of magnitude.
    assert.ok(s < 1e-3, `sigmoid first/last layer gradient ratio ${s}`);
    assert.ok(r > 0.1, `ReLU first/last layer gradient ratio ${r}`);
    // Monotone decay toward the input for sigmoid at initialisation.
    const g = sigmoid.gradNorms[0]!;
    for (let l = 1; l < g.length; l++) assert.ok(g[l - 1]! < g[l]!, `layer ${l} vs ${l + 1}: ${g[l - 1]} ≥ ${g[l]}`);
  });

  it('is deterministic under a seed', () => {
    const a = runVanishing('relu', config, data);
    const b = runVanishing('relu', config, data);
    assert.deepEqual(a.gradNorms, b.gradNorms);
    assert.deepEqual(a.loss, b.loss);
  });
});
