/** The chapter-2 labs (and the DAE and VAE ones beside them) end to end through the built CLI, on tiny settings. */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { assertOneLineError, runCli as runOnJs } from '../testing/cli.js';

const root = mkdtempSync(join(tmpdir(), 'aekit-labs2-'));
// The fastest backend: these tests check what the labs write, not numbers that differ by backend.
const runCli = (args: string[]) => runOnJs(args, { AEKIT_BACKEND: 'auto' });

async function lab(name: string, args: string[]): Promise<{ json: Record<string, unknown>; out: string }> {
  const out = join(root, name);
  const r = await runCli(['lab', name, ...args, '--out', out, '--json']);
  assert.equal(r.code, 0, r.stderr);
  return { json: JSON.parse(r.stdout) as Record<string, unknown>, out };
}

function assertFiles(out: string, files: string[]): void {
  for (const f of files) assert.ok(existsSync(join(out, f)), f);
}

test('lab manifold: the lecture\'s bin numbers, distance ratios, and random images far from the digits', async () => {
  const { json, out } = await lab('manifold', ['--trials', '400', '--max-dims', '2', '--images', '20', '--train-size', '200', '--epochs', '1', '--iw-samples', '2']);
  const bins = json['binOccupancy'] as { dims: number; bins: number; expected: number; max: number; measured: number }[];
  assert.deepEqual(bins.map((b) => [b.dims, b.bins, b.max]), [[1, 10, 0.8], [2, 100, 0.08]]);
  assert.equal(bins[0]!.expected.toFixed(4), '0.5695');
  const medians = json['medians'] as { nearestDistance: { uniformNoise: number; digits: number }; nll: { uniformNoise: number; digits: number } };
  assert.ok(medians.nearestDistance.uniformNoise > 2 * medians.nearestDistance.digits);
  assert.ok(medians.nll.uniformNoise > medians.nll.digits);
  assertFiles(out, ['manifold-images.svg', 'manifold-nearest-distance.svg', 'manifold-nll.svg', 'curse-bins.svg', 'curse-distances.svg']);
});

test('lab linear-ae, swiss-roll and denoising-curve write their figures and numbers', async () => {
  const l = await lab('linear-ae', ['--codes', '2', '--train-size', '200', '--epochs', '2']);
  const run = (l.json['runs'] as { k: number; anglesDegrees: number[]; mse: { linearAe: number; pca: number } }[])[0]!;
  assert.equal(run.k, 2);
  assert.equal(run.anglesDegrees.length, 2);
  assert.ok(run.mse.linearAe >= run.mse.pca * 0.999, 'PCA is the optimum');
  assertFiles(l.out, ['linear-ae-angles.svg', 'linear-ae-k2-vectors.png']);

  const s = await lab('swiss-roll', ['--points', '700', '--epochs', '20', '--methods', 'pca,isomap,lle,ae']);
  const rolls = s.json['runs'] as { roll: string; rankCorrelation: Record<string, number>; unexplainedVariance: Record<string, number> }[];
  assert.deepEqual(rolls.map((r) => r.roll), ['clean', 'noisy']);
  const [clean, noisy] = [rolls[0]!, rolls[1]!];
  for (const m of ['isomap', 'lle']) {
    assert.ok(clean.rankCorrelation[m]! > 0.9 && noisy.rankCorrelation[m]! < 0.5, `${m} unrolls the clean roll, not the noisy one: ${clean.rankCorrelation[m]}, ${noisy.rankCorrelation[m]}`);
  }
  assert.ok(clean.rankCorrelation['pca']! < 0.5, `PCA does not unroll it: ${clean.rankCorrelation['pca']}`);
  assert.deepEqual(Object.keys(clean.unexplainedVariance).sort(), ['ae', 'pca'], 'only the methods with a decoder reconstruct');
  assert.ok(clean.unexplainedVariance['ae']! < clean.unexplainedVariance['pca']! / 2, `the AE's 2-D code keeps more of the roll than PCA's: ${JSON.stringify(clean.unexplainedVariance)}`);
  assertFiles(s.out, ['swiss-roll-clean.svg', 'swiss-roll-noisy.svg']);

  const d = await lab('denoising-curve', ['--rates', '0,0.5', '--hidden-units', '16', '--epochs', '1', '--train-size', '200', '--test-size', '50']);
  const points = d.json['points'] as { rate: number; cleanMse: number; probeTestError: number }[];
  assert.deepEqual(points.map((p) => p.rate), [0, 0.5]);
  assert.ok(points.every((p) => p.cleanMse > 0 && p.probeTestError >= 0 && p.probeTestError <= 1));
  assertFiles(d.out, ['denoising-curve.svg', 'denoising-probe.svg', 'denoising-filters.svg']);
});

test('lab latent-drift and lab compression write their figures and numbers', async () => {
  const drift = await lab('latent-drift', ['--epochs', '2', '--train-size', '200', '--test-size', '50']);
  const runs = drift.json['runs'] as { model: string; summaries: { epoch: number; meanSquaredNorm: number }[] }[];
  assert.deepEqual(runs.map((r) => [r.model, r.summaries.length]), [['ae', 2], ['vae', 2]]);
  assertFiles(drift.out, ['latent-drift-ae.svg', 'latent-drift-vae.svg', 'latent-drift-norm.svg']);

  const c = await lab('compression', ['--latent', '4', '--bits', '2,4', '--quality', '50', '--epochs', '1', '--train-size', '200', '--test-size', '20']);
  const ae = (c.json['ae'] as { points: { bits: number; psnr: number }[] }[])[0]!;
  assert.deepEqual(ae.points.map((p) => p.bits), [8, 16]);
  const jpeg = (c.json['jpeg'] as { fileBits: number; scanBits: number; psnr: number }[])[0]!;
  assert.ok(jpeg.scanBits > 0 && jpeg.scanBits < jpeg.fileBits && jpeg.psnr > 15);
  assertFiles(c.out, ['compression-rate-psnr.svg', 'compression-examples.svg']);
  assertOneLineError(await runCli(['lab', 'compression', '--bits', '0', '--out', join(root, 'no')]), /--bits: bad list '0'/, 2);
});
