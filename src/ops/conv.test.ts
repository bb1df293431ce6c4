import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  assertGradients, avgPool2d, conv2d, convTranspose2d, Generator, gradients, maxPool2d, ShapeError, sum, upsampleNearest, type Tensor,
} from '../index.js';
import { assertClose, distinctTensor, randomTensor } from '../testing/tensors.js';
import { mul } from './binary.js';
import { col2imBatch, convGeometry, im2col, im2colBatch } from './conv.js';
import { elu, relu, tanh } from './unary.js';

interface Geometry { stride: [number, number]; padding: [number, number]; dilation: [number, number] }

/** Float64 cross-correlation by the definition: seven nested loops over n, o, y, x, c, i, j. */
function conv2dRef(x: Tensor, w: Tensor, bias: Tensor | null, g: Geometry): { shape: number[]; values: Float64Array } {
  const [N, C, H, W] = x.shape as [number, number, number, number];
  const [O, , KH, KW] = w.shape as [number, number, number, number];
  const OH = Math.floor((H + 2 * g.padding[0] - g.dilation[0] * (KH - 1) - 1) / g.stride[0]) + 1;
  const OW = Math.floor((W + 2 * g.padding[1] - g.dilation[1] * (KW - 1) - 1) / g.stride[1]) + 1;
  const out = new Float64Array(N * O * OH * OW);
  for (let n = 0; n < N; n++) for (let o = 0; o < O; o++) for (let oy = 0; oy < OH; oy++) for (let ox = 0; ox < OW; ox++) {
    let s = bias === null ? 0 : bias.data[o]!;
    for (let c = 0; c < C; c++) for (let i = 0; i < KH; i++) for (let j = 0; j < KW; j++) {
      const y = oy * g.stride[0] - g.padding[0] + i * g.dilation[0];
      const xx = ox * g.stride[1] - g.padding[1] + j * g.dilation[1];
      if (y < 0 || y >= H || xx < 0 || xx >= W) continue;
      s += x.data[((n * C + c) * H + y) * W + xx]! * w.data[((o * C + c) * KH + i) * KW + j]!;
    }
    out[((n * O + o) * OH + oy) * OW + ox] = s;
  }
  return { shape: [N, O, OH, OW], values: out };
}

/** Float64 transposed convolution by scattering each input pixel through the kernel. */
function convTranspose2dRef(x: Tensor, w: Tensor, bias: Tensor | null, g: Geometry, outputPadding: [number, number]): { shape: number[]; values: Float64Array } {
  const [N, CI, H, W] = x.shape as [number, number, number, number];
  const [, CO, KH, KW] = w.shape as [number, number, number, number];
  const OH = (H - 1) * g.stride[0] - 2 * g.padding[0] + g.dilation[0] * (KH - 1) + outputPadding[0] + 1;
  const OW = (W - 1) * g.stride[1] - 2 * g.padding[1] + g.dilation[1] * (KW - 1) + outputPadding[1] + 1;
  const out = new Float64Array(N * CO * OH * OW);
  for (let n = 0; n < N; n++) for (let ci = 0; ci < CI; ci++) for (let iy = 0; iy < H; iy++) for (let ix = 0; ix < W; ix++) {
    const v = x.data[((n * CI + ci) * H + iy) * W + ix]!;
    for (let co = 0; co < CO; co++) for (let i = 0; i < KH; i++) for (let j = 0; j < KW; j++) {
      const y = iy * g.stride[0] - g.padding[0] + i * g.dilation[0];
      const xx = ix * g.stride[1] - g.padding[1] + j * g.dilation[1];
      if (y < 0 || y >= OH || xx < 0 || xx >= OW) continue;
      out[((n * CO + co) * OH + y) * OW + xx]! += v * w.data[((ci * CO + co) * KH + i) * KW + j]!;
    }
  }
  if (bias !== null) for (let n = 0; n < N; n++) for (let co = 0; co < CO; co++) for (let p = 0; p < OH * OW; p++) out[(n * CO + co) * OH * OW + p]! += bias.data[co]!;
  return { shape: [N, CO, OH, OW], values: out };
}

