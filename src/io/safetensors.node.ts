/** Reading a safetensors file from disk (the format and its checks are in safetensors.ts). */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { describeIoError, isIoError } from './io-error.js';
import { ModelFileError } from './model-file-error.js';
import {
  parseSafetensorsHeader, readSafetensorsData, safetensorsHeaderLength, type SafetensorsFile, type SafetensorsHeader,
  type SafetensorsReadOptions,
} from './safetensors.js';

/** A file whose header has been read and checked; `readTensors` reads the data (the file must not have changed). */
export interface OpenSafetensors {
  header: SafetensorsHeader;
  readTensors(): SafetensorsFile;
}

function withFile<T>(path: string, use: (fd: number, fileBytes: number) => T): T {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    throw new ModelFileError(path, describeIoError(err));
  }
  try {
    const stats = fstatSync(fd);
    if (stats.isDirectory()) throw new ModelFileError(path, 'is a folder, not a safetensors file');
    return use(fd, stats.size);
  } catch (err) {
    if (err instanceof ModelFileError) throw err;
    if (isIoError(err)) throw new ModelFileError(path, describeIoError(err));
    throw err;
  } finally {
    closeSync(fd);
  }
}

/** Reads and checks only the header of a safetensors file (at most 8 + maxHeaderBytes bytes). */
export function openSafetensors(path: string, options: SafetensorsReadOptions = {}): OpenSafetensors {
  const { header, fileBytes } = withFile(path, (fd, fileBytes) => {
    const prefix = new Uint8Array(Math.min(8, fileBytes));
    readFully(fd, prefix, 0, path);
    const headerBytes = safetensorsHeaderLength(prefix, fileBytes, path, options);
    const prefixAndHeader = new Uint8Array(8 + headerBytes);
    readFully(fd, prefixAndHeader, 0, path);
    return { header: parseSafetensorsHeader(prefixAndHeader, fileBytes, path, options), fileBytes };
  });
  return {
    header,
    readTensors: () => withFile(path, (fd, size) => {
      if (size !== fileBytes) throw new ModelFileError(path, `the file changed while being read (${fileBytes} bytes, now ${size})`);
      const base = 8 + header.headerBytes;
      return readSafetensorsData(header, (t, into) => readFully(fd, into, base + t.begin, path), path, options);
    }),
  };
}

/** Reads a safetensors file: the header is read and validated first; each tensor is then read straight into its own array. */
export function readSafetensors(path: string, options: SafetensorsReadOptions = {}): SafetensorsFile {
  return openSafetensors(path, options).readTensors();
}

function readFully(fd: number, into: Uint8Array, position: number, file: string): void {
  let done = 0;
  while (done < into.length) {
    const n = readSync(fd, into, done, into.length - done, position + done);
    if (n === 0) throw new ModelFileError(file, `file ended early at byte ${position + done} (was it changed while being read?)`);
    done += n;
  }
}
