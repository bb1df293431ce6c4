/** `aekit serve` through the built CLI: it serves a run folder, and SIGTERM lets the request in flight finish before it exits. */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { createServer, type AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';
import { test } from 'node:test';
import { noGrad } from '../autograd/grad-mode.js';
import { randomInputs, tinyModel, tinyRunDir } from '../testing/tiny-models.js';
import { assertClose } from '../testing/tensors.js';
import { tempDir } from '../testing/training.js';
import { assertOneLineError, runCli, spawnAekitPiped } from '../testing/cli.js';

test('serve: SIGTERM finishes the request in flight, answers it in full, then exits 0 and stops listening', async () => {
  const model = tinyModel('vae', [1, 8, 8], { arch: 'conv' });
  const run = await tinyRunDir(model, tempDir('aekit-serve-'));
  // A long batching wait keeps the request in flight while the signal arrives.
  const proc = spawnAekitPiped(['serve', run, '--port', '0', '--max-wait-ms', '400', '--json']);
  let stderr = '';
  proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  const first = await new Promise<string>((resolve) => createInterface({ input: proc.stdout }).once('line', resolve));
  const { url, model: name, batching } = JSON.parse(first) as { url: string; model: string; batching: { maxWaitMs: number } };
  assert.equal(name, 'vae');
  assert.equal(batching.maxWaitMs, 400);
  assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);

  const { x } = randomInputs(model, 2, 7);
  const rows = [Array.from(x.data.subarray(0, 64)), Array.from(x.data.subarray(64))];
  const response = fetch(`${url}/reconstruct`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ x: rows }) });
  await new Promise((r) => setTimeout(r, 100));
  proc.kill('SIGTERM');
  const r = await response;
  assert.equal(r.status, 200);
  const got = ((await r.json()) as { x: number[][][][] }).x.flat(3);
  // The server runs on the JS backend, this process on the one under test: equal up to float32 rounding.
  assertClose(got, noGrad(() => model.reconstruct(x)).data, { atol: 1e-6, rtol: 1e-5 });
  assert.equal(await exited, 0, stderr);
  assert.match(stderr, /SIGTERM: finishing the requests in flight/);
  assert.match(stderr, /stopped/);
  await assert.rejects(fetch(`${url}/healthz`), /fetch failed/);
});

test('serve: a missing run folder or a taken port is one error line', async () => {
  const run = (args: string[]) => runCli(['serve', ...args]);
  assertOneLineError(await run([join(tempDir('aekit-serve-'), 'nope')]), /nope: no such run folder/, 1);
  assertOneLineError(await run(['x', '--port', '70000']), /not a port/, 2);
  const holder = createServer();
  await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
  try {
    const dir = await tinyRunDir(tinyModel('ae', [12]), tempDir('aekit-serve-'));
    const taken = await run([dir, '--port', String((holder.address() as AddressInfo).port)]);
    assertOneLineError(taken, /EADDRINUSE/, 1);
    assert.equal(taken.stderr.trim().split('\n').length, 1, taken.stderr);
  } finally {
    holder.close();
  }
});
