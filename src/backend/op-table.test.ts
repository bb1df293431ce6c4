import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { loadNativeBackend } from './native-backend.js';
import { ACTIVATION_CODE, BINARY_CODE, checkOpTable, opTableSignature, UNARY_CODE } from './op-table.js';
import { createWasmBackend } from './wasm-backend.js';

describe('op table', () => {
  it('gives each op its position as its code, and activations their unary op code (-1 for identity)', () => {
    assert.equal(UNARY_CODE.neg, 0);
    assert.equal(BINARY_CODE.bceWithLogits, Object.keys(BINARY_CODE).length - 1);
    assert.equal(ACTIVATION_CODE.identity, -1);
    assert.equal(ACTIVATION_CODE.relu, UNARY_CODE.relu);
  });

  it('accepts its own signature and names the first difference of another', () => {
    checkOpTable('m', opTableSignature(), 'rebuild');
    const swapped = opTableSignature().replace('neg,exp,', 'exp,neg,');
    assert.throws(() => checkOpTable('module m', swapped, 'do X'), /module m was built from another kernel table \(unary: 'exp,neg,.*do X/);
    assert.throws(() => checkOpTable('m', opTableSignature().replace(/abi=\d+/, 'abi=1'), 'r'), /abi: '1'/);
    assert.throws(() => checkOpTable('m', '', 'r'), /abi: 'missing'/);
  });

  it('matches the table compiled into the native addon (when built)', (t) => {
    if (loadNativeBackend() === null) { t.skip('native addon not built'); return; }
    // Loading checks it; a second load of the module reports the same string.
    assert.ok(loadNativeBackend() !== null);
  });

  it('a wasm module built from another table is refused before use', async () => {
    const bytes = new Uint8Array(await readFile(new URL('../../wasm/aekit-single.wasm', import.meta.url)));
    await createWasmBackend({ shared: false, wasmBytes: bytes }); // the committed module loads
    const text = Buffer.from(bytes).toString('latin1');
    const at = text.indexOf('unary=neg,');
    assert.ok(at > 0, 'the module carries its op table');
    const patched = bytes.slice();
    patched[at + 'unary='.length + 1] = 'o'.charCodeAt(0); // neg → nog
    await assert.rejects(createWasmBackend({ shared: false, wasmBytes: patched }), /another kernel table \(unary: 'nog,.*wasm\/build\.sh/);
  });
});
