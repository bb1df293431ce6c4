import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { codeRanges, jpegRoundTrip, jpegScanBytes, quantize } from './compression.js';

describe('lab compression', () => {
  it('quantises each dimension to the nearest of 2^b levels over its range, clamping outside values', () => {
    assert.deepEqual([...quantize(Float32Array.from([0, 0.2, 0.5, 0.9, 1.2]), 1, [[0, 1]])], [0, 0, 1, 1, 1]);
    // Two dimensions: [0, 1] and [−3, 3]; 2 bits = levels at thirds of each range.
    const q = quantize(Float32Array.from([0.1, 1.5, 0.6, -5]), 2, [[0, 1], [-3, 3]]);
    assert.deepEqual([...q].map((v) => +v.toFixed(4)), [0, 1, 0.6667, -3]);
    const ranges = codeRanges(Float32Array.from({ length: 400 }, (_, i) => (i % 2 === 0 ? i / 2 : 7)), 200, 2);
    assert.deepEqual(ranges[0], [0, 199]);
    assert.deepEqual(ranges[1], [6.5, 7.5], 'a constant dimension gets a unit range');
  });

  it('a JPEG round trip of a smooth image is close at high quality, and its scan is the smaller part of the file', () => {
    const image = Float32Array.from({ length: 28 * 28 }, (_, i) => ((i % 28) + Math.floor(i / 28)) / 56);
    const hi = jpegRoundTrip(image, 28, 28, 95);
    const lo = jpegRoundTrip(image, 28, 28, 5);
    const mse = (v: Float32Array) => v.reduce((s, x, i) => s + (x - image[i]!) ** 2, 0) / v.length;
    assert.ok(mse(hi.decoded) < 1e-3, `${mse(hi.decoded)}`);
    assert.ok(mse(lo.decoded) > mse(hi.decoded));
    const scan = jpegScanBytes(hi.file);
    assert.ok(scan > 0 && scan < hi.file.length / 2, `${scan} of ${hi.file.length}`);
    assert.throws(() => jpegScanBytes(new Uint8Array([0xff, 0xd8, 0xff, 0xd9])), /no SOS marker/);
  });
});
