/** Test helpers for the `aekit` command: run the built CLI and check its conventions. */
import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess, type ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { tempDir as tempDirNamed } from './training.js';

export const CLI = fileURLToPath(new URL('../cli/main.js', import.meta.url));
/** A training small enough for tests: 256 MNIST samples, one 32-unit hidden layer. */
export const SMALL = ['--train-size', '256', '--test-size', '128', '--hidden', '32', '--batch', '64'];

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `aekit …args` on the JS backend (the same numbers on every machine; `env` may name another, e.g.
 * `{ AEKIT_BACKEND: 'auto' }` where only behaviour is checked) and resolves with what it printed.
 */
export function runCli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env: { ...process.env, AEKIT_BACKEND: 'js', ...env }, maxBuffer: 1 << 26 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

/** `aekit …args` as a child process the test controls (to kill it, or to start a second one alongside). */
export function spawnAekit(args: string[]): ChildProcess {
  return spawn(process.execPath, [CLI, ...args], { stdio: 'ignore', env: { ...process.env, AEKIT_BACKEND: 'js' } });
}

/** `aekit …args` on the JS backend with its stdout and stderr piped to the test (a server it talks to). */
export function spawnAekitPiped(args: string[]): ChildProcessByStdio<null, Readable, Readable> {
  return spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, AEKIT_BACKEND: 'js' } });
}

/** A new empty folder for one test's run folders. */
export function tempDir(): string {
  return tempDirNamed('aekit-cli-');
}

/**
 * Exactly one `aekit: error:` line on stderr, matching `pattern`, no stack trace, and exit code `code`
 * (2 for a usage error, 1 for a failure while running).
 */
export function assertOneLineError(r: CliResult, pattern: RegExp, code: 1 | 2): void {
  assert.equal(r.code, code, `exit code (stderr: ${r.stderr})`);
  const lines = r.stderr.trim().split('\n').filter((l) => l.startsWith('aekit: error:'));
  assert.equal(lines.length, 1, r.stderr);
  assert.match(lines[0]!, pattern);
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
}

/** Every line of `text` is at most `width` characters (code points, as a terminal counts them). */
export function assertFitsColumns(text: string, width = 100): void {
  for (const line of text.split('\n')) assert.ok([...line].length <= width, `${[...line].length} columns: ${line}`);
}
