import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import v8 from 'node:v8';
import vm from 'node:vm';
import { SlabArena, sizeClass, sizeOfClass } from './slab-arena.js';
import { makeSyncCollector } from './wasm-arena.js';

describe('SlabArena', () => {
  it('size classes cover every size with at most 12.5 % slack (multiples of 16 floats), and invert', () => {
    let previous = 0;
    for (const n of [1, 15, 16, 17, 1000, 1024, 1025, 1100, 4097, 100_352, 401_408, 2_097_152]) {
      const [cls, size] = sizeClass(n);
      assert.ok(size >= n && size % 16 === 0, `class of ${n}: ${size}`);
      if (n > 1024) assert.ok(size <= n * 1.125 + 16, `class of ${n}: ${size} wastes too much`);
      assert.equal(sizeOfClass(cls), size);
      assert.ok(cls >= previous, 'classes grow with size');
      previous = cls;
    }
  });

  it('hands out zeroed views of one slab, and a loop that never yields gets its blocks back', () => {
    const collector = makeSyncCollector(v8, vm);
    assert.ok(collector !== null, 'Node offers a synchronous collector');
    const arena = new SlabArena({ collector });
    const a = arena.alloc(1000);
    const b = arena.alloc(1000);
    assert.equal(a.buffer, b.buffer, 'both in the first slab');
    assert.ok(a.length === 1000 && a.every((v) => v === 0));
    let dirty = 0;
    for (let i = 0; i < 600; i++) { // 1.2 GB in all, no await; every array is written and dropped
      const x = arena.alloc(500_000, i % 2 === 0);
      if (i % 2 === 0 && (x[0] !== 0 || x[x.length - 1] !== 0)) dirty++;
      x.fill(i);
    }
    assert.equal(dirty, 0, 'reused blocks come back zeroed');
    assert.ok(arena.stats().slabBytes <= 128 * 1024 * 1024, `slabs grew to ${arena.stats().slabBytes} bytes`);
    assert.equal(arena.alloc(17, false).length, 17);
  });

  it('gives very large arrays a pooled buffer of their own, and without a collector stops growing at its cap', () => {
    const arena = new SlabArena({ collector: null, maxSlabBytes: 48 * 1024 * 1024 });
    const big = arena.alloc(3_000_000);
    assert.equal(big.buffer.byteLength, sizeClass(3_000_000)[1] * 4);
    const keep: Float32Array[] = [];
    for (let i = 0; i < 40; i++) keep.push(arena.alloc(1_000_000));
    assert.equal(arena.stats().slabBytes, big.buffer.byteLength + 32 * 1024 * 1024, 'one slab beside it, then ordinary arrays');
    assert.ok(keep.every((x) => x.length === 1_000_000 && x[0] === 0));
    assert.equal(keep.at(-1)!.buffer.byteLength, 4_000_000);
  });

  it('reuses the buffers of large arrays', () => {
    const arena = new SlabArena({ collector: makeSyncCollector(v8, vm) });
    for (let i = 0; i < 100; i++) arena.alloc(4_000_000).fill(1); // 1.6 GB in all
    assert.ok(arena.stats().slabBytes <= 400 * 1024 * 1024, `slabs grew to ${arena.stats().slabBytes} bytes`);
  });
});
