/**
 * An autoencoder as a lossy codec (the lecture's chapter 2), against JPEG. Each code dimension is quantised
 * uniformly to b bits over the range the training codes span on it (their 0.5 … 99.5 % quantiles, values outside
 * clamped): an image costs L·b bits (no entropy coding; the decoder and the L ranges are shared side information). JPEG (jpeg-js, baseline, 4:2:0) is counted two ways: the whole file,
 * and only its entropy-coded scan — the headers and Huffman/quantisation tables of a 28×28 image are several
 * hundred bytes that a codec for many small images would share. Quality: PSNR of the mean squared error over the
 * test images (values in [0, 1], peak 1).
 */
import { decode as decodeJpeg, encode as encodeJpeg } from 'jpeg-js';
import { sampleSize, type Dataset } from '../data/dataset.js';
import { meanSquaredErrorPerImage, psnr } from '../eval/reconstruction-error.js';
import { buildModel, defaultConfig } from '../models/registry.js';
import { Tensor } from '../tensor/tensor.js';
import { encodeDataset, inference } from '../train/figures.js';
import { initGenerator, trainModel } from '../train/trainer.js';

export interface CompressionConfig {
  latentDims: number[];
  bits: number[];
  jpegQualities: number[];
  /** Test images coded with JPEG (the first ones): jpeg-js rebuilds its tables for every file, ~30 ms each. */
  jpegImages: number;
  epochs: number;
  seed: number;
}

export const COMPRESSION_DEFAULTS: CompressionConfig = { latentDims: [8, 16, 32], bits: [1, 2, 3, 4, 6, 8], jpegQualities: [5, 10, 20, 30, 50, 75, 90], jpegImages: 200, epochs: 5, seed: 0 };

export interface RatePoint {
  /** Bits per image. */
  bits: number;
  psnr: number;
}

export interface CompressionResult {
  ae: { latentDim: number; points: (RatePoint & { bitsPerDim: number })[]; unquantizedPsnr: number; seconds: number }[];
  jpeg: { quality: number; images: number; fileBits: number; scanBits: number; psnr: number }[];
  /** Decoded test images for the figure: one AE setting and one JPEG quality (count × D each). */
  examples: { ae: Float32Array; aeLabel: string; jpeg: Float32Array; jpegLabel: string };
}

/** Per dimension of `count` codes of size `dim`: the [lo, hi] range between the 0.5 % and 99.5 % quantiles. */
export function codeRanges(codes: Float32Array, count: number, dim: number): [number, number][] {
  return Array.from({ length: dim }, (_, j) => {
    const v = Float32Array.from({ length: count }, (_, i) => codes[i * dim + j]!).sort();
    const lo = v[Math.floor(0.005 * (count - 1))]!;
    const hi = v[Math.ceil(0.995 * (count - 1))]!;
    return hi > lo ? [lo, hi] : [lo - 0.5, lo + 0.5];
  });
}

/** Each code value clamped to its dimension's range and rounded to the nearest of 2^b evenly spaced levels there. */
export function quantize(codes: Float32Array, bits: number, ranges: readonly [number, number][]): Float32Array {
  const levels = 2 ** bits - 1;
  const dim = ranges.length;
  return Float32Array.from(codes, (v, i) => {
    const [lo, hi] = ranges[i % dim]!;
    const u = Math.min(1, Math.max(0, (v - lo) / (hi - lo)));
    return lo + (Math.round(u * levels) / levels) * (hi - lo);
  });
}

function psnrOf(truth: Float32Array, out: Float32Array, d: number): number {
  const per = meanSquaredErrorPerImage(truth, out, d);
  return psnr(per.reduce((a, b) => a + b, 0) / per.length);
}

/** Bytes of a JPEG's entropy-coded data: from the end of the SOS header to the EOI marker. */
export function jpegScanBytes(file: Uint8Array): number {
  for (let i = 0; i + 3 < file.length; i++) {
    if (file[i] === 0xff && file[i + 1] === 0xda) {
      const headerLength = (file[i + 2]! << 8) | file[i + 3]!;
      const end = file.length >= 2 && file[file.length - 2] === 0xff && file[file.length - 1] === 0xd9 ? file.length - 2 : file.length;
      return end - (i + 2 + headerLength);
    }
  }
  throw new Error('jpegScanBytes: no SOS marker');
}

