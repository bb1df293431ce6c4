/** Test helpers for the `aekit` command: run the built CLI and check its conventions. */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const CLI = fileURLToPath(new URL('../cli/main.js', import.meta.url));

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `aekit …args` on the JS backend (the same numbers on every machine) and resolves with what it printed. */
export function runCli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env: { ...process.env, AEKIT_BACKEND: 'js', ...env } }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
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