const geometries: [string, Geometry][] = [
  ['plain', { stride: [1, 1], padding: [0, 0], dilation: [1, 1] }],
  ['stride 2, padding 1', { stride: [2, 2], padding: [1, 1], dilation: [1, 1] }],
  ['dilation 2, padding 2', { stride: [1, 1], padding: [2, 2], dilation: [2, 2] }],
  ['asymmetric stride 2×1, padding 0×1, dilation 1×2', { stride: [2, 1], padding: [0, 1], dilation: [1, 2] }],
];

describe('conv2d', () => {
  for (const [label, g] of geometries) {
    it(`${label}: value vs 7-loop reference, gradients vs finite differences`, () => {
      const gen = new Generator(21);
      const x = randomTensor(gen, [2, 2, 5, 6]);
      const w = randomTensor(gen, [3, 2, 3, 2]);
      const b = randomTensor(gen, [3]);
      const expected = conv2dRef(x, w, b, g);
      const y = conv2d(x, w, b, g);
      assert.deepEqual(y.shape, expected.shape);
      assertClose(y, expected.values, { atol: 1e-5, rtol: 1e-5 });
      const small = randomTensor(gen, [1, 2, 5, 4]);
      assertGradients((xs, ws, bs) => conv2d(xs, ws, bs, g), [small, w, b]);
    });
  }

  it('second derivative w.r.t. input and weight matches finite differences', () => {
    const gen = new Generator(22);
    const x = randomTensor(gen, [1, 1, 4, 4]);
    const w = randomTensor(gen, [2, 1, 2, 2]);
    const f = (xs: Tensor, ws: Tensor): Tensor => sum(conv2d(xs, ws, null, { stride: 2, padding: 1 }).square());
    assertGradients((xs, ws) => gradients(f(xs, ws), [xs, ws], { createGraph: true })[0]!, [x, w]);
    assertGradients((xs, ws) => gradients(f(xs, ws), [xs, ws], { createGraph: true })[1]!, [x, w]);
  });

  it('a weight that does not fit the input is a ShapeError naming both shapes', () => {
    const gen = new Generator(23);
    assert.throws(() => conv2d(randomTensor(gen, [1, 3, 5, 5]), randomTensor(gen, [4, 2, 3, 3])), (e: unknown) =>
      e instanceof ShapeError && /\[4, 2, 3, 3\].*\[1, 3, 5, 5\]/.test(e.message));
    assert.throws(() => conv2d(randomTensor(gen, [3, 5, 5]), randomTensor(gen, [4, 3, 3, 3])), (e: unknown) =>
      e instanceof ShapeError && e.message.includes('[3, 5, 5]'));
    assert.throws(() => conv2d(randomTensor(gen, [1, 1, 2, 2]), randomTensor(gen, [1, 1, 3, 3])), ShapeError);
  });
});

