/**
 * Request bodies of the inference service, checked completely before anything is allocated for the kernels:
 * the body must be a JSON object with only the endpoint's fields; a batch of samples is an array of rows, each
 * either flat (D numbers) or nested to the model's per-sample shape; every value must be a finite number;
 * labels must be integer classes of the model. Each failure is a `RequestError` whose message names the field,
 * the index and what was expected.
 */
import { formatShape } from '../tensor/shape.js';

/** A request the service refuses; `status` is the HTTP status (400 unless said otherwise). */
export class RequestError extends Error {
  constructor(message: string, readonly status = 400) {
    super(message);
    this.name = 'RequestError';
  }
}

/** A batch of rows, flat: rows × (product of the sample shape) values. */
export interface Rows {
  data: Float32Array;
  count: number;
}

export interface RequestLimits {
  /** Most rows (samples, codes) one request may carry. */
  maxRows: number;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return `an array of ${v.length}`;
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return `a string`;
  return typeof v;
}

/** The body as a record with only `allowed` keys and every `required` one. */
export function checkFields(body: unknown, allowed: readonly string[], required: readonly string[]): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new RequestError(`the body must be a JSON object with fields ${allowed.join(', ')}; got ${describe(body)}`);
  }
  const record = body as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!allowed.includes(key)) throw new RequestError(`unknown field '${key}' (fields: ${allowed.join(', ')})`);
  }
  for (const key of required) {
    if (!(key in record)) throw new RequestError(`missing field '${key}'`);
  }
  return record;
}

/** `v` if it is a finite number; else an error naming `where[index]` (built only then: this runs per value). */
function numberAt(v: unknown, where: string, index: number): number {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v !== 'number') throw new RequestError(`${where}[${index}] is ${describe(v)}, not a number`);
  throw new RequestError(`${where}[${index}] is ${v}, not a finite number`);
}

/** Copies one sample, nested to `shape` (or flat), into `out` at `offset`; returns the values written. */
function copySample(v: unknown, shape: readonly number[], out: Float32Array, offset: number, where: string): number {
  const d = shape.reduce((p, s) => p * s, 1);
  if (!Array.isArray(v)) throw new RequestError(`${where} is ${describe(v)}; each row must be an array of ${d} numbers or nested to ${formatShape(shape)}`);
  if (v.length === d && (shape.length === 1 || typeof v[0] !== 'object')) {
    for (let i = 0; i < d; i++) out[offset + i] = numberAt(v[i], where, i);
    return d;
  }
  const walk = (node: unknown, axis: number, at: string): void => {
    if (!Array.isArray(node) || node.length !== shape[axis]) {
      throw new RequestError(`${at} is ${describe(node)}; expected ${shape[axis]} ${shape[axis] === 1 ? 'entry' : 'entries'} (rows are ${formatShape(shape)}, or flat with ${d} numbers)`);
    }
    for (let i = 0; i < node.length; i++) {
      if (axis + 1 === shape.length) out[offset++] = numberAt(node[i], at, i);
      else walk(node[i], axis + 1, `${at}[${i}]`);
    }
  };
  walk(v, 0, where);
  return d;
}

/** A batch of samples of shape `shape` from `value` (an array of rows), at most `limits.maxRows` of them. */
export function parseRows(value: unknown, field: string, shape: readonly number[], limits: RequestLimits): Rows {
  if (!Array.isArray(value)) throw new RequestError(`'${field}' must be an array of rows of shape ${formatShape(shape)}; got ${describe(value)}`);
  if (value.length === 0) throw new RequestError(`'${field}' has no rows`);
  if (value.length > limits.maxRows) throw new RequestError(`'${field}' has ${value.length} rows; at most ${limits.maxRows} per request`);
  const d = shape.reduce((p, s) => p * s, 1);
  const data = new Float32Array(value.length * d);
  for (let r = 0; r < value.length; r++) copySample(value[r], shape, data, r * d, `${field}[${r}]`);
  return { data, count: value.length };
}

/** `count` integer labels in 0..numClasses−1 as float-coded values (the models' label format). */
export function parseLabels(value: unknown, count: number, numClasses: number, field = 'labels'): Float32Array {
  if (!Array.isArray(value)) throw new RequestError(`'${field}' must be an array of ${count} class indices; got ${describe(value)}`);
  if (value.length !== count) throw new RequestError(`'${field}' has ${value.length} entries for ${count} rows`);
  return Float32Array.from(value, (v, i) => {
    if (!Number.isInteger(v) || (v as number) < 0 || (v as number) >= numClasses) {
      throw new RequestError(`${field}[${i}] is ${describe(v)}; labels are integers in 0..${numClasses - 1}`);
    }
    return v as number;
  });
}

/** A non-negative integer field (a count or a seed) up to `max`. */
export function parseCount(value: unknown, field: string, min: number, max: number): number {
  if (!Number.isInteger(value) || (value as number) < min || (value as number) > max) {
    throw new RequestError(`'${field}' must be an integer in ${min}..${max}; got ${describe(value)}`);
  }
  return value as number;
}
