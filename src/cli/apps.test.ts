/** The application commands end to end through the built CLI, on tiny runs trained here. */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { PNG } from 'pngjs';
import { assertOneLineError, runCli } from '../testing/cli.js';

const SMALL = ['--train-size', '300', '--test-size', '120', '--hidden', '32', '--batch', '64', '--epochs', '1', '--no-figures'];
// The fastest backend: these tests check what the commands do, not numbers that differ by backend.
const aekit = (args: string[]) => runCli(args, { AEKIT_BACKEND: 'auto' });

const root = mkdtempSync(join(tmpdir(), 'aekit-apps-'));
const runs = new Map<string, Promise<string>>();
/** A tiny trained run of `model` (trained once, shared by the tests). */
function trained(model: string, extra: string[] = []): Promise<string> {
  let p = runs.get(model);
  if (p === undefined) {
    const dir = join(root, model);
    p = aekit(['train', '--model', model, ...SMALL, ...extra, '--out', dir]).then((r) => {
      assert.equal(r.code, 0, r.stderr);
      return dir;
    });
    runs.set(model, p);
  }
  return p;
}

test('interpolate: pixel and latent rows with distances to the training set; conditional models add the analogy grid', async () => {
  const vae = await trained('vae', ['--latent', '2']);
  const out = join(root, 'interp');
  const r = await aekit(['interpolate', vae, '--from', '3', '--to', '7', '--steps', '5', '--path', 'slerp', '--out', out, '--json']);
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout) as { t: number[]; nearestTrainingDistance: { pixel: number[]; latent: number[] }; files: string[] };
  assert.deepEqual(j.t, [0, 0.25, 0.5, 0.75, 1]);
  assert.equal(j.nearestTrainingDistance.pixel.length, 5);
  assert.ok(j.nearestTrainingDistance.latent.every((v) => Number.isFinite(v) && v > 0));
  const svg = readFileSync(join(out, 'interpolation-slerp.svg'), 'utf8');
  assert.ok(svg.includes('>pixel space<') && svg.includes('>latent space<'));

  const cvae = await trained('cvae', ['--latent', '2']);
  const c = await aekit(['interpolate', cvae, '--out', out, '--json']);
  assert.equal(c.code, 0, c.stderr);
  const analogy = readFileSync(join(out, 'analogy.svg'), 'utf8');
  for (const label of ['>input<', '>0<', '>9<']) assert.ok(analogy.includes(label), label);
});

test('retrieve: neighbours by codes and pixels, P@k and mAP for codes, pixels and PCA', async () => {
  const vae = await trained('vae', ['--latent', '2']);
  const out = join(root, 'retrieve');
  const r = await aekit(['retrieve', vae, '--query', '2', '--k', '5', '--test-size', '100', '--train-size', '300', '--out', out, '--json']);
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout) as { neighbours: Record<string, number[]>; metrics: Record<string, { precisionAtK: number; meanAveragePrecision: number; queries: number }> };
  for (const space of ['codes', 'pixels', 'pca']) {
    assert.equal(j.neighbours[space]!.length, 5);
    assert.ok(!j.neighbours[space]!.includes(2), 'the query is not its own neighbour');
    const m = j.metrics[space]!;
    assert.equal(m.queries, 100);
    assert.ok(m.precisionAtK > 0.1 && m.precisionAtK <= 1 && m.meanAveragePrecision > 0 && m.meanAveragePrecision <= 1, JSON.stringify(m));
  }
  assert.ok(existsSync(join(out, 'retrieval-2.svg')));
});

test('anomaly: leave-one-class-out AUCs for every score of a VAE, with ROC and AUC figures', async () => {
  const out = join(root, 'anomaly');
  const r = await aekit(['anomaly', '--classes', '0,1', '--epochs', '1', '--train-size', '300', '--test-size', '100', '--hidden', '32', '--latent', '4', '--iw-samples', '5', '--out', out, '--json']);
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout) as { classes: { heldOut: number; trainSamples: number; anomalies: number; auc: Record<string, number> }[]; meanAuc: Record<string, number> };
  assert.deepEqual(j.classes.map((c) => c.heldOut), [0, 1]);
  for (const c of j.classes) {
    assert.ok(c.trainSamples < 300 && c.anomalies > 0);
    assert.deepEqual(Object.keys(c.auc), ['reconstruction', 'negative-elbo', 'iw-nll']);
    for (const a of Object.values(c.auc)) assert.ok(a >= 0 && a <= 1);
  }
  for (const f of ['roc-reconstruction.svg', 'roc-negative-elbo.svg', 'roc-iw-nll.svg', 'anomaly-auc.svg']) assert.ok(existsSync(join(out, f)), f);
  assertOneLineError(await aekit(['anomaly', '--model', 'cvae', '--train-size', '100', '--test-size', '50', '--out', join(root, 'nope')]), /model 'cvae' is conditional/, 1);
  assertOneLineError(await aekit(['anomaly', '--classes', '0,12', '--train-size', '100', '--test-size', '50', '--out', join(root, 'nope')]), /class 12 is out of range/, 1);
  assert.ok(!existsSync(join(root, 'nope')), 'nothing written');
});

