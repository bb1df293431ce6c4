import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import type { ExploreSession } from '../explore/routes.js';
import { CLI, startExplorer, trainRun } from '../testing/explore-runs.js';

test('aekit explore RUN --json prints its URL on 127.0.0.1, serves the run, and stops cleanly on SIGTERM', async () => {
  const run = await trainRun('vae', ['--model', 'vae', '--latent', '2', '--hidden', '16']);
  const explorer = await startExplorer([run, '--points', '100']);
  assert.match(explorer.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
  const session = (await (await fetch(new URL('/api/session', explorer.url))).json()) as ExploreSession;
  assert.equal(session.run!.testCount, 100);
  assert.match(explorer.stderr(), /exploring .* \(100 test samples\)/);
  assert.equal(await explorer.stop(), 0);
});

test('aekit explore on a folder that is not a run says so in one line and exits 1', async () => {
  const result = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
    execFile(process.execPath, [CLI, 'explore', '/nonexistent/run', '--json'], (err, _out, stderr) => resolve({ code: err ? (err as { code?: number }).code ?? 1 : 0, stderr }));
  });
  assert.equal(result.code, 1);
  assert.match(result.stderr, /^aekit: error: .*no such run folder\n$/);
});

test('aekit explore MODEL_FILE shows a bare model file (as train-here downloads) on MNIST’s test split', async () => {
  const run = await trainRun('vae-file', ['--model', 'vae', '--latent', '2', '--hidden', '16']);
  const explorer = await startExplorer([join(run, 'model.safetensors'), '--points', '50']);
  try {
    const session = (await (await fetch(new URL('/api/session', explorer.url))).json()) as ExploreSession;
    assert.equal(session.run!.name, 'model.safetensors');
    assert.equal(session.run!.data.spec, 'mnist');
    assert.equal(session.run!.testCount, 50);
    assert.deepEqual(session.run!.figures, []);
  } finally {
    await explorer.stop();
  }
});
