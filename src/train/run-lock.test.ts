import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../testing/training.js';
import { RunDirError } from './run-dir.js';
import { lockRunDir, RUN_LOCK } from './run-lock.js';

const holder = (pid: number, host = hostname()) => JSON.stringify({ pid, host, command: 'train', since: '2020-01-01T00:00:00.000Z', token: `${pid}-x` });

test('the lock holds the pid, refuses a second holder while the first lives, and is released', () => {
  const dir = tempDir('aekit-lock-');
  const lock = lockRunDir(dir, 'train');
  const content = JSON.parse(readFileSync(join(dir, RUN_LOCK), 'utf8')) as { pid: number; host: string };
  assert.equal(content.pid, process.pid);
  assert.equal(content.host, hostname());
  assert.throws(() => lockRunDir(dir, 'train --resume'), (e: unknown) => e instanceof RunDirError && new RegExp(`is in use by another aekit process \\(pid ${process.pid} on `).test(e.message));
  lock.release();
  assert.ok(!existsSync(join(dir, RUN_LOCK)));
  lockRunDir(dir, 'train').release();
});

test('a lock whose holder is dead is stale and taken over; one from another host is not guessed about', () => {
  const dir = tempDir('aekit-lock-');
  const dead = spawnSync(process.execPath, ['-e', '']).pid!;
  writeFileSync(join(dir, RUN_LOCK), holder(dead));
  const lock = lockRunDir(dir, 'train');
  assert.match(lock.replaced!, new RegExp(`pid ${dead} on `));
  lock.release();
  writeFileSync(join(dir, RUN_LOCK), holder(dead, 'another-machine'));
  assert.throws(() => lockRunDir(dir, 'train'), /pid \d+ on another-machine.*; if that process is gone, delete .*\.aekit-lock/);
});

test('an unreadable lock is a holder being born when fresh, and stale when old', () => {
  const dir = tempDir('aekit-lock-');
  const path = join(dir, RUN_LOCK);
  writeFileSync(path, '');
  assert.throws(() => lockRunDir(dir, 'train'), /in use by another aekit process \(a process that is starting\)/);
  utimesSync(path, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
  const lock = lockRunDir(dir, 'train');
  assert.equal(lock.replaced, 'an unreadable lock file');
  lock.release();
});
