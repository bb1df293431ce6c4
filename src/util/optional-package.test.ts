import assert from 'node:assert/strict';
import { test } from 'node:test';
import { importOptional, MissingPackageError, required } from './optional-package.js';

test('an optional package: the module when installed, null when not, and a one-line error naming the install command', async () => {
  const installed = await importOptional<typeof import('umap-js')>('umap-js');
  assert.equal(typeof installed?.UMAP, 'function', 'umap-js is a dev dependency of this repository');
  assert.equal(await importOptional('aekit-no-such-package'), null);
  assert.throws(() => required(null, 'aekit serve', ['fastify', 'prom-client']), (e: unknown) => {
    assert.ok(e instanceof MissingPackageError);
    assert.equal(e.message, "aekit serve needs 'fastify' and 'prom-client', not installed here; add them to your project: npm install fastify prom-client");
    return true;
  });
  assert.equal(required(installed, 'the UMAP baseline', ['umap-js']), installed);
});

test('a package that is installed but fails while loading is not mistaken for a missing one', async () => {
  // A file URL that exists but is not a module: the error propagates.
  await assert.rejects(importOptional(new URL('../../package.json', import.meta.url).href), /import attribute|JSON|Unknown file extension|needs an import/i);
});
