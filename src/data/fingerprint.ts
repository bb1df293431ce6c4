/**
 * A dataset's fingerprint: a CRC-32 over everything training reads from it (shape, count, values, labels,
 * classes). A run stores the fingerprint of its data; resuming recomputes it and refuses to continue on data
 * that changed, since the continued run would no longer be the run that was started.
 */
import { Crc32 } from '../io/checksum.js';
import type { Dataset } from './dataset.js';

function bytesOf(a: Float32Array | Int32Array): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

/** "crc32:<8 hex digits>:<count>" for one dataset. */
export function datasetFingerprint(ds: Dataset): string {
  const crc = new Crc32().updateText(JSON.stringify({ shape: ds.shape, count: ds.count, numClasses: ds.numClasses, labelled: ds.labels !== null }));
  crc.update(bytesOf(ds.images));
  if (ds.labels !== null) crc.update(bytesOf(ds.labels));
  return `crc32:${crc.hex()}:${ds.count}`;
}

/** The fingerprint of a training run's data: its train split and its test split (or none). */
export function trainingDataFingerprint(train: Dataset, test: Dataset | null): string {
  return `train ${datasetFingerprint(train)}, test ${test === null ? 'none' : datasetFingerprint(test)}`;
}
