/**
 * JSON.parse, but stricter in three ways that matter for files read from disk:
 * - an object that names the same key twice is an error instead of silently keeping the last value (in a
 *   model file a duplicated tensor or config entry is ambiguous);
 * - nesting deeper than `maxDepth` (default 64) is refused before parsing, so a hostile file cannot
 *   overflow the stack of whatever walks the value afterwards;
 * - error messages give a position, never a snippet of the text (the file may not be ours to show).
 * Parsing stays pure data: JSON.parse builds plain values and nothing in the text is ever evaluated.
 */

export class JsonFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JsonFormatError';
  }
}

export interface StrictJsonOptions {
  /** Deepest nesting of arrays and objects accepted (default 64). */
  maxDepth?: number;
}

export const DEFAULT_MAX_JSON_DEPTH = 64;

export function parseJsonStrict(text: string, options: StrictJsonOptions = {}): unknown {
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_JSON_DEPTH;
  const depth = nestingDepth(text, maxDepth);
  if (depth > maxDepth) throw new JsonFormatError(`nested more than ${maxDepth} levels deep`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    // NOTE: V8's messages quote the text around the error; only the position is passed on.
    const at = /position (\d+)/.exec((err as Error).message);
    throw new JsonFormatError(`not valid JSON${at ? ` (at character ${at[1]})` : ''}`);
  }
  const duplicate = findDuplicateKey(text);
  if (duplicate !== null) throw new JsonFormatError(`an object names the key ${JSON.stringify(duplicate)} more than once`);
  return value;
}

/** The deepest bracket nesting of `text` (strings skipped), counting stops just past `cap`. Works on invalid JSON too. */
export function nestingDepth(text: string, cap = Infinity): number {
  let depth = 0;
  let deepest = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      for (i++; i < text.length && text.charCodeAt(i) !== 0x22; i++) if (text.charCodeAt(i) === 0x5c /* \ */) i++;
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      depth += 1;
      if (depth > deepest) {
        deepest = depth;
        if (deepest > cap) return deepest;
      }
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) depth -= 1;
  }
  return deepest;
}

interface Frame {
  keys: Set<string> | null; // null for arrays
  expectKey: boolean;
}

/** The first key repeated within one object of `text`, which must already be valid JSON; null if none. */
export function findDuplicateKey(text: string): string | null {
  const stack: Frame[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      const start = i;
      for (i++; text.charCodeAt(i) !== 0x22; i++) if (text.charCodeAt(i) === 0x5c /* \ */) i++;
      const top = stack[stack.length - 1];
      if (top?.keys && top.expectKey) {
        const key = JSON.parse(text.slice(start, i + 1)) as string;
        if (top.keys.has(key)) return key;
        top.keys.add(key);
        top.expectKey = false;
      }
    } else if (c === 0x7b /* { */) stack.push({ keys: new Set(), expectKey: true });
    else if (c === 0x5b /* [ */) stack.push({ keys: null, expectKey: false });
    else if (c === 0x7d /* } */ || c === 0x5d /* ] */) stack.pop();
    else if (c === 0x2c /* , */) {
      const top = stack[stack.length - 1];
      if (top?.keys) top.expectKey = true;
    }
  }
  return null;
}
