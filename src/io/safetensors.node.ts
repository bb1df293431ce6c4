/** Reading a safetensors file from disk (the format and its checks are in safetensors.ts). */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { ModelFileError } from './model-file-error.js';
import { finish, plan, readHeaderLength, type SafetensorsFile, type SafetensorsReadOptions } from './safetensors.js';

/** Reads a safetensors file: the header is read and validated first; each tensor is then read straight into its own array. */
export function readSafetensors(path: string, options: SafetensorsReadOptions = {}): SafetensorsFile {
  const fd = openSync(path, 'r');
  try {
    const fileBytes = fstatSync(fd).size;
    const prefix = new Uint8Array(Math.min(8, fileBytes));
    readFully(fd, prefix, 0, path);
    const headerBytes = readHeaderLength(prefix, fileBytes, path, options);
    const prefixAndHeader = new Uint8Array(8 + headerBytes);
    readFully(fd, prefixAndHeader, 0, path);
    const p = plan(prefixAndHeader, fileBytes, path, options);
    const base = 8 + p.headerBytes;
    return finish(p, (t, into) => readFully(fd, into, base + t.begin, path));
  } finally {
    closeSync(fd);
  }
}

function readFully(fd: number, into: Uint8Array, position: number, file: string): void {
  let done = 0;
  while (done < into.length) {
    const n = readSync(fd, into, done, into.length - done, position + done);
    if (n === 0) throw new ModelFileError(file, `file ended early at byte ${position + done} (was it changed while being read?)`);
    done += n;
  }
}
