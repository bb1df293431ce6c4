import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findDuplicateKey, JsonFormatError, nestingDepth, parseJsonStrict } from './strict-json.js';

test('parses JSON like JSON.parse when keys are unique', () => {
  const text = '{"a": [1, {"a": 2, "b": "x,\\"{"}], "b": {"c": null}, "c\\u0041": 3}';
  assert.deepEqual(parseJsonStrict(text), JSON.parse(text));
});

test('rejects a repeated key at any depth, comparing decoded keys', () => {
  assert.equal(findDuplicateKey('{"a":1,"a":2}'), 'a');
  assert.equal(findDuplicateKey('{"x":[{"k":1},{"k":2}],"y":{"k":1,"j":{"z":1},"k":3}}'), 'k');
  assert.equal(findDuplicateKey('{"\\u0061":1,"a":2}'), 'a');
  assert.equal(findDuplicateKey('["a","a",{"a":"a"}]'), null);
  assert.throws(() => parseJsonStrict('{"w":1,"w":1}'), (err: unknown) => err instanceof JsonFormatError && /"w" more than once/.test(err.message));
  assert.throws(() => parseJsonStrict('{"w":'), /not valid JSON/);
});

test('refuses nesting deeper than the cap before parsing, and counts brackets inside strings as text', () => {
  const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
  assert.throws(() => parseJsonStrict(deep), (err: unknown) => err instanceof JsonFormatError && /nested more than 64 levels deep/.test(err.message));
  assert.deepEqual(parseJsonStrict('[[["[[[[[["]]]', { maxDepth: 3 }), [[['[[[[[[']]]);
  assert.throws(() => parseJsonStrict('[[[[1]]]]', { maxDepth: 3 }), /more than 3 levels/);
  assert.equal(nestingDepth('{"a": [{"b": "}}}}"}]}'), 3);
});

test('error messages give a position, never the text around it', () => {
  assert.throws(() => parseJsonStrict('root:x:0:0:root:/root:/bin/bash'), (err: unknown) => {
    assert.ok(err instanceof JsonFormatError);
    assert.doesNotMatch(err.message, /root|bash/);
    assert.match(err.message, /^not valid JSON/);
    return true;
  });
});
