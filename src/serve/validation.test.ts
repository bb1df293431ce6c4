import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkFields, parseCount, parseLabels, parseRows, RequestError } from './validation.js';

const limits = { maxRows: 3 };
const rejects = (fn: () => unknown, pattern: RegExp) => assert.throws(fn, (e: Error) => e instanceof RequestError && e.status === 400 && pattern.test(e.message));

test('parseRows: rows flat or nested to the sample shape give the same values', () => {
  const flat = parseRows([[1, 2, 3, 4], [5, 6, 7, 8]], 'x', [1, 2, 2], limits);
  const nested = parseRows([[[[1, 2], [3, 4]]], [[[5, 6], [7, 8]]]], 'x', [1, 2, 2], limits);
  assert.equal(flat.count, 2);
  assert.deepEqual([...flat.data], [1, 2, 3, 4, 5, 6, 7, 8]);
  assert.deepEqual([...nested.data], [...flat.data]);
  assert.deepEqual([...parseRows([[0.5]], 'z', [1], limits).data], [0.5]);
});

test('parseRows: wrong shapes, non-finite values and too many rows are named with their index', () => {
  rejects(() => parseRows([[1, 2, 3]], 'x', [4], limits), /x\[0\] is an array of 3; expected 4 entries/);
  rejects(() => parseRows([[[1, 2], [3]]], 'x', [2, 2], limits), /x\[0\]\[1\] is an array of 1; expected 2 entries/);
  rejects(() => parseRows([[1, Infinity]], 'x', [2], limits), /x\[0\]\[1\] is Infinity, not a finite number/);
  rejects(() => parseRows([[1, null]], 'x', [2], limits), /x\[0\]\[1\] is null, not a number/);
  rejects(() => parseRows([[1, '2']], 'x', [2], limits), /x\[0\]\[1\] is a string, not a number/);
  rejects(() => parseRows([1, 2], 'x', [2], limits), /x\[0\] is 1; each row must be an array of 2 numbers/);
  rejects(() => parseRows([], 'x', [2], limits), /'x' has no rows/);
  rejects(() => parseRows({}, 'x', [2], limits), /'x' must be an array of rows of shape \[2\]/);
  rejects(() => parseRows([[1], [2], [3], [4]], 'z', [1], limits), /'z' has 4 rows; at most 3 per request/);
});

test('checkFields: unknown and missing fields, and bodies that are not objects', () => {
  assert.deepEqual(checkFields({ x: 1 }, ['x', 'labels'], ['x']), { x: 1 });
  rejects(() => checkFields({ x: 1, y: 2 }, ['x'], ['x']), /unknown field 'y' \(fields: x\)/);
  rejects(() => checkFields({}, ['x'], ['x']), /missing field 'x'/);
  rejects(() => checkFields([1], ['x'], ['x']), /must be a JSON object/);
  rejects(() => checkFields(null, ['x'], ['x']), /got null/);
});

test('parseLabels and parseCount: integer classes and counts in range', () => {
  assert.deepEqual([...parseLabels([0, 2], 2, 3)], [0, 2]);
  rejects(() => parseLabels([0, 3], 2, 3), /labels\[1\] is 3; labels are integers in 0\.\.2/);
  rejects(() => parseLabels([0.5], 1, 3), /labels\[0\] is 0\.5/);
  rejects(() => parseLabels([0], 2, 3), /'labels' has 1 entries for 2 rows/);
  assert.equal(parseCount(5, 'n', 1, 10), 5);
  rejects(() => parseCount(11, 'n', 1, 10), /'n' must be an integer in 1\.\.10; got 11/);
  rejects(() => parseCount('5', 'n', 1, 10), /got a string/);
});
