/**
 * Files the explorer serves from folders it was given (the built page, the wasm modules, a run's figures):
 * only plain files inside the folder, named by a path without `..`, with a content type from a short list.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';

export const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.safetensors': 'application/octet-stream',
};

export interface StaticFile {
  body: Buffer;
  contentType: string;
}

/** The file at `relative` inside `root`, or null when there is none (or the path leaves `root`). */
export function readStaticFile(root: string, relative: string): StaticFile | null {
  const clean = normalize(relative).replace(/^([/\\])+/, '');
  if (clean.split(/[/\\]/).includes('..') || clean.includes('\0')) return null;
  const path = join(root, clean);
  if (!(path === root || path.startsWith(root.endsWith(sep) ? root : root + sep))) return null;
  const type = CONTENT_TYPES[extname(path).toLowerCase()];
  if (type === undefined || !existsSync(path) || !statSync(path).isFile()) return null;
  return { body: readFileSync(path), contentType: type };
}
