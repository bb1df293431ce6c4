/** Small data and helpers shared by the trainer's tests (not part of the public API). */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Dataset } from '../data/dataset.js';
import type { Autoencoder } from '../models/autoencoder.js';
import { Generator } from '../tensor/random.js';

/** `count` points in D dimensions around 3 fixed centres, labelled by centre; `seed` draws the points. */
export function blobs(count: number, dims: number, seed: number): Dataset {
  const centreGen = new Generator(12345);
  const centres = Array.from({ length: 3 }, () => Array.from({ length: dims }, () => centreGen.nextNormal() * 2));
  const gen = new Generator(seed);
  const images = new Float32Array(count * dims);
  const labels = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const k = i % 3;
    labels[i] = k;
    for (let j = 0; j < dims; j++) images[i * dims + j] = centres[k]![j]! + 0.3 * gen.nextNormal();
  }
  return { name: 'blobs', images, shape: [dims], count, labels, numClasses: 3 };
}

export function tempDir(prefix = 'aekit-train-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Every parameter's bytes, concatenated in state-dict order. */
export function parameterBytes(model: Autoencoder): Buffer {
  return Buffer.concat([...model.stateDict()].map(([, t]) => Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength)));
}
