import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { DefaultJsBackend, slowBackendWarned } from './default-backend.js';
import { loadNativeBackend } from './native-backend.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

test('the unchosen JS backend warns once, on the first sizeable matrix product, and still computes', () => {
  const warnings: string[] = [];
  const warn = console.warn;
  console.warn = (...args: unknown[]) => { warnings.push(args.join(' ')); };
  try {
    const be = new DefaultJsBackend();
    be.gemm(false, false, 2, 2, 2, 1, new Float32Array(4), new Float32Array(4), 0, new Float32Array(4));
    assert.deepEqual(warnings, []);
    const [m, n, k] = [128, 256, 128];
    const a = new Float32Array(m * k).fill(1), b = new Float32Array(k * n).fill(0.5), c = new Float32Array(m * n);
    be.gemm(false, false, m, n, k, 1, a, b, 0, c);
    be.gemm(false, false, m, n, k, 1, a, b, 0, c);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /128×128·128×256 matrix product is running on the JavaScript reference backend.*await useBackend\(\)/);
    assert.equal(slowBackendWarned(), true);
    assert.equal(c[0], 64);
  } finally {
    console.warn = warn;
  }
});

test("in Node, code that never calls useBackend() starts on the native backend when it loads ('aekit' resolves to the Node layer)", () => {
  const script = "import { backend } from 'aekit'; import { useBackend } from 'aekit/core'; console.log(backend().name, typeof useBackend);";
  const env = { ...process.env };
  delete env['AEKIT_BACKEND'];
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, env, encoding: 'utf8' }).trim();
  assert.equal(out, `${loadNativeBackend() !== null ? 'native' : 'js'} function`);
});