describe('convTranspose2d', () => {
  const cases: [string, Geometry, [number, number]][] = [
    ['plain', { stride: [1, 1], padding: [0, 0], dilation: [1, 1] }, [0, 0]],
    ['stride 2, padding 1, outputPadding 1', { stride: [2, 2], padding: [1, 1], dilation: [1, 1] }, [1, 1]],
    ['stride 2×3, dilation 2, outputPadding 1×2', { stride: [2, 3], padding: [0, 1], dilation: [2, 2] }, [1, 2]],
  ];
  for (const [label, g, op] of cases) {
    it(`${label}: value vs scatter reference, gradients vs finite differences`, () => {
      const gen = new Generator(31);
      const x = randomTensor(gen, [2, 2, 3, 3]);
      const w = randomTensor(gen, [2, 3, 3, 2]);
      const b = randomTensor(gen, [3]);
      const options = { ...g, outputPadding: op };
      const expected = convTranspose2dRef(x, w, b, g, op);
      const y = convTranspose2d(x, w, b, options);
      assert.deepEqual(y.shape, expected.shape);
      assertClose(y, expected.values, { atol: 1e-5, rtol: 1e-5 });
      assertGradients((xs, ws, bs) => convTranspose2d(xs, ws, bs, options), [randomTensor(gen, [1, 2, 2, 3]), w, b]);
    });
  }

  it('is the adjoint of conv2d: ⟨conv2d(x, W), y⟩ = ⟨x, convTranspose2d(y, W)⟩', () => {
    const gen = new Generator(32);
    const g: Geometry = { stride: [2, 2], padding: [1, 1], dilation: [1, 1] };
    const x = randomTensor(gen, [1, 2, 7, 7]);
    const w = randomTensor(gen, [3, 2, 3, 3]);
    const cx = conv2d(x, w, null, g);
    const y = randomTensor(gen, cx.shape);
    const ty = convTranspose2d(y, w, null, g);
    assert.deepEqual(ty.shape, x.shape);
    const lhs = Array.from(cx.data).reduce((p, v, i) => p + v * y.data[i]!, 0);
    const rhs = Array.from(x.data).reduce((p, v, i) => p + v * ty.data[i]!, 0);
    assertClose([lhs], [rhs], { rtol: 1e-5 });
  });

  it('rejects a weight whose input channels differ, naming both shapes, and too large an outputPadding', () => {
    const gen = new Generator(33);
    assert.throws(() => convTranspose2d(randomTensor(gen, [1, 3, 4, 4]), randomTensor(gen, [2, 3, 3, 3])), (e: unknown) =>
      e instanceof ShapeError && /\[2, 3, 3, 3\].*\[1, 3, 4, 4\]/.test(e.message));
    assert.throws(() => convTranspose2d(randomTensor(gen, [1, 1, 4, 4]), randomTensor(gen, [1, 1, 3, 3]), null, { stride: 2, outputPadding: 2 }), ShapeError);
  });
});

/** Float64 pooling by definition; padded cells are skipped for max and count as 0 for the mean. */
function poolRef(x: Tensor, k: number, s: number, p: number, kind: 'max' | 'avg'): number[] {
  const [N, C, H, W] = x.shape as [number, number, number, number];
  const OH = Math.floor((H + 2 * p - k) / s) + 1;
  const OW = Math.floor((W + 2 * p - k) / s) + 1;
  const out: number[] = [];
  for (let nc = 0; nc < N * C; nc++) for (let oy = 0; oy < OH; oy++) for (let ox = 0; ox < OW; ox++) {
    let best = -Infinity;
    let total = 0;
    for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) {
      const y = oy * s - p + i;
      const xx = ox * s - p + j;
      if (y < 0 || y >= H || xx < 0 || xx >= W) continue;
      const v = x.data[(nc * H + y) * W + xx]!;
      best = Math.max(best, v);
      total += v;
    }
    out.push(kind === 'max' ? best : total / (k * k));
  }
  return out;
}

describe('pooling and upsampling', () => {
  for (const [k, s, p] of [[2, 2, 0], [3, 2, 1], [3, 1, 1], [2, 1, 0]] as const) {
    it(`maxPool2d and avgPool2d, kernel ${k} stride ${s} padding ${p}: values and gradients`, () => {
      // Well-separated values (gaps of 0.25, ≫ the 0.01 finite-difference step) so no window has a near-tie;
      // all negative values check that zero padding never wins the max.
      const x = distinctTensor(new Generator(41), [1, 2, 5, 5], 0.25);
      const neg = x.sub(20);
      assertClose(maxPool2d(x, k, { stride: s, padding: p }), poolRef(x, k, s, p, 'max'));
      assertClose(maxPool2d(neg, k, { stride: s, padding: p }), poolRef(neg, k, s, p, 'max'), { rtol: 1e-6 });
      assertClose(avgPool2d(x, k, { stride: s, padding: p }), poolRef(x, k, s, p, 'avg'), { atol: 1e-6 });
      assertGradients((t) => maxPool2d(t, k, { stride: s, padding: p }), [x]);
      assertGradients((t) => maxPool2d(t, k, { stride: s, padding: p }), [neg]);
      assertGradients((t) => avgPool2d(t, k, { stride: s, padding: p }), [x]);
    });
  }

  it('pool padding above half the kernel is a ShapeError', () => {
    assert.throws(() => maxPool2d(distinctTensor(new Generator(1), [1, 1, 4, 4]), 2, { padding: 2 }), ShapeError);
  });

  it('upsampleNearest repeats pixels and sums the gradient over each block', () => {
    const x = randomTensor(new Generator(42), [1, 2, 2, 3]);
    const y = upsampleNearest(x, [2, 3]);
    assert.deepEqual(y.shape, [1, 2, 4, 9]);
    const xs = x.toArray() as number[][][][];
    const ys = y.toArray() as number[][][][];
    for (let c = 0; c < 2; c++) for (let i = 0; i < 4; i++) for (let j = 0; j < 9; j++) {
      assert.equal(ys[0]![c]![i]![j], xs[0]![c]![Math.floor(i / 2)]![Math.floor(j / 3)]);
    }
    assertGradients((t) => upsampleNearest(t, 2), [x]);
    assert.throws(() => upsampleNearest(x, 1.5), RangeError);
  });
});

