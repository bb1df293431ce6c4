/** Running the built `aekit` CLI from tests (not part of the public API). */
import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const cli = fileURLToPath(new URL('./main.js', import.meta.url));
/** A training small enough for tests: 256 MNIST samples, one 32-unit hidden layer. */
export const SMALL = ['--train-size', '256', '--test-size', '128', '--hidden', '32', '--batch', '64'];
const env = { ...process.env, AEKIT_BACKEND: 'js' };

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function aekit(args: string[]): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [cli, ...args], { env }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

/** `aekit` as a child process the test controls (to kill it, or to start a second one alongside). */
export function spawnAekit(args: string[]): ChildProcess {
  return spawn(process.execPath, [cli, ...args], { stdio: 'ignore', env });
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'aekit-cli-'));
}

/** Exit code 1 and exactly one error line on stderr that matches `pattern`, without a stack trace. */
export function assertOneLineError(r: CliResult, pattern: RegExp): void {
  assert.equal(r.code, 1, `exit code (stderr: ${r.stderr})`);
  const lines = r.stderr.trim().split('\n').filter((l) => l.startsWith('aekit: error:'));
  assert.equal(lines.length, 1, r.stderr);
  assert.match(lines[0]!, pattern);
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
}
