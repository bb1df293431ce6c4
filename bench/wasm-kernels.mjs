// Elementwise, reduction, Adam and fused kernels of the wasm backend against the js reference, on the sizes
// of a 784-512-20 VAE step at batch 128 (835k parameters). Run after `npm run build`:
//   node bench/wasm-kernels.mjs [--threads 1,2]
import { JsBackend } from '../dist/backend/js-backend.js';
import { createWasmBackend } from '../dist/backend/wasm-backend.js';
import { medianMs } from './timing.mjs';

/** Median ms of fn over at least minMs, after a warm-up long enough for V8 to tier the wasm up from Liftoff. */
const time = (fn, minMs = 400) => medianMs(fn, { warmupReps: 10, warmupMs: 300, minReps: 5, minMs });


const args = process.argv.slice(2);
const threadsArg = args.indexOf('--threads');
const threadList = threadsArg >= 0 ? args[threadsArg + 1].split(',').map(Number) : [1, 2];


const P = 835_000, ROWS = 128, HID = 512, OUT = 784;
const adam = { lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, step: 10, weightDecay: 0, decoupled: false };

function cases(be) {
  const filled = (n, v) => be.alloc(n).fill(v);
  const p = filled(P, 0.1), g = filled(P, 0.01), m = filled(P, 0), v = filled(P, 0);
  const x = filled(ROWS * OUT, 0.3), y = filled(ROWS * OUT, 0.5), o = be.alloc(ROWS * OUT), bias = filled(OUT, 0.1);
  const h = filled(ROWS * HID, -0.2), ho = be.alloc(ROWS * HID), hb = filled(HID, 0.05), colSum = be.alloc(OUT), rowLoss = be.alloc(ROWS);
  const list = [
    [`adam ${P}`, () => be.adamUpdate(p, g, m, v, adam)],
    [`add ${ROWS}x${OUT} + row`, () => be.binary('add', x, [OUT, 1], bias, [0, 1], o, [ROWS, OUT])],
    [`relu ${ROWS}x${HID}`, () => be.unary('relu', h, ho)],
    [`sigmoid ${ROWS}x${OUT}`, () => be.unary('sigmoid', x, o)],
    [`sum rows ${ROWS}x${OUT}`, () => be.reduce('sum', x, [ROWS, OUT], [0], colSum)],
  ];
  list.push(
    [`biasAct relu ${ROWS}x${HID}`, () => be.biasAct(h, hb, ho, ROWS, HID, 1, 'relu', 0)],
    [`biasActBackward relu ${ROWS}x${HID}`, () => be.biasActBackward(ho, h, ho, hb, ROWS, HID, 1, 'relu', 0)],
    [`bceWithLogitsRows ${ROWS}x${OUT}`, () => be.bceWithLogitsRows(x, y, ROWS, OUT, rowLoss, o)],
  );
  return list;
}

const rows = new Map();
const columns = ['js 1t'];
for (const [name, fn] of cases(new JsBackend())) rows.set(name, [time(fn)]);
for (const t of threadList) {
  const be = await createWasmBackend({ threads: t });
  columns.push(`wasm ${be.threads}t`);
  for (const [name, fn] of cases(be)) (rows.get(name) ?? rows.set(name, [NaN]).get(name)).push(time(fn));
}
console.log(`${'kernel (ms, median)'.padEnd(34)}${columns.map((c) => c.padStart(10)).join('')}`);
for (const [name, ms] of rows) console.log(`${name.padEnd(34)}${ms.map((x) => (Number.isNaN(x) ? '—' : x.toFixed(3)).padStart(10)).join('')}`);
