import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Crc32, crc32Hex } from './checksum.js';

test('CRC-32 matches the standard check value and is the same over any chunking', () => {
  const text = new TextEncoder().encode('123456789');
  assert.equal(crc32Hex([text]), 'cbf43926'); // the catalogued check value of CRC-32/ISO-HDLC
  assert.equal(crc32Hex([text.subarray(0, 4), text.subarray(4)]), 'cbf43926');
  assert.equal(new Crc32().updateText('1234').updateText('56789').hex(), 'cbf43926');
  assert.equal(crc32Hex([]), '00000000');
});

test('every single-bit flip of a buffer changes its CRC', () => {
  const bytes = new Uint8Array(64).map((_, i) => (i * 37) & 255);
  const good = crc32Hex([bytes]);
  for (let bit = 0; bit < bytes.length * 8; bit++) {
    const flipped = bytes.slice();
    flipped[bit >> 3] ^= 1 << (bit & 7);
    assert.notEqual(crc32Hex([flipped]), good, `bit ${bit}`);
  }
});
