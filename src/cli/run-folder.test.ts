/**
 * Run folders through the CLI: what `--resume` refuses (and leaves untouched), what it finishes, the lock
 * that keeps a second writer out, crafted folders, and errors that name their file or option.
 */
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadModelFile, saveModelFileSync } from '../io/model-file.node.js';
import { defaultConfig } from '../models/registry.js';
import { RUN_LOCK } from '../train/run-lock.js';
import { assertOneLineError, runCli as aekit, spawnAekit, tempDir } from '../testing/cli.js';
import { validCsv } from '../testing/corrupt-inputs.js';

const scratch = tempDir();
const csv = join(scratch, 'points.csv');
writeFileSync(csv, validCsv(200, 8, 1, true));
const TRAIN = ['--data', `csv:${csv}`, '--hidden', '16', '--batch', '32', '--no-figures'];
const base = join(scratch, 'base');
let trained: ReturnType<typeof aekit> | null = null;
const trainBase = async () => {
  const r = await (trained ??= aekit(['train', ...TRAIN, '--epochs', '2', '--out', base, '--json']));
  assert.equal(r.code, 0, r.stderr);
};
let copies = 0;
async function copyOfBase(): Promise<string> {
  await trainBase();
  const dir = join(scratch, `copy-${++copies}`);
  cpSync(base, dir, { recursive: true });
  return dir;
}
const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as Record<string, Record<string, unknown>>;
const editConfig = (dir: string, edit: (c: Record<string, Record<string, unknown>>) => void) => {
  const c = readJson(join(dir, 'config.json'));
  edit(c);
  writeFileSync(join(dir, 'config.json'), JSON.stringify(c));
};

test('--resume --epochs 1 on a finished 2-epoch run is refused and changes nothing', async () => {
  const dir = await copyOfBase();
  const before = readFileSync(join(dir, 'config.json'));
  assertOneLineError(await aekit(['train', '--resume', dir, '--epochs', '1']), /--epochs 1: the run in .* has already completed 2 epochs; give --epochs 2 or more/, 1);
  assert.ok(readFileSync(join(dir, 'config.json')).equals(before));
  assert.ok(!existsSync(join(dir, RUN_LOCK)), 'the lock is released');
});

test('resuming a finished run rewrites what a kill after its last checkpoint left missing, bit for bit', async () => {
  const dir = await copyOfBase();
  for (const f of ['model.safetensors', 'metrics.csv', 'checkpoint.json']) rmSync(join(dir, f));
  writeFileSync(join(dir, `.aekit-tmp-model.safetensors-999999-1`), 'half a file');
  const r = await aekit(['train', '--resume', dir, '--json']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /already completed its 2 epochs; finishing its files/);
  assert.equal((JSON.parse(r.stdout) as { epochs: number }).epochs, 2);
  for (const f of ['model.safetensors', 'metrics.csv']) assert.ok(readFileSync(join(dir, f)).equals(readFileSync(join(base, f))), f);
  assert.ok(!existsSync(join(dir, '.aekit-tmp-model.safetensors-999999-1')), 'a dead writer\'s temporary file is removed');
});

test('a config.json that names another model than its checkpoint is refused', async () => {
  const other = await copyOfBase();
  const ae = defaultConfig('ae', { inputShape: [8], latentDim: 2, overrides: { hidden: [16], decoder: 'gaussian' } });
  editConfig(other, (c) => (c['model'] = ae as unknown as Record<string, unknown>));
  assertOneLineError(await aekit(['train', '--resume', other, '--epochs', '3']), /config\.json describes a 'ae' model but the checkpoint holds a 'vae' model; the two do not belong to one run/, 1);
  const tweaked = await copyOfBase();
  editConfig(tweaked, (c) => (c['model']!['beta'] = 2));
  assertOneLineError(await aekit(['train', '--resume', tweaked, '--epochs', '3']), /config\.json and the checkpoint describe different vae models \(they differ at 'beta'\)/, 1);
});

