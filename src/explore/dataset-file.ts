/**
 * A dataset as one safetensors file, for sending a split to the page: `images` (U8 when every value is a byte
 * over 255, as MNIST's are, which keeps it 4× smaller; F32 otherwise) with shape [count, ...sampleShape],
 * `labels` (I32 [count]) where the data has them, and `__metadata__["aekit.dataset"]` holding
 * { name, numClasses, classNames, scale }, where a U8 image value v stands for v · scale. Both directions
 * live here; the reader checks every field before it trusts it.
 */
import { sampleSize, type Dataset } from '../data/dataset.js';
import { parseSafetensors, serializeSafetensors, type TensorData } from '../io/safetensors.js';
import { parseJsonStrict } from '../io/strict-json.js';

export const DATASET_KEY = 'aekit.dataset';

interface DatasetMetadata {
  name: string;
  numClasses: number;
  classNames: string[] | null;
  scale: number;
}

/** The values as bytes when each is k/255 for an integer k in [0, 255] (to float32 precision), else null. */
function asBytes(values: Float32Array): Uint8Array | null {
  const out = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const k = Math.round(values[i]! * 255);
    if (!(k >= 0 && k <= 255) || Math.fround(k / 255) !== values[i]) return null;
    out[i] = k;
  }
  return out;
}

export function encodeDatasetFile(ds: Dataset): Uint8Array {
  const bytes = asBytes(ds.images);
  const tensors: Record<string, { shape: number[]; data: TensorData }> = {
    images: { shape: [ds.count, ...ds.shape], data: bytes ?? ds.images },
  };
  if (ds.labels !== null) tensors['labels'] = { shape: [ds.count], data: ds.labels };
  const meta: DatasetMetadata = { name: ds.name, numClasses: ds.numClasses, classNames: ds.classNames ?? null, scale: bytes ? 1 / 255 : 1 };
  return serializeSafetensors(tensors, { [DATASET_KEY]: JSON.stringify(meta) });
}

export class DatasetFileError extends Error {
  constructor(source: string, problem: string) {
    super(`${source}: ${problem}`);
    this.name = 'DatasetFileError';
  }
}

function readMetadata(text: string | undefined, source: string): DatasetMetadata {
  const bad = (what: string): never => {
    throw new DatasetFileError(source, `"${DATASET_KEY}" ${what}`);
  };
  if (text === undefined) bad('is missing from __metadata__');
  const m = parseJsonStrict(text!) as Partial<DatasetMetadata> | null;
  if (typeof m !== 'object' || m === null) bad('must be a JSON object');
  if (typeof m!.name !== 'string') bad('has no name');
  if (!Number.isInteger(m!.numClasses) || m!.numClasses! < 0) bad('numClasses must be a non-negative integer');
  if (m!.classNames !== null && !(Array.isArray(m!.classNames) && m!.classNames.every((c) => typeof c === 'string'))) bad('classNames must be null or a list of strings');
  if (typeof m!.scale !== 'number' || !(m!.scale > 0) || !Number.isFinite(m!.scale)) bad('scale must be a positive number');
  return m as DatasetMetadata;
}

/** The dataset in `bytes` (a file `encodeDatasetFile` wrote); `source` names it in errors. */
export function decodeDatasetFile(bytes: Uint8Array, source: string): Dataset {
  const { tensors, metadata } = parseSafetensors(bytes, source);
  const meta = readMetadata(metadata[DATASET_KEY], source);
  const images = tensors.get('images');
  if (images === undefined) throw new DatasetFileError(source, 'has no "images" tensor');
  if (images.dtype === 'I32' || images.shape.length < 2) throw new DatasetFileError(source, `"images" must be U8 or F32 of rank ≥ 2, got ${images.dtype} [${images.shape.join(', ')}]`);
  const [count, ...shape] = images.shape as [number, ...number[]];
  const values = new Float32Array(count * sampleSize(shape));
  if (images.data instanceof Uint8Array) for (let i = 0; i < values.length; i++) values[i] = images.data[i]! * meta.scale;
  else values.set(images.data);
  const labelTensor = tensors.get('labels');
  let labels: Int32Array | null = null;
  if (labelTensor !== undefined) {
    if (!(labelTensor.data instanceof Int32Array) || labelTensor.shape.length !== 1 || labelTensor.shape[0] !== count) {
      throw new DatasetFileError(source, `"labels" must be I32 [${count}], got ${labelTensor.dtype} [${labelTensor.shape.join(', ')}]`);
    }
    labels = labelTensor.data;
    for (const y of labels) if (y < 0 || y >= meta.numClasses) throw new DatasetFileError(source, `label ${y} is outside [0, ${meta.numClasses})`);
  }
  const ds: Dataset = { name: meta.name, images: values, shape, count, labels, numClasses: meta.numClasses };
  if (meta.classNames !== null) ds.classNames = meta.classNames;
  return ds;
}
