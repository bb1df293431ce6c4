/** `aekit eval`, `aekit baseline` and `aekit compare` end to end through the built CLI, on small data. */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { assertOneLineError, runCli as aekit, type CliResult } from '../testing/cli.js';

const SMALL = ['--train-size', '300', '--test-size', '100', '--hidden', '32', '--batch', '50', '--epochs', '1', '--no-figures'];

interface Value { name: string; value: number; standardError: number | null; subset: string }
interface ReportJson { values: Value[]; skipped: { metric: string; reason: string }[]; test: Record<string, number> | null; figures: string[]; details: Record<string, unknown> }

const scratch = mkdtempSync(join(tmpdir(), 'aekit-eval-'));
const vaeDir = join(scratch, 'vae');
const aeDir = join(scratch, 'ae');
let runs: Promise<[CliResult, CliResult]> | null = null;
const trainOnce = () => (runs ??= Promise.all([
  aekit(['train', '--model', 'vae', '--latent', '2', ...SMALL, '--out', vaeDir]),
  aekit(['train', '--model', 'ae', '--latent', '2', ...SMALL, '--out', aeDir]),
]));

const value = (r: ReportJson, name: string): Value => {
  const v = r.values.find((x) => x.name === name);
  assert.ok(v !== undefined, `${name} in ${r.values.map((x) => x.name).join(', ')}`);
  return v;
};

