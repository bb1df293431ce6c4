/**
 * A dataset as plain typed arrays: `count` samples, each of `shape` (product D), stored row-major in `images` (count × D).
 * Loaders document the value range they produce (pixel data is scaled to [0, 1]).
 */
export interface Dataset {
  name: string;
  /** count × D values, row-major. */
  images: Float32Array;
  /** Per-sample shape, e.g. [1, 28, 28] for a grayscale image or [D] for a feature vector. */
  shape: number[];
  count: number;
  /** Integer class labels in [0, numClasses), or null when the data is unlabelled. */
  labels: Int32Array | null;
  /** 0 when unlabelled. */
  numClasses: number;
  /** Human-readable class names (index = label), where the source has them. */
  classNames?: string[];
  /** A continuous per-sample value for colouring plots, e.g. the position t along a swiss roll. */
  manifoldPosition?: Float32Array;
}

/** The number of values in one sample. */
export function sampleSize(shape: readonly number[]): number {
  let d = 1;
  for (const s of shape) d *= s;
  return d;
}

/** The first `limit` samples of a dataset (copies), or the dataset itself when no limit applies. */
export function takeFirst(ds: Dataset, limit: number | undefined): Dataset {
  if (limit === undefined || limit >= ds.count) return ds;
  if (!Number.isInteger(limit) || limit < 0) throw new RangeError(`takeFirst: limit must be a non-negative integer, got ${limit}`);
  const d = sampleSize(ds.shape);
  const out: Dataset = {
    ...ds,
    images: ds.images.slice(0, limit * d),
    count: limit,
    labels: ds.labels ? ds.labels.slice(0, limit) : null,
  };
  if (ds.manifoldPosition) out.manifoldPosition = ds.manifoldPosition.slice(0, limit);
  return out;
}
