import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { spawnSync } from 'node:child_process';
import { AtomicWriteError, processIsAlive, removeStaleTempFiles, writeFileAtomic, writeFileAtomicSync } from './atomic-write.js';

const dir = mkdtempSync(join(tmpdir(), 'aekit-atomic-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const bytes = (s: string) => new TextEncoder().encode(s);

/** Chunks that fail part-way through, as a full disk would. */
function* failingChunks(code: string): Iterable<Uint8Array> {
  yield bytes('partial new cont');
  throw Object.assign(new Error(`${code}: simulated failure, write`), { code });
}

const leftovers = () => readdirSync(dir).filter((n) => n.startsWith('.aekit-tmp'));

for (const [label, write] of [
  ['sync', async (p: string, c: Parameters<typeof writeFileAtomicSync>[1]) => writeFileAtomicSync(p, c)],
  ['async', writeFileAtomic],
] as const) {
  test(`${label}: writes new files and replaces old ones, from bytes, text or chunks`, async () => {
    const path = join(dir, `${label}-a.bin`);
    await write(path, bytes('first'));
    assert.equal(readFileSync(path, 'utf8'), 'first');
    await write(path, 'second, longer');
    assert.equal(readFileSync(path, 'utf8'), 'second, longer');
    await write(path, [bytes('th'), bytes('ir'), bytes('d')]);
    assert.equal(readFileSync(path, 'utf8'), 'third');
    assert.deepEqual(leftovers(), []);
  });

  test(`${label}: a failure mid-write leaves the previous file intact and no temp file`, async () => {
    const path = join(dir, `${label}-b.bin`);
    writeFileSync(path, 'old contents');
    await assert.rejects(
      async () => write(path, failingChunks('ENOSPC')),
      (err: unknown) => {
        assert.ok(err instanceof AtomicWriteError);
        assert.equal(err.code, 'ENOSPC');
        assert.equal(err.path, path);
        assert.match(err.message, /could not write .*-b\.bin: no space left on the device .*previous file \(if any\) is untouched/);
        return true;
      },
    );
    assert.equal(readFileSync(path, 'utf8'), 'old contents');
    assert.deepEqual(leftovers(), []);
  });

  test(`${label}: a missing folder is a clear error`, async () => {
    await assert.rejects(async () => write(join(dir, 'no-such-folder', 'x.bin'), 'x'), /could not write .*x\.bin: the folder does not exist/);
  });

  test(`${label}: keeps the permission bits of the file it replaces`, async () => {
    const path = join(dir, `${label}-mode.bin`);
    writeFileSync(path, 'x');
    chmodSync(path, 0o640);
    await write(path, 'y');
    assert.equal(statSync(path).mode & 0o777, 0o640);
  });
}

test('removeStaleTempFiles removes what dead writers left and keeps live writers\' and other files', () => {
  const sub = mkdtempSync(join(dir, 'stale-'));
  const dead = spawnSync(process.execPath, ['-e', '']).pid!;
  assert.equal(processIsAlive(dead), false);
  assert.equal(processIsAlive(process.pid), true);
  const names = {
    dead: `.aekit-tmp-model.safetensors-${dead}-3`,
    ownPast: `.aekit-tmp-metrics.csv-${process.pid}-999`,
    live: `.aekit-tmp-x.png-${process.ppid}-1`,
    other: 'model.safetensors',
    lookalike: '.aekit-tmp-no-pid',
  };
  for (const n of Object.values(names)) writeFileSync(join(sub, n), 'x');
  assert.deepEqual(removeStaleTempFiles(sub).sort(), [names.dead, names.ownPast].sort());
  assert.deepEqual(readdirSync(sub).sort(), [names.live, names.other, names.lookalike].sort());
});
