/**
 * System errors (ENOENT, EISDIR, ENOSPC, …) as short reasons a person can act on, so every reader and writer
 * can name the file and say what went wrong in one line instead of passing on a raw "EISDIR: … read".
 */

const REASONS: Record<string, string> = {
  ENOENT: 'no such file or folder',
  EISDIR: 'is a folder, not a file',
  ENOTDIR: 'a part of the path is not a folder',
  EEXIST: 'already exists',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'the file system is read-only',
  EFBIG: 'the file is too large for the file system',
  EIO: 'an input/output error occurred',
  EMFILE: 'too many open files',
  ELOOP: 'too many symbolic links',
  ENAMETOOLONG: 'the path is too long',
};

export function ioErrorCode(err: unknown): string | undefined {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** "is a folder, not a file (EISDIR)" for a system error; the message itself for anything else. */
export function describeIoError(err: unknown): string {
  const code = ioErrorCode(err);
  if (code !== undefined && REASONS[code] !== undefined) return `${REASONS[code]} (${code})`;
  return err instanceof Error ? err.message : String(err);
}

/** True for errors that come from the operating system (they have an errno code), not from our own checks. */
export function isIoError(err: unknown): boolean {
  return err instanceof Error && ioErrorCode(err) !== undefined && typeof (err as NodeJS.ErrnoException).syscall === 'string';
}
