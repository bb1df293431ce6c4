#!/usr/bin/env node
/**
 * Reliability campaign: a real full disk. `aekit train` writes its run folder into a small tmpfs (root only:
 * it mounts one), sized so that the disk fills at a different point of some epoch's end in each trial. Each
 * failure must be exit code 1 with one error line naming the file, leave the last checkpoint loadable and
 * no temporary file; the folder is then copied to a disk with room and resumed, which must give the
 * uninterrupted run's model file byte for byte.
 *   sudo node test/campaigns/disk-full.mjs [--json]     (after `npm run build`)
 */
import { execFile, execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readCheckpoint } from '../../dist/train/checkpoint.js';

const cli = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
const env = { ...process.env };
const TRAIN = ['train', '--train-size', '1200', '--test-size', '200', '--hidden', '128', '--batch', '32', '--epochs', '3', '--no-figures'];
const root = mkdtempSync(join(tmpdir(), 'aekit-campaign-disk-'));
const aekit = (argv) => new Promise((resolve) => execFile(process.execPath, [cli, ...argv], { env }, (err, stdout, stderr) => resolve({ code: err ? err.code ?? 1 : 0, stdout, stderr })));

const refDir = join(root, 'reference');
if ((await aekit([...TRAIN, '--out', refDir])).code !== 0) throw new Error('reference run failed');
const refModel = readFileSync(join(refDir, 'model.safetensors'));
const trials = [];
// Sizes from "not even one checkpoint" to "all but the last epoch's files", in KiB.
for (const kib of [1500, 2500, 3000, 3250, 3500, 3750, 4000, 4250, 4500, 4750, 5000, 5250, 5500, 5750, 6000]) {
  const mount = join(root, `tmpfs-${kib}`);
  mkdirSync(mount);
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${kib}k`, 'tmpfs', mount]);
  const dir = join(mount, 'run');
  let trial;
  try {
    const r = await aekit([...TRAIN, '--out', dir]);
    const errorLines = r.stderr.split('\n').filter((l) => l.startsWith('aekit: error:'));
    const temps = existsSync(dir) ? readdirSync(dir).filter((f) => f.startsWith('.aekit-tmp')) : [];
    let checkpointEpoch = null;
    if (existsSync(join(dir, 'checkpoint.safetensors'))) checkpointEpoch = readCheckpoint(join(dir, 'checkpoint.safetensors'), (c) => c).state.epoch;
    const moved = join(root, `moved-${kib}`);
    if (existsSync(dir)) cpSync(dir, moved, { recursive: true });
    const again = checkpointEpoch === null ? await aekit([...TRAIN, '--out', moved]) : await aekit(['train', '--resume', moved]);
    trial = {
      tmpfsKiB: kib, exit: r.code, errorLines: errorLines.length, error: (errorLines[0] ?? '').slice(0, 200), tempFilesLeft: temps.length, checkpointEpoch,
      recovery: checkpointEpoch === null ? 'restart' : 'resume', recoveredExit: again.code,
      identical: again.code === 0 && readFileSync(join(moved, 'model.safetensors')).equals(refModel),
    };
  } finally {
    execFileSync('umount', [mount]);
  }
  trials.push(trial);
  process.stderr.write(`${kib} KiB: exit ${trial.exit}, ${trial.errorLines} error line(s), ${trial.tempFilesLeft} temp file(s), checkpoint after epoch ${trial.checkpointEpoch} → ${trial.recovery} ${trial.recoveredExit}: ${trial.identical ? 'identical' : 'NOT identical'} — ${trial.error}\n`);
}
rmSync(root, { recursive: true, force: true });
const summary = {
  trials: trials.length,
  diskFull: trials.filter((t) => t.exit !== 0).length,
  oneLineErrors: trials.filter((t) => t.exit !== 0 && t.errorLines === 1).length,
  tempFilesLeft: trials.reduce((n, t) => n + t.tempFilesLeft, 0),
  identicalAfterRecovery: trials.filter((t) => t.identical).length,
};
if (process.argv.includes('--json')) process.stdout.write(`${JSON.stringify({ summary, trials })}\n`);
else console.log(JSON.stringify(summary, null, 2));
