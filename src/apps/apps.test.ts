/** The applications' pieces with answers known by hand: paths, masks, noise specs, fills, the analogy grid's shape. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import type { Dataset } from '../data/dataset.js';
import { buildFor } from '../testing/model-suite.js';
import { Generator } from '../tensor/random.js';
import { Tensor } from '../tensor/tensor.js';
import { corrupt, parseNoiseSpec } from './denoise.js';
import { clampObserved, inpaintProblem, inpaintWithModel, meanFill, missingValueMse, nearestNeighbourFill, valueMeans } from './inpaint.js';
import { analogyGrid, interpolateCodes } from './interpolate.js';
import { maskMaker, parseMaskSpec } from './masks.js';

function dataset(images: number[][], labels: number[] | null = null): Dataset {
  return { name: 'tiny', images: Float32Array.from(images.flat()), shape: [images[0]!.length], count: images.length, labels: labels && Int32Array.from(labels), numClasses: labels ? Math.max(...labels) + 1 : 0 };
}

describe('interpolation paths', () => {
  it('linear is (1 − t)a + tb; slerp keeps the norm between codes of equal length and follows the arc', () => {
    assert.deepEqual([...interpolateCodes([0, 2], [4, 6], 0.25, 'linear')], [1, 3]);
    const mid = interpolateCodes([1, 0], [0, 1], 0.5, 'slerp');
    assert.ok(Math.abs(mid[0]! - Math.SQRT1_2) < 1e-6 && Math.abs(mid[1]! - Math.SQRT1_2) < 1e-6);
    const third = interpolateCodes([2, 0], [0, 2], 1 / 3, 'slerp');
    assert.ok(Math.abs(third[0]! - 2 * Math.cos(Math.PI / 6)) < 1e-6 && Math.abs(third[1]! - 2 * Math.sin(Math.PI / 6)) < 1e-6);
    // Parallel codes: the arc degenerates to the line.
    assert.deepEqual([...interpolateCodes([1, 1], [2, 2], 0.5, 'slerp')], [1.5, 1.5]);
  });
});

describe('masks', () => {
  it('top/left halves, random fractions, and PNG masks of the right size', () => {
    const top = maskMaker(parseMaskSpec('top'), 1, 4, 2)(1, new Generator(0));
    assert.deepEqual([...top], [1, 1, 1, 1, 0, 0, 0, 0]);
    const left = maskMaker(parseMaskSpec('left'), 2, 2, 2)(1, new Generator(0));
    assert.deepEqual([...left], [1, 0, 1, 0, 1, 0, 1, 0], 'every channel of a pixel');
    const random = maskMaker(parseMaskSpec('random:0.3'), 1, 50, 50)(4, new Generator(1));
    const fraction = random.reduce((a, b) => a + b, 0) / random.length;
    assert.ok(Math.abs(fraction - 0.3) < 0.02, `${fraction}`);
    const dir = mkdtempSync(join(tmpdir(), 'aekit-mask-'));
    const png = new PNG({ width: 3, height: 2 });
    png.data.fill(0);
    for (let i = 0; i < 6; i++) png.data[4 * i + 3] = 255;
    png.data.fill(255, 0, 4);
    writeFileSync(join(dir, 'm.png'), PNG.sync.write(png));
    assert.deepEqual([...maskMaker(parseMaskSpec(join(dir, 'm.png')), 1, 2, 3)(1, new Generator(0))], [1, 0, 0, 0, 0, 0]);
    assert.throws(() => maskMaker(parseMaskSpec(join(dir, 'm.png')), 1, 28, 28), /m\.png is 3×2 pixels, but the images are 28×28/);
  });

  it('rejects unknown specs and fractions outside (0, 1) with the option named', () => {
    assert.throws(() => parseMaskSpec('middle'), /--mask: unknown mask 'middle'/);
    assert.throws(() => parseMaskSpec('random:1.5'), /--mask: random:P needs a fraction/);
    assert.throws(() => parseMaskSpec('random:'), /--mask: random:P needs a fraction/);
  });
});

describe('noise specs', () => {
  it('parse each kind and reject the rest', () => {
    assert.deepEqual(parseNoiseSpec('gaussian:0.3'), { kind: 'gaussian', std: 0.3 });
    assert.deepEqual(parseNoiseSpec('salt-and-pepper:0.2'), { kind: 'salt-and-pepper', fraction: 0.2 });
    assert.throws(() => parseNoiseSpec('speckle:0.1'), /--noise: unknown noise 'speckle:0.1'/);
    assert.throws(() => parseNoiseSpec('masking:2'), /needs a fraction 0 < P ≤ 1/);
    assert.throws(() => parseNoiseSpec('gaussian:x'), /'x' in 'gaussian:x' is not a number/);
    const sp = corrupt({ kind: 'salt-and-pepper', fraction: 1 }, new Float32Array(100).fill(0.5), new Generator(0), [-1, 3]);
    assert.ok(sp.every((v) => v === -1 || v === 3), 'salt and pepper take the data\'s own extremes');
  });
});

describe('inpainting fills and their error', () => {
  const train = dataset([[0, 0, 0, 0], [1, 1, 1, 1], [0, 1, 0, 1]]);
  const x = Float32Array.from([0.9, 0.8, 0.2, 0.1, 0, 1, 0, 0.3]);
  const mask = Uint8Array.from([0, 0, 1, 1, 0, 0, 0, 1]);

  it('the mean fill uses per-value training means and keeps observed values', () => {
    const means = valueMeans(train);
    assert.deepEqual([...means].map((v) => +v.toFixed(4)), [0.3333, 0.6667, 0.3333, 0.6667]);
    const f = meanFill(x, 2, mask, means);
    assert.deepEqual([...f].map((v) => +v.toFixed(4)), [0.9, 0.8, 0.3333, 0.6667, 0, 1, 0, 0.6667]);
  });

  it('the nearest-neighbour fill measures distance on observed values only', () => {
    // Image 0 observes (0.9, 0.8): nearest is [1, 1, 1, 1]. Image 1 observes (0, 1, 0): nearest is [0, 1, 0, 1].
    const { filled, neighbours } = nearestNeighbourFill(x, 2, mask, train);
    assert.deepEqual([...neighbours], [1, 2]);
    assert.deepEqual([...filled].map((v) => +v.toFixed(4)), [0.9, 0.8, 1, 1, 0, 1, 0, 1]);
    // Missing values: (1 − 0.2)², (1 − 0.1)², (1 − 0.3)² → mean (0.64 + 0.81 + 0.49) / 3.
    assert.ok(Math.abs(missingValueMse(filled, x, mask) - (0.64 + 0.81 + 0.49) / 3) < 1e-6);
  });

  it('models keep the observed values; Metropolis-within-Gibbs needs a variational model', () => {
    const vae = buildFor({ name: 'vae', inputShape: [4], latentDim: 2, overrides: { hidden: [6] } });
    const start = Float32Array.from({ length: 8 }, () => 0.5);
    for (const method of ['pseudo-gibbs', 'metropolis-gibbs', 'iterate'] as const) {
      const r = inpaintWithModel(vae, new Tensor(x, [2, 4]), null, mask, start, { method, iterations: 6, gen: new Generator(3) });
      for (let i = 0; i < 8; i++) if (!mask[i]) assert.equal(r.filled[i], x[i], `${method} keeps observed value ${i}`);
      for (let i = 0; i < 8; i++) assert.ok(r.filled[i]! >= 0 && r.filled[i]! <= 1);
      if (method === 'metropolis-gibbs') assert.ok(r.acceptanceRate! >= 0 && r.acceptanceRate! <= 1);
      else assert.equal(r.acceptanceRate, null);
    }
    const ae = buildFor({ name: 'ae', inputShape: [4], latentDim: 2, overrides: { hidden: [6] } });
    assert.match(inpaintProblem(ae, 'metropolis-gibbs')!, /needs a variational model.*'ae'.*--method iterate/);
    assert.deepEqual([...clampObserved(Float32Array.from([1, 2]), Uint8Array.from([1, 0]), Float32Array.from([9, 9]))], [9, 2]);
  });
});

describe('analogy grid', () => {
  it('renders each input under every class of a conditional model and refuses unconditional ones', () => {
    const cvae = buildFor({ name: 'cvae', inputShape: [4], latentDim: 2, numClasses: 3, overrides: { hidden: [6] } });
    const test = dataset([[0, 1, 0, 1], [1, 0, 1, 0]], [0, 2]);
    const grid = analogyGrid(cvae, test, [0, 1]);
    assert.equal(grid.classes, 3);
    assert.equal(grid.images.length, 2 * 4 * 4);
    assert.deepEqual([...grid.images.subarray(16, 20)], [1, 0, 1, 0], 'row 2 starts with its input');
    const vae = buildFor({ name: 'vae', inputShape: [4], latentDim: 2, overrides: { hidden: [6] } });
    assert.throws(() => analogyGrid(vae, test, [0]), /needs a conditional model; 'vae'/);
    assert.throws(() => analogyGrid(cvae, test, [5]), /input 5 is out of range: the tiny split has 2 samples/);
  });
});
