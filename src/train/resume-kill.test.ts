import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { CHECKPOINT_FILE, readCheckpoint } from './checkpoint.js';
import { tempDir } from '../testing/training.js';
import { MODEL_FILE } from './trainer.js';

const child = fileURLToPath(new URL('../testing/train-child.js', import.meta.url));
const run = promisify(execFile);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const checkpointEpoch = (dir: string) => readCheckpoint(join(dir, CHECKPOINT_FILE), (c) => c as never).state.epoch;
const leftovers = (dir: string) => readdirSync(dir).filter((f) => f.startsWith('.aekit-tmp'));
/** metrics.csv without its wall-clock column. */
const metricsWithoutTime = (dir: string) => readFileSync(join(dir, 'metrics.csv'), 'utf8').trim().split('\n').map((l) => l.split(',').filter((_, i) => i !== 2).join(','));

test('a run killed with SIGKILL after its first checkpoint resumes to the same weights as an uninterrupted run', async () => {
  const straight = run(process.execPath, [child, tempDir(), '4']);

  const dir = tempDir();
  const proc = spawn(process.execPath, [child, dir, '4'], { stdio: 'ignore' });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => proc.on('exit', (_code, signal) => resolve(signal)));
  const checkpoint = join(dir, CHECKPOINT_FILE);
  const deadline = Date.now() + 20_000;
  while (!existsSync(checkpoint)) {
    assert.ok(Date.now() < deadline, 'no checkpoint within 20 s');
    await sleep(5);
  }
  await sleep(40); // into the second epoch
  proc.kill('SIGKILL');
  assert.equal(await exited, 'SIGKILL');
  const epochAtKill = checkpointEpoch(dir);
  assert.ok(epochAtKill >= 1 && epochAtKill < 4, `killed after epoch ${epochAtKill}`);

  const resumed = await run(process.execPath, [child, dir, '4', 'resume']);
  const reference = await straight;
  assert.equal(resumed.stdout.trim(), reference.stdout.trim());
  assert.match(reference.stdout.trim(), /^[0-9a-f]{64}$/);
  assert.equal(checkpointEpoch(dir), 4);
});

/**
 * Kills at chosen points of the epoch-end sequence (model → metrics.csv → metrics.json → checkpoint →
 * checkpoint.json), in the middle epoch and in the last one, where a kill after the checkpoint once left
 * a finished checkpoint with a stale model file that resuming never rewrote.
 */
const KILL_POINTS = [
  'model.safetensors:before:2', 'model.safetensors:during:2', 'model.safetensors:after:2', 'metrics.csv:after:2', 'metrics.json:after:2',
  'checkpoint.safetensors:during:2', 'checkpoint.safetensors:after:2', 'checkpoint.json:during:2',
  'model.safetensors:during:3', 'metrics.json:after:3', 'checkpoint.safetensors:during:3', 'checkpoint.safetensors:after:3', 'checkpoint.json:during:3',
];
const SAMPLES = ['--samples', '400'];

test('a kill at any point of the epoch-end sequence resumes to identical weights, model file and metrics, and leaves no temporary file', async () => {
  const straightDir = tempDir();
  const reference = (await run(process.execPath, [child, straightDir, '3', ...SAMPLES])).stdout.trim();
  const straightModel = readFileSync(join(straightDir, MODEL_FILE));
  for (const point of KILL_POINTS) {
    const dir = tempDir();
    const killed = await run(process.execPath, [child, dir, '3', ...SAMPLES, '--kill-at', point]).then(() => null, (e: { signal?: string }) => e.signal);
    assert.equal(killed, 'SIGKILL', `${point}: the child killed itself`);
    if (point.includes(':during:')) assert.ok(leftovers(dir).length > 0, `${point}: a half-written temporary file is left`);
    const epochAtKill = checkpointEpoch(dir);
    const epoch = Number(point.split(':')[2]);
    const committed = point.startsWith('checkpoint.json') || point === `checkpoint.safetensors:after:${epoch}`;
    assert.equal(epochAtKill, committed ? epoch : epoch - 1, `${point}: the checkpoint is the commit point`);

    const resumed = (await run(process.execPath, [child, dir, '3', 'resume', ...SAMPLES])).stdout.trim();
    assert.equal(resumed, reference, `${point}: weights and optimizer state`);
    assert.ok(readFileSync(join(dir, MODEL_FILE)).equals(straightModel), `${point}: model file bytes`);
    assert.deepEqual(metricsWithoutTime(dir), metricsWithoutTime(straightDir), `${point}: metrics`);
    assert.deepEqual(leftovers(dir), [], `${point}: temporary files removed`);
    assert.equal(checkpointEpoch(dir), 3);
    assert.equal((JSON.parse(readFileSync(join(dir, 'checkpoint.json'), 'utf8')) as { epoch: number }).epoch, 3, `${point}: checkpoint.json finished`);
  }
});