test('eval of a VAE: the chosen metrics with standard errors and subsets, written to eval/report.json and figures', async () => {
  const [vae] = await trainOnce();
  assert.equal(vae.code, 0, vae.stderr);
  const r = await aekit(['eval', vaeDir, '--metrics', 'elbo,iw-nll,reconstruction,knn,trustworthiness', '--iw-samples', '20', '--samples', '3', '--trust-size', '60', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const report = JSON.parse(r.stdout) as ReportJson;
  const elbo = value(report, 'negative-elbo');
  const iw = value(report, 'iw-nll');
  assert.ok(elbo.standardError! > 0 && iw.standardError! > 0);
  assert.ok(iw.value < elbo.value + 1, `IW NLL ${iw.value} is not above −ELBO ${elbo.value} (up to noise)`);
  assert.match(iw.subset, /100 test images, K = 20/);
  assert.ok(value(report, 'sse').value > 0 && value(report, 'psnr').value > 0);
  for (const k of [1, 5, 10]) assert.ok(value(report, `knn-${k}`).value > 0.1, 'kNN beats chance on MNIST');
  assert.match(value(report, 'trustworthiness').subset, /first 60 test images/);
  assert.ok(report.test !== null && Number.isFinite(report.test['total']), 'the training loss parts are still reported');
  assert.deepEqual(report.skipped, [], 'nothing asked for was skipped');
  const saved = JSON.parse(readFileSync(join(vaeDir, 'eval', 'report.json'), 'utf8')) as ReportJson;
  assert.deepEqual(saved.values.map((v) => v.name), report.values.map((v) => v.name));
  for (const f of ['nll.svg', 'reconstruction-sse.svg', 'knn.svg']) assert.ok(existsSync(join(vaeDir, 'eval', f)), f);
});

test('eval --protocol: the protocol\'s value beside the paper\'s figure and target, with the conditions that differ', async () => {
  const [vae] = await trainOnce();
  assert.equal(vae.code, 0, vae.stderr);
  const out = join(scratch, 'protocol-eval');
  const r = await aekit(['eval', vaeDir, '--protocol', 'c-vae', '--iw-samples', '20', '--out', out, '--json']);
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout) as ReportJson & { protocol: { id: string; value: number; paper: string; target: string; met: boolean; deviations: string[] } };
  assert.deepEqual(j.values.map((v) => v.name), ['iw-nll'], 'alone, --protocol evaluates only its metric');
  assert.equal(j.protocol.value, value(j, 'iw-nll').value);
  assert.match(j.protocol.paper, /86\.76/);
  assert.equal(j.protocol.target, '≤ 89.5');
  assert.equal(j.protocol.met, j.protocol.value <= 89.5);
  assert.equal(j.protocol.met, false, 'a 1-epoch VAE on 300 images is far from 89.5 nats');
  assert.equal(j.protocol.deviations.length, 2, 'both the 100 test images and K = 20 differ from the papers');
  const text = await aekit(['eval', vaeDir, '--protocol', 'c-vae', '--iw-samples', '20', '--out', out]);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /protocol c-vae: .*\n {2}aekit \d+\.\d\d ± \d+\.\d\d .*· paper 86\.76.*· target ≤ 89\.5: missed/);
  assertOneLineError(await aekit(['eval', vaeDir, '--protocol', 'z']), /--protocol: unknown protocol 'z' \(known: a, b, c-vae/, 2);
  assertOneLineError(await aekit(['eval', vaeDir, '--protocol', 'a', '--metrics', 'knn']), /--protocol a reads the metric 'reconstruction': add it to --metrics/, 2);
});

test('eval of a plain AE: likelihood metrics that need a posterior are a one-line error by name and a note in the default report', async () => {
  const [, ae] = await trainOnce();
  assert.equal(ae.code, 0, ae.stderr);
  assertOneLineError(await aekit(['eval', aeDir, '--metrics', 'iw-nll']), /metric 'iw-nll' does not apply: ae has no variational posterior/, 2);
  assertOneLineError(await aekit(['eval', aeDir, '--metrics', 'parzen']), /no prior to sample from/, 2);
  assertOneLineError(await aekit(['eval', aeDir, '--metrics', 'nope']), /unknown metric 'nope'/, 2);
  const r = await aekit(['eval', aeDir, '--trust-size', '40', '--reference-size', '200']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /\(no elbo: ae has no variational posterior/);
  assert.match(r.stdout, /\(no parzen: ae has no prior/);
  assert.match(r.stdout, /squared error per image \(SSE\)\s+[\d.]+ ± [\d.]+/);
  assert.match(r.stdout, /linear-probe accuracy/);
  assertOneLineError(await aekit(['eval', aeDir, '--metrics', 'trustworthiness', '--trust-size', '20']), /metric 'trustworthiness' does not apply: .*needs more than 20 test images, and 20 are in use/, 2);
  const small = JSON.parse((await aekit(['eval', aeDir, '--metrics', 'knn', '--json', '--test-size', '20'])).stdout) as ReportJson;
  assert.ok(small.values.some((v) => v.name === 'knn-1'));
  const tiny = await aekit(['eval', aeDir, '--trust-size', '20', '--reference-size', '200', '--json']);
  assert.equal(tiny.code, 0, tiny.stderr);
  assert.deepEqual((JSON.parse(tiny.stdout) as ReportJson).skipped.filter((s) => s.metric === 'trustworthiness').length, 1, 'too few images: left out of the default report with the reason');
});

test('baseline pca and umap write run-like folders that eval, encode and compare read', async () => {
  await trainOnce();
  const pcaDir = join(scratch, 'pca');
  const umapDir = join(scratch, 'umap');
  const pca = await aekit(['baseline', 'pca', '--data', 'mnist', '--latent', '2', '--train-size', '300', '--test-size', '100', '--out', pcaDir, '--json']);
  assert.equal(pca.code, 0, pca.stderr);
  assert.equal((JSON.parse(pca.stdout) as { fit: { transductive: boolean } }).fit.transductive, false, 'PCA maps test rows with transform');
  const umap = await aekit(['baseline', 'umap', '--data', 'mnist', '--latent', '2', '--train-size', '300', '--test-size', '100', '--iterations', '50', '--out', umapDir]);
  assert.equal(umap.code, 0, umap.stderr);
  for (const f of ['config.json', 'codes.safetensors', 'metrics.json', 'latent.svg']) assert.ok(existsSync(join(umapDir, f)), f);

  const ev = await aekit(['eval', pcaDir, '--trust-size', '40', '--json']);
  assert.equal(ev.code, 0, ev.stderr);
  const report = JSON.parse(ev.stdout) as ReportJson;
  assert.ok(value(report, 'sse').value > 0, 'PCA reconstructs through inverseTransform');
  assert.deepEqual(report.skipped.map((s) => s.metric).sort(), ['denoising', 'elbo', 'iw-nll', 'parzen']);
  assertOneLineError(await aekit(['eval', umapDir, '--metrics', 'reconstruction']), /umap has no decoder/, 2);

  const enc = await aekit(['encode', umapDir]);
  assert.equal(enc.code, 0, enc.stderr);
  const rows = enc.stdout.trim().split('\n');
  assert.equal(rows[0], 'z1,z2,label');
  assert.equal(rows.length, 101);

  const out = join(scratch, 'cmp');
  const cmp = await aekit(['compare', pcaDir, umapDir, vaeDir, '--metrics', 'knn,trustworthiness', '--trust-size', '40', '--out', out, '--json']);
  assert.equal(cmp.code, 0, cmp.stderr);
  const c = JSON.parse(cmp.stdout) as { columns: { name: string }[]; rows: { name: string; cells: ({ value: number } | null)[]; best: number | null }[] };
  assert.deepEqual(c.columns.map((x) => x.name), ['pca', 'umap', 'vae']);
  const knn10 = c.rows.find((r) => r.name === 'knn-10')!;
  assert.equal(knn10.cells.length, 3);
  const best = knn10.cells.reduce((b, x, i) => (x!.value > knn10.cells[b]!.value ? i : b), 0);
  assert.equal(knn10.best, best);
  for (const f of ['compare.json', 'compare.svg', 'codes.svg']) assert.ok(existsSync(join(out, f)), f);
  const text = await aekit(['compare', pcaDir, umapDir, '--metrics', 'knn,trustworthiness', '--trust-size', '40', '--out', out]);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stderr, /using .*report\.json/, 'saved reports with the same options are reused');
  assert.match(text.stdout, /kNN accuracy, k = 10 ↑\s+[\d.]+ ± [\d.]+/);
});

test('baseline and compare refuse bad input with one line', async () => {
  assertOneLineError(await aekit(['baseline', 'pca', '--data', 'mnist', '--latent', '900', '--train-size', '50', '--test-size', '10', '--out', join(scratch, 'x')]), /--latent 900 is more than/, 2);
  assertOneLineError(await aekit(['compare', join(scratch, 'missing'), join(scratch, 'missing2')]), /no such run folder/, 1);
  assert.equal((await aekit(['baseline', 'sne', '--data', 'mnist'])).code, 2);
  const huge = join(scratch, 'huge-isomap');
  assertOneLineError(await aekit(['baseline', 'isomap', '--data', 'mnist', '--train-size', '20000', '--test-size', '10000', '--out', huge]), /isomap on 30000 rows would hold 30000 × 30000 float64 matrices \(6\.7 GiB\); use at most 23170 rows/, 2);
  assert.ok(!existsSync(huge), 'nothing is written');
});
