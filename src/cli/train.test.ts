/** `aekit train` and the commands that read its run folders, end to end through the built CLI. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { assertFitsColumns, assertOneLineError, CLI as cli, runCli, type CliResult } from '../testing/cli.js';

const SMALL = ['--train-size', '256', '--test-size', '128', '--hidden', '32', '--batch', '64'];

type Result = CliResult;
const aekit = (args: string[]) => runCli(args);

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'aekit-cli-'));
}

const dir = join(tempDir(), 'run');
let trained: Promise<Result> | null = null;
const trainOnce = () => (trained ??= aekit(['train', ...SMALL, '--epochs', '2', '--out', dir, '--json']));

test('train writes the whole run folder and prints one JSON result', async () => {
  const r = await trainOnce();
  assert.equal(r.code, 0, r.stderr);
  const result = JSON.parse(r.stdout) as { runDir: string; model: string; epochs: number; steps: number; test: Record<string, number>; testNegativeElbo: number; figures: string[] };
  assert.equal(result.model, 'vae');
  assert.equal(result.epochs, 2);
  assert.equal(result.steps, 8);
  assert.ok(Number.isFinite(result.testNegativeElbo) && result.testNegativeElbo > 0);
  for (const f of ['config.json', 'metrics.csv', 'metrics.json', 'model.safetensors', 'checkpoint.safetensors', 'checkpoint.json',
    'reconstructions.png', 'samples.png', 'latent.svg', 'manifold.png', 'loss.svg']) {
    assert.ok(existsSync(join(dir, f)), `${f} is written`);
  }
  assert.deepEqual(result.figures.sort(), ['latent.svg', 'loss.svg', 'manifold.png', 'reconstructions.png', 'samples.png']);
  assert.equal(readFileSync(join(dir, 'metrics.csv'), 'utf8').trim().split('\n').length, 3);
  assert.match(r.stderr, /epoch 2 \(\d+\.\d s\): train total/);
  assert.deepEqual(readdirSync(dir).filter((f) => f.startsWith('.aekit-tmp')), []);
});

test('eval reproduces the last epoch\'s test loss; sample, encode and reconstruct read the run', async () => {
  assert.equal((await trainOnce()).code, 0);
  const ev = await aekit(['eval', dir, '--json']);
  assert.equal(ev.code, 0, ev.stderr);
  const parts = (JSON.parse(ev.stdout) as { test: Record<string, number> }).test;
  const last = (JSON.parse(readFileSync(join(dir, 'metrics.json'), 'utf8')) as { epochs: { test: Record<string, number> }[] }).epochs.at(-1)!;
  assert.deepEqual(parts, last.test);

  const out = join(tempDir(), 's.png');
  const sample = await aekit(['sample', dir, '--n', '12', '--out', out, '--seed', '3']);
  assert.equal(sample.code, 0, sample.stderr);
  assert.deepEqual([...readFileSync(out).subarray(1, 4)], [0x50, 0x4e, 0x47]);

  const enc = await aekit(['encode', dir]);
  assert.equal(enc.code, 0, enc.stderr);
  const rows = enc.stdout.trim().split('\n');
  assert.equal(rows[0], 'z1,z2,label');
  assert.equal(rows.length, 129);
  assert.match(rows[1]!, /^-?[\d.e-]+,-?[\d.e-]+,\d$/);

  const rec = join(tempDir(), 'r.png');
  const recon = await aekit(['reconstruct', dir, '--n', '10', '--out', rec]);
  assert.equal(recon.code, 0, recon.stderr);
  assert.ok(existsSync(rec));
});

test('the denoising AE gets noisy/clean/restored triples; codes above 2-D skip the manifold', async () => {
  const out = join(tempDir(), 'dae');
  const r = await aekit(['train', '--model', 'dae', '--noise', '0.4', '--latent', '4', ...SMALL, '--epochs', '1', '--out', out]);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(existsSync(join(out, 'denoising.png')));
  assert.ok(!existsSync(join(out, 'manifold.png')));
  assert.match(r.stderr, /no manifold.png \(codes are 4-D, not 2-D\)/);
  // What a person reads: the run folder, each figure by its full path, the next commands, in 100 columns.
  assert.match(r.stdout, /^run: \//);
  assert.match(r.stderr, /^epoch 1 \(\d+\.\d s\): train total/m);
  const figures = r.stdout.split('\n').filter((l) => l.startsWith('  /')).map((l) => l.trim());
  assert.deepEqual(figures.map((f) => f.slice(out.length + 1)).sort(), ['denoising.png', 'latent.svg', 'loss.svg', 'reconstructions.png']);
  for (const f of figures) assert.ok(existsSync(f), f);
  assert.match(r.stdout, new RegExp(`^next: aekit eval ${out}( · aekit explore ${out})?$`, 'm'));
  assertFitsColumns(r.stdout);
  assertFitsColumns(r.stderr);
});

test('usage errors: one line, exit code 2, no help dump', async () => {
  assertOneLineError(await aekit(['train', '--epochs', 'x']), /option '--epochs <n>' argument 'x' is invalid.*; see --help$/, 2);
  assertOneLineError(await aekit(['train', '--outt', 'x']), /unknown option '--outt' \(Did you mean --out\?\); see --help$/, 2);
  assertOneLineError(await aekit(['trian']), /unknown command 'trian'/, 2);
  const r = await aekit(['train', '--bogus']);
  assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  assert.equal(r.stdout, '');
});

test('a run killed with SIGKILL resumes (--resume) to the same model file as an uninterrupted run', async () => {
  const args = ['--train-size', '1500', '--test-size', '100', '--hidden', '64', '--batch', '16', '--epochs', '3', '--no-figures'];
  const straightDir = join(tempDir(), 'straight');
  const straight = aekit(['train', ...args, '--out', straightDir]);

  const killedDir = join(tempDir(), 'killed');
  const proc = spawn(process.execPath, [cli, 'train', ...args, '--out', killedDir], { stdio: 'ignore', env: { ...process.env, AEKIT_BACKEND: 'js' } });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => proc.on('exit', (_c, signal) => resolve(signal)));
  const deadline = Date.now() + 30_000;
  while (!existsSync(join(killedDir, 'model.safetensors'))) {
    assert.ok(Date.now() < deadline, 'no checkpoint within 30 s');
    await new Promise((r) => setTimeout(r, 5));
  }
  proc.kill('SIGKILL');
  assert.equal(await exited, 'SIGKILL');
  const epochs = (JSON.parse(readFileSync(join(killedDir, 'checkpoint.json'), 'utf8')) as { epoch: number }).epoch;
  assert.ok(epochs < 3, `killed before the end (after epoch ${epochs})`);

  const resumed = await aekit(['train', '--resume', killedDir, '--json']);
  assert.equal(resumed.code, 0, resumed.stderr);
  assert.equal((JSON.parse(resumed.stdout) as { epochs: number }).epochs, 3);
  assert.equal((await straight).code, 0);
  assert.ok(readFileSync(join(killedDir, 'model.safetensors')).equals(readFileSync(join(straightDir, 'model.safetensors'))), 'identical model files');
  assert.equal(readFileSync(join(killedDir, 'metrics.csv'), 'utf8').trim().split('\n').length, 4);
});

test('a diverging run stops with exit code 1 and a message naming epoch and step', async () => {
  const out = join(tempDir(), 'nan');
  const r = await aekit(['train', '--model', 'ae', ...SMALL, '--epochs', '3', '--lr', '1e12', '--out', out]);
  assertOneLineError(r, /training diverged at epoch \d+, step \d+: .*the last good checkpoint is kept/, 1);
});

test('bad input: one error line, exit code 2 for a usage error and 1 for bad data, nothing lost', async () => {
  assertOneLineError(await aekit(['train', '--model', 'transformer']), /unknown model 'transformer' \(known: ae, /, 2);
  assertOneLineError(await aekit(['train', '--data', 'cifar']), /unknown data 'cifar'/, 2);
  assertOneLineError(await aekit(['train', '--set', 'nonsense=1', ...SMALL]), /has no option 'nonsense'/, 2);
  assertOneLineError(await aekit(['train', '--set', 'beta=-1', ...SMALL]), /beta/, 2);
  assertOneLineError(await aekit(['train', '--model', 'ae', '--beta', '2']), /--beta: model 'ae' has no option 'beta'/, 2);
  const scratch = tempDir();
  const csv = join(scratch, 'bad.csv');
  writeFileSync(csv, 'a,b\n1,2\n3,nan\n');
  assertOneLineError(await aekit(['train', '--data', `csv:${csv}`]), /bad\.csv: row 3, column 2/, 1);
  assertOneLineError(await aekit(['eval', join(scratch, 'missing')]), /no such run folder/, 1);
  assertOneLineError(await aekit(['sample', scratch]), /has no config\.json/, 1);

  assert.equal((await trainOnce()).code, 0);
  const broken = join(scratch, 'broken');
  cpSync(dir, broken, { recursive: true });
  const model = readFileSync(join(broken, 'model.safetensors'));
  writeFileSync(join(broken, 'model.safetensors'), model.subarray(0, 100));
  assertOneLineError(await aekit(['eval', broken]), /model\.safetensors/, 1);
  writeFileSync(join(broken, 'checkpoint.safetensors'), 'garbage');
  const before = readFileSync(join(broken, 'config.json'));
  assertOneLineError(await aekit(['train', '--resume', broken]), /checkpoint\.safetensors/, 1);
  assert.ok(readFileSync(join(broken, 'config.json')).equals(before), 'config.json untouched');
  assertOneLineError(await aekit(['train', ...SMALL, '--out', dir]), /already holds a run; continue it with --resume/, 1);
  assertOneLineError(await aekit(['train', '--resume', dir, '--lr', '0.1']), /only --epochs may change \(got --lr\)/, 2);
  copyFileSync(join(dir, 'model.safetensors'), join(scratch, 'm.safetensors'));
});