test('a data file that changed since the run started is refused, naming it', async () => {
  const dir = await copyOfBase();
  const changed = join(scratch, 'points-changed.csv');
  writeFileSync(changed, readFileSync(csv, 'utf8').replace(/\n(-?\d)/, '\n9$1'));
  editConfig(dir, (c) => (c['data']!['spec'] = `csv:${changed}`));
  assertOneLineError(await aekit(['train', '--resume', dir, '--epochs', '3']), /the data csv:.*points-changed\.csv is not the data the run was trained on \(config\.json records train crc32:/, 1);
});

test('one writer per run folder: a second training is refused while the first runs; a killed holder\'s lock is taken over', async () => {
  const out = join(scratch, 'locked');
  const first = spawnAekit(['train', ...TRAIN, '--epochs', '5000', '--out', out]);
  const exited = new Promise((resolve) => first.on('exit', resolve));
  const deadline = Date.now() + 30_000;
  while (!existsSync(join(out, 'checkpoint.json'))) {
    assert.ok(Date.now() < deadline, 'the first training got going');
    await new Promise((r) => setTimeout(r, 20));
  }
  assertOneLineError(await aekit(['train', ...TRAIN, '--epochs', '2', '--out', out]), new RegExp(`locked: is in use by another aekit process \\(pid ${first.pid} on .*'train' since`), 1);
  assertOneLineError(await aekit(['train', '--resume', out]), /is in use by another aekit process/, 1);
  first.kill('SIGKILL');
  await exited;
  assert.ok(existsSync(join(out, RUN_LOCK)), 'SIGKILL leaves the lock behind');
  const r = await aekit(['train', '--resume', out, '--epochs', '1', '--json']).then((x) => x);
  // Whatever epoch the first one reached, a stale lock never blocks; the epochs check may refuse, the lock must not.
  assert.doesNotMatch(r.stderr, /in use/);
  assert.match(r.stderr, new RegExp(`took over a stale lock \\(pid ${first.pid} on `));
});

test('a crafted run folder that points its data at a system file: the path is shown, the contents never', async () => {
  const dir = await copyOfBase();
  editConfig(dir, (c) => (c['data']!['spec'] = 'csv:/etc/passwd'));
  const r = await aekit(['eval', dir]);
  assertOneLineError(r, /\/etc\/passwd: /, 1);
  assert.match(r.stderr, /data: csv:\/etc\/passwd \(as recorded in the run's config\.json\)/);
  assert.doesNotMatch(r.stderr, /root|nologin|daemon/);
  editConfig(dir, (c) => (c['data']!['spec'] = 'csv:etc/passwd'));
  assertOneLineError(await aekit(['eval', dir]), /config\.json: "data\.spec" must name its file by an absolute path/, 1);
});

test('NaN weights: eval refuses the model file, --allow-non-finite evaluates it', async () => {
  const dir = await copyOfBase();
  const path = join(dir, 'model.safetensors');
  const file = loadModelFile(path);
  const first = [...file.tensors.keys()][0]!;
  (file.tensors.get(first)!.data as Float32Array)[0] = NaN;
  saveModelFileSync(path, file.config, file.tensors);
  assertOneLineError(await aekit(['eval', dir]), new RegExp(`model\\.safetensors: tensor '${first.replace(/\./g, '\\.')}' holds NaN at index 0`), 1);
  const allowed = await aekit(['eval', dir, '--allow-non-finite', '--json']);
  assert.equal(allowed.code, 0, allowed.stderr);
});

test('errors name their file or option, in one line', async () => {
  assertOneLineError(await aekit(['train', '--clip', '-1']), /^aekit: error: option '--clip <x>' argument '-1' is invalid\. '-1' must be ≥ 0; see --help$/, 2);
  assertOneLineError(await aekit(['train', '--label-column', 'y']), /--label-column applies to csv data only; 'mnist' data brings its own labels; see --help$/, 2);
  assertOneLineError(await aekit(['train', '--no-header', '--data', 'swiss-roll']), /--header\/--no-header apply to csv data only/, 2);
  assertOneLineError(await aekit(['train', ...TRAIN, '--no-header', '--out', join(scratch, 'nh')]), /points\.csv: row 1, column 1: not a number/, 1);
  const file = join(scratch, 'a-file');
  writeFileSync(file, 'x');
  assertOneLineError(await aekit(['train', ...TRAIN, '--out', file]), /a-file: is a file \(or lies under one\), not a folder; choose another --out/, 1);
  const dir = await copyOfBase();
  rmSync(join(dir, 'config.json'));
  mkdirSync(join(dir, 'config.json'));
  assertOneLineError(await aekit(['eval', dir]), /config\.json: is a folder, not a file \(EISDIR\)/, 1);
  assertOneLineError(await aekit(['train', '--resume', file]), /a-file: is a file, not a folder/, 1);
});
