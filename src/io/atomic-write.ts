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
import { basename, dirname, join } from 'node:path';

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

const REASONS: Record<string, string> = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'the file system is read-only',
  ENOENT: 'the folder does not exist',
  EISDIR: 'the path is a folder',
  EFBIG: 'the file is too large for the file system',
  EIO: 'an input/output error occurred',
};

function describe(cause: unknown, code: string | undefined): string {
  const message = cause instanceof Error ? cause.message : String(cause);
  return code && REASONS[code] ? `${REASONS[code]} (${message})` : message;
}

let counter = 0;

/** `.aekit-tmp-<name>-<pid>-<n>` beside the target; opened exclusively, so two writers never share one. */
function tempPathFor(path: string): string {
  counter += 1;
  return join(dirname(path), `.aekit-tmp-${basename(path)}-${process.pid}-${counter}`);
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
