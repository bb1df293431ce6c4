/**
 * JSON.parse, but an object that names the same key twice is an error instead of silently keeping the
 * last value — in a model file a duplicated tensor or config entry is ambiguous, so it is rejected.
 * Parsing stays pure data: JSON.parse builds plain values and nothing in the text is ever evaluated.
 */

export class JsonFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JsonFormatError';
  }
}

export function parseJsonStrict(text: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new JsonFormatError(`not valid JSON (${(err as Error).message})`);
  }
  const duplicate = findDuplicateKey(text);
  if (duplicate !== null) throw new JsonFormatError(`an object names the key ${JSON.stringify(duplicate)} more than once`);
  return value;
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
