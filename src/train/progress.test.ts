import assert from 'node:assert/strict';
import { test } from 'node:test';
import { epochLine, wrapLine } from './progress.js';

test('wrapLine keeps short text whole, puts each | group on its own line, then breaks at · to fit', () => {
  assert.equal(wrapLine('a · b | c', 100), 'a · b | c');
  assert.equal(wrapLine('aaaa · bbbb | cccc · dddd', 16), 'aaaa · bbbb\n  cccc · dddd');
  assert.equal(wrapLine('aaaa · bbbb · cccc', 12), 'aaaa · bbbb\n  cccc');
  const path = `/${'x'.repeat(120)}`;
  assert.equal(wrapLine(path), path, 'one long piece stays whole');
});

test('an epoch line shows the epoch time and fits 100 columns with many loss parts', () => {
  const parts = { total: 123.456, reconstruction: 100.123, discriminator: 1.386, generator: 0.693, adversarial: 2.5 };
  const text = epochLine({ epoch: 12, step: 4690, seconds: 999, train: parts, test: parts }, 3.25);
  assert.match(text, /^epoch 12 \(3\.3 s\): train total 123\.456 · reconstruction 100\.123/);
  assert.match(text, /\n {2}test total 123\.456/);
  for (const line of text.split('\n')) assert.ok([...line].length <= 100, line);
});
