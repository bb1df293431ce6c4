import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PNG } from 'pngjs';
import { imageGridPng, NAN_COLOR } from './image-grid.js';

function decode(bytes: Uint8Array) {
  const png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  const rgb = (x: number, y: number) => {
    const p = (y * png.width + x) * 4;
    return [png.data[p], png.data[p + 1], png.data[p + 2]];
  };
  return { width: png.width, height: png.height, rgb };
}

const GREY = [128, 128, 128];

describe('imageGridPng', () => {
  it('tiles images row by row with padding between and around them', () => {
    // Three 2×3 greyscale images in two columns: image 0 is all 1.0, image 1 a ramp, image 2 all 0.
    const images = new Float32Array(3 * 6);
    images.fill(1, 0, 6);
    images.set([0, 0.2, 0.4, 0.6, 0.8, 1], 6);
    const png = decode(imageGridPng(images, { count: 3, height: 2, width: 3, columns: 2, padding: 1 }));
    assert.equal(png.width, 2 * 3 + 3 * 1);
    assert.equal(png.height, 2 * 2 + 3 * 1);
    assert.deepEqual(png.rgb(0, 0), GREY); // border
    assert.deepEqual(png.rgb(1, 1), [255, 255, 255]); // image 0, pixel (0, 0)
    assert.deepEqual(png.rgb(4, 1), GREY); // gap between columns
    assert.deepEqual(png.rgb(5, 1), [0, 0, 0]); // image 1, pixel (0, 0)
    assert.deepEqual(png.rgb(6, 1), [51, 51, 51]); // 0.2 × 255
    assert.deepEqual(png.rgb(7, 2), [255, 255, 255]); // image 1, pixel (1, 2)
    assert.deepEqual(png.rgb(1, 4), [0, 0, 0]); // image 2 in the second row
    assert.deepEqual(png.rgb(5, 4), GREY); // empty cell after the last image
  });

  it('upscales each pixel to a scale × scale block', () => {
    const images = Float32Array.from([0, 1, 1, 0]);
    const png = decode(imageGridPng(images, { count: 1, height: 2, width: 2, columns: 1, padding: 0, scale: 3 }));
    assert.equal(png.width, 6);
    assert.equal(png.height, 6);
    for (let y = 0; y < 6; y++) {
      for (let x = 0; x < 6; x++) {
        const on = (x >= 3) !== (y >= 3);
        assert.deepEqual(png.rgb(x, y), on ? [255, 255, 255] : [0, 0, 0], `pixel (${x}, ${y})`);
      }
    }
  });

  it('maps a custom range onto 0..255 and clamps outside it', () => {
    const images = Float32Array.from([-1, 0, 1, 5, -7]);
    const png = decode(imageGridPng(images, { count: 1, height: 1, width: 5, columns: 1, padding: 0, range: [-1, 1] }));
    assert.deepEqual([0, 1, 2, 3, 4].map((x) => png.rgb(x, 0)[0]), [0, 128, 255, 255, 0]);
  });

  it('stretches each image on its own with per-image range', () => {
    const images = Float32Array.from([10, 20, 30, -3, -2, -1]);
    const png = decode(imageGridPng(images, { count: 2, height: 1, width: 3, columns: 2, padding: 0, range: 'per-image' }));
    assert.deepEqual([0, 1, 2, 3, 4, 5].map((x) => png.rgb(x, 0)[0]), [0, 128, 255, 0, 128, 255]);
  });

  it('reads RGB in channels-last and channels-first layouts alike', () => {
    // One 1×2 image: a red pixel then a cyan one.
    const hwc = Float32Array.from([1, 0, 0, 0, 1, 1]);
    const chw = Float32Array.from([1, 0, 0, 1, 0, 1]);
    const opts = { count: 1, height: 1, width: 2, channels: 3 as const, columns: 1, padding: 0 };
    for (const [images, layout] of [[hwc, 'hwc'], [chw, 'chw']] as const) {
      const png = decode(imageGridPng(images, { ...opts, layout }));
      assert.deepEqual(png.rgb(0, 0), [255, 0, 0], layout);
      assert.deepEqual(png.rgb(1, 0), [0, 255, 255], layout);
    }
  });

  it('draws NaN pixels in a warning colour and uses the given padding colour', () => {
    const images = Float32Array.from([NaN, 0.5]);
    const png = decode(imageGridPng(images, { count: 1, height: 1, width: 2, columns: 1, padding: 1, padColor: [10, 20, 30] }));
    assert.deepEqual(png.rgb(1, 1), [...NAN_COLOR]);
    assert.deepEqual(png.rgb(2, 1), [128, 128, 128]);
    assert.deepEqual(png.rgb(0, 0), [10, 20, 30]);
  });

  it('rejects an array whose length is not count × height × width × channels, naming the sizes', () => {
    assert.throws(
      () => imageGridPng(new Float32Array(10), { count: 2, height: 2, width: 3, columns: 2 }),
      (err: Error) =>
        err instanceof RangeError &&
        err.message.includes('images has length 10, but count × height × width × channels = 2 × 2 × 3 × 1 = 12'),
    );
    assert.throws(
      () => imageGridPng(new Float32Array(12), { count: 2, height: 2, width: 3, channels: 3, columns: 2 }),
      /= 2 × 2 × 3 × 3 = 36/,
    );
  });

  it('rejects bad sizes, scale, range and padding colour', () => {
    const one = new Float32Array(4);
    const base = { count: 1, height: 2, width: 2, columns: 1 };
    assert.throws(() => imageGridPng(one, { ...base, scale: 1.5 }), /scale must be an integer >= 1, got 1\.5/);
    assert.throws(() => imageGridPng(one, { ...base, columns: 0 }), /columns must be an integer >= 1, got 0/);
    assert.throws(() => imageGridPng(one, { ...base, padding: -1 }), /padding must be an integer >= 0/);
    assert.throws(() => imageGridPng(one, { ...base, range: [1, 1] }), /range must be finite \[low, high\] with low < high, got \[1, 1\]/);
    assert.throws(() => imageGridPng(one, { ...base, padColor: [0, 0, 256] }), /padColor must be three integers/);
    assert.throws(() => imageGridPng(one, { ...base, channels: 2 as 1 }), /channels must be 1 or 3, got 2/);
  });
});