/** A greyscale image (values in [0, 1]) through JPEG at `quality`: the decoded image and the file. */
export function jpegRoundTrip(image: Float32Array, height: number, width: number, quality: number): { decoded: Float32Array; file: Uint8Array } {
  const rgba = Buffer.alloc(height * width * 4);
  for (let i = 0; i < height * width; i++) {
    const v = Math.round(Math.min(1, Math.max(0, image[i]!)) * 255);
    rgba[4 * i] = v;
    rgba[4 * i + 1] = v;
    rgba[4 * i + 2] = v;
    rgba[4 * i + 3] = 255;
  }
  const file = encodeJpeg({ data: rgba, width, height }, quality).data;
  const out = decodeJpeg(file, { useTArray: true, formatAsRGBA: true });
  const decoded = Float32Array.from({ length: height * width }, (_, i) => out.data[4 * i]! / 255);
  return { decoded, file };
}

export async function compressionLab(train: Dataset, test: Dataset, config: CompressionConfig = COMPRESSION_DEFAULTS): Promise<CompressionResult> {
  const d = sampleSize(test.shape);
  const side = Math.round(Math.sqrt(d));
  if (side * side !== d) throw new RangeError(`lab compression: needs square greyscale images, got ${d} values per sample`);
  const ae: CompressionResult['ae'] = [];
  let exampleAe = new Float32Array(0);
  let aeLabel = '';
  for (const L of config.latentDims) {
    const model = buildModel(defaultConfig('ae', { inputShape: [...train.shape], latentDim: L, overrides: { hidden: [256] } }), initGenerator(config.seed));
    const started = performance.now();
    await trainModel({ model, train, test: null, options: { epochs: config.epochs, batchSize: 128, lr: 1e-3, lrSchedule: 'constant', seed: config.seed, clipNorm: 0, dropLast: false } });
    const seconds = (performance.now() - started) / 1000;
    const codes = encodeDataset(model, test);
    const ranges = codeRanges(encodeDataset(model, train), train.count, L);
    const decode = (z: Float32Array) => inference(model, () => model.decode(new Tensor(z, [test.count, L])).data.slice());
    const points = config.bits.map((b) => {
      const out = decode(quantize(codes, b, ranges));
      if (L === config.latentDims.at(-1) && b === 4) {
        exampleAe = out;
        aeLabel = `AE ${L}×4 = ${4 * L} bits`;
      }
      return { bits: L * b, bitsPerDim: b, psnr: psnrOf(test.images, out, d) };
    });
    ae.push({ latentDim: L, points, unquantizedPsnr: psnrOf(test.images, decode(codes), d), seconds });
  }
  let exampleJpeg = new Float32Array(0);
  let jpegLabel = '';
  const m = Math.min(config.jpegImages, test.count);
  const jpeg = config.jpegQualities.map((quality) => {
    const decoded = new Float32Array(m * d);
    let fileBytes = 0;
    let scanBytes = 0;
    for (let i = 0; i < m; i++) {
      const r = jpegRoundTrip(test.images.subarray(i * d, (i + 1) * d), side, side, quality);
      decoded.set(r.decoded, i * d);
      fileBytes += r.file.length;
      scanBytes += jpegScanBytes(r.file);
    }
    if (quality === 50 || exampleJpeg.length === 0) {
      exampleJpeg = decoded;
      jpegLabel = `JPEG q${quality}, ${Math.round((8 * scanBytes) / m)} scan bits`;
    }
    return { quality, images: m, fileBits: (8 * fileBytes) / m, scanBits: (8 * scanBytes) / m, psnr: psnrOf(test.images.subarray(0, m * d), decoded, d) };
  });
  if (exampleAe.length === 0) exampleAe = new Float32Array(test.count * d);
  return { ae, jpeg, examples: { ae: exampleAe, aeLabel: aeLabel || 'AE', jpeg: exampleJpeg, jpegLabel } };
}