test('score: one score per CSV row; a model without a posterior refuses −ELBO', async () => {
  const vae = await trained('vae', ['--latent', '2']);
  const csv = join(root, 'rows.csv');
  writeFileSync(csv, `${Array.from({ length: 3 }, (_, i) => Array.from({ length: 784 }, (_, j) => ((i * j) % 7) / 7).join(',')).join('\n')}\n`);
  const out = join(root, 'scores.csv');
  const r = await aekit(['score', vae, '--data', `csv:${csv}`, '--score', 'iw-nll', '--samples', '4', '--out', out]);
  assert.equal(r.code, 0, r.stderr);
  const lines = readFileSync(out, 'utf8').trim().split('\n');
  assert.equal(lines[0], 'row,score');
  assert.equal(lines.length, 4);
  assert.ok(lines.slice(1).every((l) => /^\d,\d+(\.\d+)?(e[+-]?\d+)?$/.test(l)), lines.join('|'));
  const j = JSON.parse((await aekit(['score', vae, '--data', `csv:${csv}`, '--json'])).stdout) as { rows: number; scores: number[] };
  assert.equal(j.rows, 3);
  assert.equal(j.scores.length, 3);
  const ae = await trained('ae');
  assertOneLineError(await aekit(['score', ae, '--data', `csv:${csv}`, '--score', 'negative-elbo']), /--score: score 'negative-elbo' needs a variational model.*'ae'/, 2);
  const narrow = join(root, 'narrow.csv');
  writeFileSync(narrow, '1,2,3\n4,5,6\n');
  assertOneLineError(await aekit(['score', vae, '--data', `csv:${narrow}`]), /has 3 values per sample, but the model takes 784/, 1);
});

test('inpaint: model fill vs mean and nearest-neighbour fills; bad masks and methods are one-line errors', async () => {
  const vae = await trained('vae', ['--latent', '2']);
  const out = join(root, 'inpaint');
  const r = await aekit(['inpaint', vae, '--mask', 'random:0.5', '--method', 'metropolis-gibbs', '--iterations', '6', '--test-size', '40', '--out', out, '--json']);
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout) as { missingFraction: number; missingMse: Record<string, number>; acceptanceRate: number };
  assert.ok(Math.abs(j.missingFraction - 0.5) < 0.02);
  for (const k of ['model', 'mean', 'nearestNeighbour']) assert.ok(j.missingMse[k]! > 0 && j.missingMse[k]! < 0.5, k);
  assert.ok(j.acceptanceRate >= 0 && j.acceptanceRate <= 1);
  const svg = readFileSync(join(out, 'inpaint-random.svg'), 'utf8');
  for (const label of ['>masked<', '>metropolis-gibbs<', '>truth<']) assert.ok(svg.includes(label), label);

  const ae = await trained('ae');
  const a = await aekit(['inpaint', ae, '--mask', 'top', '--iterations', '3', '--test-size', '20', '--out', out, '--json']);
  assert.equal(a.code, 0, a.stderr);
  assert.equal((JSON.parse(a.stdout) as { method: string }).method, 'iterate');

  const bad = join(root, 'bad-inpaint');
  const png = new PNG({ width: 10, height: 10 });
  const maskFile = join(root, 'small-mask.png');
  writeFileSync(maskFile, PNG.sync.write(png));
  assertOneLineError(await aekit(['inpaint', vae, '--mask', maskFile, '--out', bad]), /small-mask\.png is 10×10 pixels, but the images are 28×28/, 1);
  assertOneLineError(await aekit(['inpaint', vae, '--mask', 'diagonal', '--out', bad]), /--mask: unknown mask 'diagonal'/, 2);
  assertOneLineError(await aekit(['inpaint', ae, '--mask', 'top', '--method', 'pseudo-gibbs', '--out', bad]), /needs a variational model.*'ae'/, 2);
  assert.ok(!existsSync(bad), 'nothing written');
});

test('denoise: PSNR before and after; Gaussian noise of σ = 0.3 gives the closed-form 10·log₁₀(1/0.09) dB', async () => {
  const ae = await trained('ae');
  const out = join(root, 'denoise');
  const r = await aekit(['denoise', ae, '--noise', 'gaussian:0.3', '--test-size', '120', '--out', out, '--json']);
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout) as { noisy: { psnr: number }; restored: { psnr: number }; cleanReconstruction: { psnr: number } };
  assert.ok(Math.abs(j.noisy.psnr - 10 * Math.log10(1 / 0.09)) < 0.1, `${j.noisy.psnr}`);
  assert.ok(Number.isFinite(j.restored.psnr) && Number.isFinite(j.cleanReconstruction.psnr));
  const svg = readFileSync(join(out, 'denoise-gaussian.svg'), 'utf8');
  for (const label of ['>noisy<', '>clean<', '>restored<']) assert.ok(svg.includes(label), label);
  assertOneLineError(await aekit(['denoise', ae, '--noise', 'speckle:0.2', '--out', join(root, 'x')]), /--noise: unknown noise 'speckle:0.2'/, 2);
});

test('an index out of range is a one-line error that names the option, and nothing is written', async () => {
  const vae = await trained('vae', ['--latent', '2']);
  const out = join(root, 'never');
  assertOneLineError(await aekit(['interpolate', vae, '--from', '500', '--out', out]), /--from 500 is out of range: the .* split has 120 samples \(0 … 119\)/, 1);
  assertOneLineError(await aekit(['retrieve', vae, '--query', '5000', '--test-size', '100', '--out', out]), /--query 5000 is out of range/, 1);
  assert.ok(!existsSync(out));
  assert.deepEqual(readdirSync(vae).filter((f) => f.startsWith('.aekit-tmp')), []);
});
