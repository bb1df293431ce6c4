import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { CHECKPOINT_FILE, readCheckpoint } from './checkpoint.js';
import { tempDir } from '../testing/training.js';

const child = fileURLToPath(new URL('../testing/train-child.js', import.meta.url));
const run = promisify(execFile);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

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
  const epochAtKill = readCheckpoint(checkpoint, (c) => c as never).state.epoch;
  assert.ok(epochAtKill >= 1 && epochAtKill < 4, `killed after epoch ${epochAtKill}`);

  const resumed = await run(process.execPath, [child, dir, '4', 'resume']);
  const reference = await straight;
  assert.equal(resumed.stdout.trim(), reference.stdout.trim());
  assert.match(reference.stdout.trim(), /^[0-9a-f]{64}$/);
  assert.equal(readCheckpoint(checkpoint, (c) => c as never).state.epoch, 4);
});
