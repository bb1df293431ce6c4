#!/usr/bin/env node
/**
 * Reliability campaign: `aekit train` killed with SIGKILL at random and at chosen moments, then resumed the
 * way a user would (`--resume` when a checkpoint exists, the same command again when none does), and the
 * result compared with an uninterrupted run of the same command.
 *   node test/campaigns/kill.mjs [--trials 36] [--json]     (after `npm run build`)
 * Moments, in turn: a random time during the run; the instant the k-th temporary file appears (a write in
 * progress); the instant the checkpoint is replaced for the k-th time (the commit point, the last epoch's
 * included). A resume is identical when the model file is byte-identical, the checkpoint holds the same
 * tensors and trainer state (wall-clock seconds aside), and metrics.csv matches (its seconds column aside).
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadModelFile } from '../../dist/io/model-file.node.js';
import { Generator } from '../../dist/tensor/random.js';

const args = process.argv.slice(2);
const TRIALS = Number(args[args.indexOf('--trials') + 1] ?? 0) || 36;
const cli = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
const env = { ...process.env };
const TRAIN = ['train', '--train-size', '1200', '--test-size', '200', '--hidden', '128', '--batch', '32', '--epochs', '3', '--no-figures'];
const root = mkdtempSync(join(tmpdir(), 'aekit-campaign-kill-'));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function aekit(argv) {
  return new Promise((resolve) => execFile(process.execPath, [cli, ...argv], { env }, (err, stdout, stderr) => resolve({ code: err ? err.code ?? 1 : 0, stdout, stderr })));
}
const temps = (dir) => (existsSync(dir) ? readdirSync(dir).filter((f) => f.startsWith('.aekit-tmp')) : []);
const mtime = (path) => (existsSync(path) ? statSync(path).mtimeMs : 0);
const metricsWithoutTime = (dir) => readFileSync(join(dir, 'metrics.csv'), 'utf8').trim().split('\n').map((l) => l.split(',').filter((_, i) => i !== 2).join(','));
function checkpointMeaning(dir) {
  const f = loadModelFile(join(dir, 'checkpoint.safetensors'));
  const state = JSON.parse(f.metadata['aekit.checkpoint']);
  delete state.seconds;
  for (const h of state.history) delete h.seconds;
  const tensors = [...f.tensors].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, t]) => `${k}:${Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength).toString('base64')}`);
  return JSON.stringify({ config: f.config, state, tensors });
}

const refDir = join(root, 'reference');
const t0 = performance.now();
const ref = await aekit([...TRAIN, '--out', refDir]);
if (ref.code !== 0) throw new Error(`reference run failed: ${ref.stderr}`);
const refSeconds = (performance.now() - t0) / 1000;
const refModel = readFileSync(join(refDir, 'model.safetensors'));
const refMetrics = JSON.stringify(metricsWithoutTime(refDir));
const refCheckpoint = checkpointMeaning(refDir);
process.stderr.write(`reference run: ${refSeconds.toFixed(1)} s\n`);

const gen = new Generator(36);
const trials = [];
for (let i = 0; i < TRIALS; i++) {
  const dir = join(root, `trial-${i}`);
  const kind = ['random time', 'k-th temporary file appears', 'k-th checkpoint replaced'][i % 3];
  const k = kind === 'random time' ? null : kind.startsWith('k-th temp') ? 1 + (gen.nextUint32() % 15) : 1 + (gen.nextUint32() % 3);
  const at = kind === 'random time' ? 0.2 + gen.nextDouble() * refSeconds : null;
  const proc = spawn(process.execPath, [cli, ...TRAIN, '--out', dir], { env, stdio: 'ignore' });
  const exited = new Promise((resolve) => proc.on('exit', (code, signal) => resolve(signal ?? code)));
  let done = false;
  void exited.then(() => (done = true));
  const started = performance.now();
  let seen = 0;
  let lastTemp = new Set();
  let lastCk = 0;
  while (!done) {
    if (kind === 'random time' && (performance.now() - started) / 1000 >= at) break;
    if (kind.startsWith('k-th temp')) {
      const now = new Set(temps(dir));
      for (const t of now) if (!lastTemp.has(t)) seen += 1;
      lastTemp = now;
      if (seen >= k) break;
    }
    if (kind.startsWith('k-th checkpoint')) {
      const m = mtime(join(dir, 'checkpoint.safetensors'));
      if (m !== lastCk) {
        seen += 1;
        lastCk = m;
      }
      if (seen >= k) break;
    }
    await sleep(kind === 'random time' ? 5 : 0);
  }
  proc.kill('SIGKILL');
  const how = await exited;
  const leftAfterKill = temps(dir).length;
  const epochAtKill = existsSync(join(dir, 'checkpoint.safetensors')) ? JSON.parse(loadModelFile(join(dir, 'checkpoint.safetensors')).metadata['aekit.checkpoint']).epoch : 0;
  const steps = [];
  let last = null;
  for (let attempt = 0; attempt < 3; attempt++) {
    const resumeArgs = existsSync(join(dir, 'checkpoint.safetensors')) ? ['train', '--resume', dir] : [...TRAIN, '--out', dir];
    last = await aekit(resumeArgs);
    steps.push(`${resumeArgs.includes('--resume') ? 'resume' : 'restart'} → ${last.code}`);
    if (last.code === 0) break;
  }
  let identical = false;
  let why = '';
  if (last.code !== 0) why = `resume failed: ${last.stderr.trim().split('\n').at(-1)}`;
  else {
    const sameModel = readFileSync(join(dir, 'model.safetensors')).equals(refModel);
    const sameMetrics = JSON.stringify(metricsWithoutTime(dir)) === refMetrics;
    const sameCheckpoint = checkpointMeaning(dir) === refCheckpoint;
    identical = sameModel && sameMetrics && sameCheckpoint;
    if (!identical) why = [!sameModel && 'model file differs', !sameMetrics && 'metrics differ', !sameCheckpoint && 'checkpoint differs'].filter(Boolean).join(', ');
  }
  const trial = {
    trial: i, moment: k === null ? `${kind} (${at.toFixed(2)} s)` : `${kind} (k = ${k})`, killedBy: how, epochAtKill, tempFilesAfterKill: leftAfterKill,
    recovery: steps.join(', '), identical, why, tempFilesAfterResume: temps(dir).length, lockLeft: existsSync(join(dir, '.aekit-lock')),
  };
  trials.push(trial);
  process.stderr.write(`trial ${i}: ${trial.moment}, killed by ${how} after epoch ${epochAtKill}, ${leftAfterKill} temp file(s) → ${trial.recovery}: ${identical ? 'identical' : `NOT identical (${why})`}\n`);
  rmSync(dir, { recursive: true, force: true });
}
rmSync(root, { recursive: true, force: true });

const summary = {
  trials: trials.length,
  killedMidRun: trials.filter((t) => t.killedBy === 'SIGKILL').length,
  identical: trials.filter((t) => t.identical).length,
  nonIdentical: trials.filter((t) => !t.identical).length,
  trialsWithTempFilesAfterKill: trials.filter((t) => t.tempFilesAfterKill > 0).length,
  tempFilesAfterResume: trials.reduce((n, t) => n + t.tempFilesAfterResume, 0),
  locksLeft: trials.filter((t) => t.lockLeft).length,
  referenceSeconds: +refSeconds.toFixed(1),
};
if (args.includes('--json')) process.stdout.write(`${JSON.stringify({ summary, trials })}\n`);
else console.log(JSON.stringify(summary, null, 2));
