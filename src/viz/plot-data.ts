/** Input checks and conversions shared by the SVG plots. */

/** Throws unless `values` has exactly `expected` entries; the message names both sizes. */
export function checkLength(where: string, what: string, values: ArrayLike<number>, expected: number): void {
  if (values.length !== expected) {
    throw new RangeError(`${where}: ${what} has length ${values.length}, expected ${expected}`);
  }
}

/** Throws if `names` repeats a name (repeated names would merge in the legend). */
export function checkUniqueNames(where: string, kind: string, names: readonly string[]): void {
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) throw new Error(`${where}: ${kind} name "${name}" is used more than once`);
    seen.add(name);
  }
}

/** Throws if a finite value is not > 0, since a log axis cannot show it. */
export function checkPositiveForLog(where: string, what: string, values: ArrayLike<number>): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isFinite(v) && v <= 0) {
      throw new RangeError(`${where}: a log scale needs positive values, but ${what}[${i}] = ${v}`);
    }
  }
}

/** NaN and ±Infinity become null, which vega treats as a missing value (not drawn). */
export function finiteOrNull(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}

/** Ten colours for up to ten categories (digit classes), twenty beyond that. */
export function categoricalScheme(categoryCount: number): 'category10' | 'tableau20' {
  return categoryCount <= 10 ? 'category10' : 'tableau20';
}

/** Throws unless `size` (if given) is a positive finite number of pixels. */
export function checkPixelSize(where: string, what: string, size: number | undefined): void {
  if (size !== undefined && !(Number.isFinite(size) && size > 0)) {
    throw new RangeError(`${where}: ${what} must be a positive number of pixels, got ${size}`);
  }
}
