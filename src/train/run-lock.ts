/**
 * One writer per run folder: `DIR/.aekit-lock` is created exclusively (O_EXCL) by the process that trains
 * into DIR and holds its pid, host and start time. A second `aekit train` into the same folder is refused
 * while the holder lives. A lock whose holder is gone (killed with SIGKILL, the machine rebooted) is stale:
 * on the same host a dead pid is detected and the lock taken over; a lock from another host is never
 * guessed about (the message says how to remove it).
 *
 * NOTE: written by hand rather than with `proper-lockfile`, whose staleness is an mtime refreshed by a
 * timer: a training epoch runs synchronously for longer than its refresh period, so the lock would look
 * stale while its holder is busy. A pid cannot go stale that way.
 */
import { closeSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { processIsAlive } from '../io/atomic-write.js';
import { describeIoError, ioErrorCode } from '../io/io-error.js';
import { RunDirError } from './run-dir.js';

export const RUN_LOCK = '.aekit-lock';

interface LockHolder {
  pid: number;
  host: string;
  command: string;
  since: string;
  token: string;
}

export interface RunLock {
  path: string;
  /** The stale lock this one replaced, if any ("pid 123 on host, since …"). */
  replaced: string | null;
  release(): void;
}

/** A lock file written by a process that is still being created is younger than this; older and unreadable is stale. */
const FRESH_MS = 5000;

let tokens = 0;

function readHolder(path: string): LockHolder | 'unreadable' | 'gone' {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if (ioErrorCode(err) === 'ENOENT') return 'gone';
    throw err;
  }
  try {
    const h = JSON.parse(text) as Partial<LockHolder>;
    if (typeof h.pid === 'number' && typeof h.host === 'string' && typeof h.token === 'string') {
      return { pid: h.pid, host: h.host, command: String(h.command ?? '?'), since: String(h.since ?? '?'), token: h.token };
    }
  } catch {
    // fall through: a lock file we cannot read
  }
  return 'unreadable';
}

function describeHolder(h: LockHolder): string {
  return `pid ${h.pid} on ${h.host}, '${h.command}' since ${h.since}`;
}

function ageMs(path: string): number {
  try {
    return Date.now() - statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

/** Moves a stale lock aside, checking it is still the one judged stale (another process may have replaced it). */
function breakStaleLock(path: string, stale: LockHolder | 'unreadable'): boolean {
  const aside = `${path}.stale-${process.pid}-${++tokens}`;
  try {
    renameSync(path, aside);
  } catch (err) {
    if (ioErrorCode(err) === 'ENOENT') return true; // someone else removed it; try again
    throw err;
  }
  const moved = readHolder(aside);
  const same = stale === 'unreadable' ? moved === 'unreadable' : typeof moved === 'object' && moved.token === stale.token;
  if (same) {
    unlinkSync(aside);
    return true;
  }
  // A live process took the folder over between our look and our move: give its lock back.
  try {
    renameSync(aside, path);
  } catch {
    // the folder now has a newer lock of its own; the moved one stays aside for a person to look at
  }
  return false;
}

/**
 * Takes the lock of run folder `dir` (which must exist) for `command`, or throws RunDirError naming the
 * holder. The lock is released by `release()` and, as a fallback, when the process exits.
 */
export function lockRunDir(dir: string, command: string): RunLock {
  const path = join(dir, RUN_LOCK);
  const me: LockHolder = { pid: process.pid, host: hostname(), command, since: new Date().toISOString(), token: `${process.pid}-${Date.now()}-${++tokens}` };
  let replaced: string | null = null;
  for (let attempt = 0; attempt < 3; attempt++) {
    let fd: number;
    try {
      fd = openSync(path, 'wx', 0o644);
    } catch (err) {
      if (ioErrorCode(err) !== 'EEXIST') throw new RunDirError(dir, `cannot create the lock file ${RUN_LOCK}: ${describeIoError(err)}`);
      const holder = readHolder(path);
      if (holder === 'gone') continue;
      const fresh = holder === 'unreadable' && ageMs(path) < FRESH_MS;
      const alive = typeof holder === 'object' && (holder.host !== me.host || processIsAlive(holder.pid));
      if (fresh || alive) {
        const who = typeof holder === 'object' ? describeHolder(holder) : 'a process that is starting';
        const remedy = typeof holder === 'object' && holder.host !== me.host ? `; if that process is gone, delete ${path}` : '';
        throw new RunDirError(dir, `is in use by another aekit process (${who}); wait for it to finish, or train into another --out${remedy}`);
      }
      if (breakStaleLock(path, holder)) replaced = typeof holder === 'object' ? describeHolder(holder) : 'an unreadable lock file';
      continue;
    }
    try {
      writeSync(fd, `${JSON.stringify(me)}\n`);
    } finally {
      closeSync(fd);
    }
    let held = true;
    const release = () => {
      if (!held) return;
      held = false;
      process.off('exit', release);
      const now = readHolder(path);
      if (typeof now === 'object' && now.token === me.token) unlinkSync(path);
    };
    process.on('exit', release);
    return { path, replaced, release };
  }
  throw new RunDirError(dir, `could not take the lock file ${RUN_LOCK} (other processes keep replacing it)`);
}
