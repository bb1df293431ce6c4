/**
 * The backend kernels run on before anyone chose one, where no faster one can be had synchronously (a
 * browser, before `await useBackend()` fetched the wasm module): the JS reference, which says once, on the
 * first sizeable matrix product, that it is the slow one — so nobody stays on it by accident.
 */
import { JsBackend } from './js-backend.js';

/** Multiply-adds of the first product worth warning about (a 64-row batch through a 784×512 layer is 25M). */
const HEAVY_MULTIPLY_ADDS = 1 << 22;

let warned = false;

export class DefaultJsBackend extends JsBackend {
  override gemm(transA: boolean, transB: boolean, m: number, n: number, k: number, alpha: number, a: Float32Array,
    b: Float32Array, beta: number, c: Float32Array): void {
    if (!warned && m * n * k >= HEAVY_MULTIPLY_ADDS) {
      warned = true;
      console.warn(`aekit: a ${m}×${k}·${k}×${n} matrix product is running on the JavaScript reference backend, ` +
        "about 10× slower than WebAssembly: call `await useBackend()` once before computing (or useBackend('js') to keep it).");
    }
    super.gemm(transA, transB, m, n, k, alpha, a, b, beta, c);
  }
}

/** Whether the warning has been given (for tests). */
export function slowBackendWarned(): boolean {
  return warned;
}
