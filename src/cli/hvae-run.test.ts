/** The two-stochastic-layer VAE through the built CLI: train, eval (ELBO, IW NLL, per-layer active units), sample, export refused. */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { assertOneLineError, runCli as aekit } from '../testing/cli.js';

interface Value { name: string; value: number; standardError: number | null; subset: string }

test('hvae run: trains with samples=K, evaluates elbo and iw-nll, samples through both layers, and export refuses it', async () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'aekit-hvae-')), 'run');
  const sizes = ['--set', 'lowerLatentDim=12', '--set', 'hidden=32', '--set', 'upperHidden=16', '--latent', '6'];
  const train = await aekit(['train', '--model', 'hvae', '--set', 'samples=3', ...sizes, '--data', 'dynamic-binarized-mnist',
    '--train-size', '300', '--test-size', '60', '--batch', '50', '--epochs', '1', '--no-figures', '--out', dir]);
  assert.equal(train.code, 0, train.stderr);
  const r = await aekit(['eval', dir, '--metrics', 'elbo,iw-nll', '--iw-samples', '20', '--samples', '20', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const values = (JSON.parse(r.stdout) as { values: Value[] }).values;
  const get = (name: string) => values.find((v) => v.name === name) ?? assert.fail(`${name} in ${values.map((v) => v.name).join(', ')}`);
  // S = K = 20 on the same per-input draws: −(1/K) Σ log w ≥ −log (1/K) Σ w for every image, so for the means too.
  assert.ok(get('iw-nll').value <= get('negative-elbo').value, `IW ${get('iw-nll').value} vs −ELBO ${get('negative-elbo').value}`);
  assert.ok(Math.abs(get('elbo-reconstruction').value + get('kl').value - get('negative-elbo').value) < 1e-6);
  assert.ok(get('active-units').value <= 6 && get('active-units-z1').value <= 12);
  assert.match(get('iw-nll').subset, /60 test images, K = 20/);

  const png = join(dir, 'hv-samples.png');
  assert.equal((await aekit(['sample', dir, '--n', '4', '--out', png])).code, 0);
  assert.ok(existsSync(png));
  for (const format of ['onnx', 'torch']) {
    assertOneLineError(await aekit(['export', dir, '--format', format]), /model 'hvae' does not declare its networks/, 1);
  }
  assert.ok(!readdirSync(dir).includes('export') || readdirSync(join(dir, 'export')).length === 0, 'no export files written');
});
