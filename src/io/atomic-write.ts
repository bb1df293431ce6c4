/**
 * Atomic file replacement: the contents go to a temporary file in the same folder (same file system, so
 * the rename is atomic), which is fsynced, renamed over the target, and then the folder is fsynced so the
 * rename itself survives a crash. Readers see the old file or the new one, never a mix. On any error the
 * temporary file is removed and the previous file is left as it was.
 *
 * Contents may be given as chunks (any iterable of byte arrays) so a large model file is never
 * concatenated into one buffer; an exception thrown while producing a chunk aborts the write cleanly.
 */
import { closeSync, fsyncSync, openSync, renameSync, statSync, unlinkSync, writeSync, fchmodSync } from 'node:fs';
import { open, rename, stat, unlink } from 'node:fs/promises';
import { readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { describeIoError } from './io-error.js';

export type FileContents = Uint8Array | string | Iterable<Uint8Array>;
export type AsyncFileContents = FileContents | AsyncIterable<Uint8Array>;

/** A failed atomic write; `code` is the system error code (ENOSPC, EACCES, …) when there is one. */
export class AtomicWriteError extends Error {
  readonly path: string;
  readonly code: string | undefined;

  constructor(path: string, cause: unknown) {
    const code = (cause as NodeJS.ErrnoException | undefined)?.code;
    super(`could not write ${path}: ${describe(cause, code)}; the previous file (if any) is untouched`, { cause });
    this.name = 'AtomicWriteError';
    this.path = path;
    this.code = code;
  }
}

function describe(cause: unknown, code: string | undefined): string {
  // NOTE: when writing, a missing path component is the folder, never the file being written.
  if (code === 'ENOENT') return `the folder does not exist (${code})`;
  return describeIoError(cause);
}

let counter = 0;

const TEMP_PREFIX = '.aekit-tmp-';
const TEMP_NAME = /^\.aekit-tmp-(.+)-(\d+)-(\d+)$/;

/** `.aekit-tmp-<name>-<pid>-<n>` beside the target; opened exclusively, so two writers never share one. */
function tempPathFor(path: string): string {
  counter += 1;
  return join(dirname(path), `${TEMP_PREFIX}${basename(path)}-${process.pid}-${counter}`);
}

/** Whether a process with this id exists on this machine (one we may not signal counts as alive). */
export function processIsAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the temporary files that writers killed mid-write left in `dir` (those of processes that no longer
 * exist, and this process's own from an earlier life of its pid); returns their names.
 */
export function removeStaleTempFiles(dir: string): string[] {
  const removed: string[] = [];
  for (const name of readdirSync(dir)) {
    const m = TEMP_NAME.exec(name);
    if (m === null) continue;
    const pid = Number(m[2]);
    if (pid !== process.pid && processIsAlive(pid)) continue;
    try {
      unlinkSync(join(dir, name));
      removed.push(name);
    } catch {
      // gone already, or not ours to remove: either way nothing is left to clean
    }
  }
  return removed;
}

function toBytes(chunk: Uint8Array | string): Uint8Array {
  return typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk;
}

function chunksOf(contents: FileContents): Iterable<Uint8Array> {
  return typeof contents === 'string' || contents instanceof Uint8Array ? [toBytes(contents)] : contents;
}

/** Keeps the permission bits of the file being replaced. */
function existingMode(path: string): number | null {
  try {
    return statSync(path).mode & 0o7777;
  } catch {
    return null;
  }
}

// NOTE: some platforms (Windows) cannot open or fsync a folder; those errors are not failures of the write.
const DIR_SYNC_UNSUPPORTED = new Set(['EISDIR', 'EPERM', 'EACCES', 'EINVAL', 'ENOTSUP', 'EBADF']);

function syncFolderSync(dir: string): void {
  let fd: number | null = null;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch (err) {
    if (!DIR_SYNC_UNSUPPORTED.has((err as NodeJS.ErrnoException).code ?? '')) throw err;
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

export function writeFileAtomicSync(path: string, contents: FileContents): void {
  const temp = tempPathFor(path);
  let fd: number | null = null;
  try {
    const mode = existingMode(path);
    fd = openSync(temp, 'wx', mode ?? 0o666);
    if (mode !== null) fchmodSync(fd, mode);
    for (const chunk of chunksOf(contents)) {
      let done = 0;
      while (done < chunk.length) done += writeSync(fd, chunk, done, chunk.length - done);
    }
    fsyncSync(fd);
    closeSync(fd);
    fd = null;
    renameSync(temp, path);
  } catch (err) {
    if (fd !== null) {
      try {
        closeSync(fd);
      } catch {
        // already failing; the original error is the one to report
      }
    }
    try {
      unlinkSync(temp);
    } catch {
      // the temp file may never have been created
    }
    throw new AtomicWriteError(path, err);
  }
  try {
    syncFolderSync(dirname(path));
  } catch (err) {
    throw new AtomicWriteError(path, err);
  }
}

export async function writeFileAtomic(path: string, contents: AsyncFileContents): Promise<void> {
  const temp = tempPathFor(path);
  let handle: Awaited<ReturnType<typeof open>> | null = null;
  try {
    const mode = await stat(path).then((s) => s.mode & 0o7777, () => null);
    handle = await open(temp, 'wx', mode ?? 0o666);
    if (mode !== null) await handle.chmod(mode);
    const chunks = typeof contents === 'string' || contents instanceof Uint8Array ? [toBytes(contents)] : contents;
    for await (const chunk of chunks) {
      let done = 0;
      while (done < chunk.length) done += (await handle.write(chunk, done, chunk.length - done)).bytesWritten;
    }
    await handle.sync();
    await handle.close();
    handle = null;
    await rename(temp, path);
  } catch (err) {
    await handle?.close().catch(() => undefined);
    await unlink(temp).catch(() => undefined);
    throw new AtomicWriteError(path, err);
  }
  try {
    syncFolderSync(dirname(path));
  } catch (err) {
    throw new AtomicWriteError(path, err);
  }
}
