import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createWasmBackend, type WasmBackend } from './wasm-backend.js';

let w1: WasmBackend;
let w2: WasmBackend;

before(async () => {
  w1 = await createWasmBackend({ threads: 1 });
  w2 = await createWasmBackend({ threads: 2 });
});

/** A copy of `values` in `be`'s memory, as a view that starts `offset` elements into its allocation. */
function put(be: WasmBackend, values: Float32Array, offset = 0): Float32Array {
  const a = be.alloc(values.length + offset).subarray(offset);
  a.set(values);
  return a;
}

describe('WasmBackend memory', () => {
  test('alloc returns zeroed views into the shared wasm memory', () => {
    const a = w1.alloc(1000);
    assert.ok(a.buffer instanceof SharedArrayBuffer);
    a.fill(5);
    w1.fill(a, 0.25);
    assert.ok(a.every((v) => v === 0.25));
    assert.equal(w1.alloc(0).length, 0);
  });

  test('views made before the memory grows stay valid and in place', () => {
    const be = w1;
    const early = put(be, Float32Array.from([1, 2, 3]));
    const before = be.heapStats().top;
    const big = be.alloc(48 * 1024 * 1024); // 192 MiB forces growth
    assert.ok(be.heapStats().top > before + 190 * 1024 * 1024);
    big[big.length - 1] = 9;
    be.unary('neg', early, early);
    assert.deepEqual([...early], [-1, -2, -3]);
    be.binary('add', big.subarray(big.length - 1), [1], early, [1], early.subarray(0, 1), [1]);
    assert.equal(early[0], 8);
  });

  test('unreachable arrays give their blocks back: the heap does not grow without bound', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const collect = async (): Promise<void> => {
      for (let i = 0; i < 3; i++) { gc(); await new Promise((r) => setTimeout(r, 0)); }
    };
    const be = w2;
    await collect();
    const start = be.heapStats();
    let checksum = 0;
    for (let round = 0; round < 40; round++) {
      for (let i = 0; i < 25; i++) {
        const a = be.alloc(50_000 + ((round * 25 + i) % 7) * 13_001); // 200–560 KiB, several sizes
        a[a.length - 1] = 1;
        checksum += a[a.length - 1]!;
      }
      await collect();
    }
    assert.equal(checksum, 1000);
    const end = be.heapStats();
    // ~400 MiB were allocated in all; what remains is at most a round's worth plus slack.
    assert.ok(end.top - start.top < 32 * 1024 * 1024, `heap top grew by ${end.top - start.top} bytes`);
    assert.ok(end.inUse - start.inUse < 16 * 1024 * 1024, `in use grew by ${end.inUse - start.inUse} bytes`);
  });

  test('a loop that never yields still gets its memory back (Node: gc and cleanupSome)', () => {
    const be = w1;
    be.reclaim();
    const start = be.heapStats().top;
    let checksum = 0;
    for (let i = 0; i < 1200; i++) { // 1.2 GiB in all, no await
      const a = be.alloc(256 * 1024);
      a[i] = 1;
      checksum += a[i]!;
    }
    assert.equal(checksum, 1200);
    const grown = be.heapStats().top - start;
    assert.ok(grown < 600 * 1024 * 1024, `heap top grew by ${grown} bytes`);
  });

  test('allocating past the maximum in one synchronous run falls back to ordinary arrays', async () => {
    // NOTE: finalizers run only between event-loop tasks, so a loop that never yields frees nothing.
    const be = await createWasmBackend({ threads: 1, maxMemoryMiB: 64, syncReclaim: false });
    const arrays: Float32Array[] = [];
    for (let i = 0; i < 80; i++) arrays.push(be.alloc(256 * 1024)); // 80 MiB
    const foreign = arrays.filter((a) => !(a.buffer instanceof SharedArrayBuffer));
    assert.ok(foreign.length > 0 && foreign.length < 80, `${foreign.length} ordinary arrays`);
    be.fill(foreign[0]!, 3);
    be.binary('add', foreign[0]!, [1], arrays[0]!, [1], arrays[1]!, [256 * 1024]);
    assert.equal(arrays[1]![12345], 3);
  });

  test('a fixed-size, non-shared memory falls back to ordinary arrays once full', async () => {
    const be = await createWasmBackend({ shared: false, maxMemoryMiB: 16, threads: 2 });
    assert.equal(be.threads, 1);
    const inside = be.alloc(1000);
    assert.ok(!(inside.buffer instanceof SharedArrayBuffer));
    const outside = be.alloc(8 * 1024 * 1024); // 32 MiB does not fit
    outside.fill(2);
    const c = be.alloc(4);
    be.gemm(false, false, 2, 2, 2, 1, outside.subarray(0, 4), Float32Array.of(1, 0, 0, 1), 0, c);
    assert.deepEqual([...c], [2, 2, 2, 2]);
  });
});

