/** Class names for legends and labels: the data's own (Fashion-MNIST's, PNG folder names, CSV label strings) or the index. */
import type { Dataset } from '../data/dataset.js';

/** The name of class k. */
export function className(ds: Dataset, k: number): string {
  return ds.classNames?.[k] ?? String(k);
}

/** The class name of sample `index`, or '#index' for unlabelled data. */
export function sampleClassName(ds: Dataset, index: number): string {
  return ds.labels ? className(ds, ds.labels[index]!) : `#${index}`;
}

/** The first sample after `index` whose class differs from its class (the next sample when unlabelled). */
export function firstOfAnotherClass(ds: Dataset, index: number): number {
  if (ds.count < 2) throw new RangeError(`${ds.name} has ${ds.count} sample(s); two are needed`);
  if (ds.labels) {
    for (let j = 1; j < ds.count; j++) {
      const k = (index + j) % ds.count;
      if (ds.labels[k] !== ds.labels[index]) return k;
    }
  }
  return (index + 1) % ds.count;
}