describe('batched columns and fused activations', () => {
  const gen = new Generator(31);
  const g = convGeometry(2, 5, 6, [3, 2], { stride: [2, 1], padding: [1, 0] });

  it('im2colBatch lays out each image as im2col does, side by side; col2imBatch is its adjoint', () => {
    const x = randomTensor(gen, [3, 2, 5, 6]);
    const cols = im2colBatch(x, g);
    const perImage = im2col(x, g); // [N, C·kh·kw, L]
    const L = g.outH * g.outW;
    for (let n = 0; n < 3; n++) {
      for (let r = 0; r < cols.shape[0]!; r++) {
        for (let l = 0; l < L; l++) assert.equal(cols.data[r * 3 * L + n * L + l], perImage.data[(n * cols.shape[0]! + r) * L + l]);
      }
    }
    // ⟨im2col(x), c⟩ = ⟨x, col2im(c)⟩
    const c = randomTensor(gen, cols.shape as number[]);
    const lhs = sum(mul(cols, c)).item();
    const rhs = sum(mul(x, col2imBatch(c, g, 3))).item();
    assert.ok(Math.abs(lhs - rhs) <= 1e-4 * Math.abs(lhs), `${lhs} vs ${rhs}`);
    assertGradients((a) => im2colBatch(a!, g), [randomTensor(gen, [2, 2, 5, 6])]);
  });

  for (const activation of ['relu', 'tanh', 'elu'] as const) {
    it(`conv2d and convTranspose2d with a fused ${activation} equal the op followed by ${activation}, gradients included`, () => {
      const x = randomTensor(gen, [2, 3, 6, 5]);
      const w = randomTensor(gen, [4, 3, 3, 3]);
      const b = randomTensor(gen, [4]);
      const act = { relu, tanh, elu: (t: Tensor) => elu(t, 1) }[activation];
      const opts = { stride: 2, padding: 1 } as const;
      assertClose(conv2d(x, w, b, { ...opts, activation }), act(conv2d(x, w, b, opts)), { rtol: 2e-6, atol: 2e-6 });
      // NOTE: relu's kink: a step of 1e-2 in x moves an output by up to ~0.3 and across 0; take 1e-3 there.
      const check = activation === 'relu' ? { eps: 1e-3 } : {};
      assertGradients((a, ww, bb) => conv2d(a!, ww!, bb!, { ...opts, activation }), [x, w, b], check);
      const wt = randomTensor(gen, [3, 2, 4, 4]);
      const bt = randomTensor(gen, [2]);
      const topts = { stride: 2, padding: 1, outputPadding: 1 } as const;
      assertClose(convTranspose2d(x, wt, bt, { ...topts, activation }), act(convTranspose2d(x, wt, bt, topts)), { rtol: 2e-6, atol: 2e-6 });
      assertGradients((a, ww, bb) => convTranspose2d(a!, ww!, bb!, { ...topts, activation }), [x, wt, bt], check);
    });
  }
});
