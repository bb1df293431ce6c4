/**
 * Per-feature affine scaling, y = (x − offset) / scale, fitted on training data and applied unchanged to
 * test data. A scaler is plain data (two Float32Arrays), so it can be saved beside a model's weights.
 */

export interface FeatureScaler {
  offset: Float32Array;
  scale: Float32Array;
}

function columns(x: Float32Array, features: number, name: string): number {
  if (!Number.isInteger(features) || features <= 0 || x.length % features !== 0) throw new RangeError(`${name}: ${x.length} values do not split into rows of ${features} features`);
  const rows = x.length / features;
  if (rows === 0) throw new RangeError(`${name}: no rows to fit`);
  return rows;
}

/** Zero mean, unit standard deviation per feature (population std); constant features get scale 1. */
export function fitStandardScaler(x: Float32Array, features: number): FeatureScaler {
  const rows = columns(x, features, 'fitStandardScaler');
  const mean = new Float64Array(features);
  const sq = new Float64Array(features);
  for (let r = 0; r < rows; r++) for (let j = 0; j < features; j++) mean[j]! += x[r * features + j]!;
  for (let j = 0; j < features; j++) mean[j]! /= rows;
  // NOTE: two passes (mean first, then squared deviations) avoid the cancellation of E[x²] − E[x]².
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < features; j++) {
      const d = x[r * features + j]! - mean[j]!;
      sq[j]! += d * d;
    }
  }
  const scale = new Float32Array(features);
  for (let j = 0; j < features; j++) {
    const std = Math.sqrt(sq[j]! / rows);
    scale[j] = std > 1e-12 ? std : 1;
  }
  return { offset: Float32Array.from(mean), scale };
}

/** Maps each feature's observed [min, max] onto [low, high]; constant features map to `low`. */
export function fitMinMaxScaler(x: Float32Array, features: number, low = 0, high = 1): FeatureScaler {
  const rows = columns(x, features, 'fitMinMaxScaler');
  if (!(high > low)) throw new RangeError(`fitMinMaxScaler: need low < high, got [${low}, ${high}]`);
  const min = new Float64Array(features).fill(Infinity);
  const max = new Float64Array(features).fill(-Infinity);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < features; j++) {
      const v = x[r * features + j]!;
      if (v < min[j]!) min[j] = v;
      if (v > max[j]!) max[j] = v;
    }
  }
  const offset = new Float32Array(features);
  const scale = new Float32Array(features);
  for (let j = 0; j < features; j++) {
    const span = max[j]! - min[j]!;
    const s = span > 0 ? span / (high - low) : 1;
    scale[j] = s;
    offset[j] = min[j]! - low * s;
  }
  return { offset, scale };
}

/** A new array (x − offset) / scale, row by row. */
export function applyScaler(x: Float32Array, scaler: FeatureScaler): Float32Array {
  const features = scaler.offset.length;
  columns(x, features, 'applyScaler');
  const out = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const j = i % features;
    out[i] = (x[i]! - scaler.offset[j]!) / scaler.scale[j]!;
  }
  return out;
}

/** The inverse: a new array y · scale + offset. */
export function invertScaler(y: Float32Array, scaler: FeatureScaler): Float32Array {
  const features = scaler.offset.length;
  columns(y, features, 'invertScaler');
  const out = new Float32Array(y.length);
  for (let i = 0; i < y.length; i++) {
    const j = i % features;
    out[i] = y[i]! * scaler.scale[j]! + scaler.offset[j]!;
  }
  return out;
}
