/** The install script's message when the native addon cannot be built: the real cause and the retry command. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('../scripts/build-native.mjs', import.meta.url));

test('without make or a compiler on PATH the install names them and says `npm rebuild aekit`, and succeeds', () => {
  const bin = mkdtempSync(join(tmpdir(), 'aekit-path-'));
  try {
    symlinkSync(process.execPath, join(bin, 'node')); // a PATH with node and nothing else
    const env = { PATH: bin, HOME: bin };
    const r = spawnSync(process.execPath, [script], { env, encoding: 'utf8' });
    assert.equal(r.status, 0, 'a failed native build never fails the install');
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0]!, /^aekit: native addon not built: make, a C\+\+ compiler .* not found on PATH/);
    assert.match(lines[0]!, /apt-get install build-essential/);
    assert.match(lines[0]!, /`npm rebuild aekit` in your project/);
  } finally {
    rmSync(bin, { recursive: true, force: true });
  }
});
