/**
 * CRC-32 (the IEEE 802.3 polynomial, as in zip, gzip and PNG) over a sequence of byte chunks, from the
 * `crc-32` package (pure JavaScript, so it runs in browsers too). It detects every single-bit flip and every
 * burst shorter than 33 bits: the silent corruption of a disk or a copy, not a deliberate forgery.
 */
import CRC32 from 'crc-32';

export class Crc32 {
  #value = 0;

  update(bytes: Uint8Array): this {
    this.#value = CRC32.buf(bytes, this.#value);
    return this;
  }

  updateText(text: string): this {
    return this.update(new TextEncoder().encode(text));
  }

  /** Eight lower-case hex digits. */
  hex(): string {
    return (this.#value >>> 0).toString(16).padStart(8, '0');
  }
}

export function crc32Hex(chunks: Iterable<Uint8Array>): string {
  const c = new Crc32();
  for (const chunk of chunks) c.update(chunk);
  return c.hex();
}
