/* WebAssembly SIMD128 GEMM micro-kernel: a 4×8 tile of C held in 8 f32x4 registers. Measured against it in V8 on
 * x86-64 (16 xmm registers): 5×8 and 6×8 spill and run at half speed, 3×12 and 2×16 are no faster, unrolling k by
 * two is slower, and packing A into strips changes nothing. It plugs into the shared driver (gemm.c) as that
 * driver's portable ISA entry: wasm/build.sh compiles gemm.c with -Dgemm_isa_scalar=gemm_isa_wasm128 in place of
 * gemm_scalar.c. */
#include <wasm_simd128.h>

#include "gemm_internal.h"

#define MR 4
#define NR 8

#ifdef __wasm_relaxed_simd__
/* NOTE: relaxed multiply-add may round once (fused) or twice, whichever the CPU does fast; results can then
 * differ between machines by float32 rounding. Only the aekit-relaxed.wasm build uses it. */
#define VMADD(a, b, c) __builtin_wasm_relaxed_madd_f32x4((a), (b), (c)) /* a·b + c */
#define ISA_NAME "wasm-relaxed-simd"
#else
/* Without relaxed SIMD there is no multiply-add: mul then add rounds twice, like -ffp-contract=off. */
#define VMADD(a, b, c) wasm_f32x4_add((c), wasm_f32x4_mul((a), (b)))
#define ISA_NAME "wasm-simd128"
#endif

static void kernel_wasm128(int kc, const float *restrict A, ptrdiff_t rsa, ptrdiff_t csa, const float *restrict Bp,
                           float *restrict C, ptrdiff_t ldc, int mr, int nr, float alpha, float beta) {
  v128_t c00 = wasm_f32x4_splat(0.0f), c01 = c00, c10 = c00, c11 = c00;
  v128_t c20 = c00, c21 = c00, c30 = c00, c31 = c00;
  /* Rows past mr are never read: they repeat the last real row. */
  const float *a0 = A, *a1 = A + (mr > 1 ? rsa : 0), *a2 = A + (mr > 2 ? 2 * rsa : 0), *a3 = A + (mr > 3 ? 3 * rsa : 0);
  if (mr == 3) a3 = a2;
  if (mr == 2) a2 = a3 = a1;
  for (int p = 0; p < kc; p++, a0 += csa, a1 += csa, a2 += csa, a3 += csa, Bp += NR) {
    const v128_t b0 = wasm_v128_load(Bp), b1 = wasm_v128_load(Bp + 4);
    v128_t a = wasm_v128_load32_splat(a0);
    c00 = VMADD(a, b0, c00); c01 = VMADD(a, b1, c01);
    a = wasm_v128_load32_splat(a1);
    c10 = VMADD(a, b0, c10); c11 = VMADD(a, b1, c11);
    a = wasm_v128_load32_splat(a2);
    c20 = VMADD(a, b0, c20); c21 = VMADD(a, b1, c21);
    a = wasm_v128_load32_splat(a3);
    c30 = VMADD(a, b0, c30); c31 = VMADD(a, b1, c31);
  }
  v128_t acc[MR][2] = { { c00, c01 }, { c10, c11 }, { c20, c21 }, { c30, c31 } };
  if (alpha != 1.0f) {
    const v128_t va = wasm_f32x4_splat(alpha);
    for (int i = 0; i < MR; i++) { acc[i][0] = wasm_f32x4_mul(acc[i][0], va); acc[i][1] = wasm_f32x4_mul(acc[i][1], va); }
  }
  if (mr == MR && nr == NR) {
    for (int i = 0; i < MR; i++) {
      float *c = C + i * ldc;
      v128_t r0 = acc[i][0], r1 = acc[i][1];
      if (beta == 1.0f) {
        r0 = wasm_f32x4_add(r0, wasm_v128_load(c));
        r1 = wasm_f32x4_add(r1, wasm_v128_load(c + 4));
      } else if (beta != 0.0f) {
        const v128_t vb = wasm_f32x4_splat(beta);
        r0 = wasm_f32x4_add(r0, wasm_f32x4_mul(vb, wasm_v128_load(c)));
        r1 = wasm_f32x4_add(r1, wasm_f32x4_mul(vb, wasm_v128_load(c + 4)));
      }
      wasm_v128_store(c, r0);
      wasm_v128_store(c + 4, r1);
    }
    return;
  }
  /* Edge tile: spill to a local tile and write only the mr×nr part that exists. */
  float tile[MR][NR];
  for (int i = 0; i < MR; i++) { wasm_v128_store(&tile[i][0], acc[i][0]); wasm_v128_store(&tile[i][4], acc[i][1]); }
  for (int i = 0; i < mr; i++) {
    float *c = C + i * ldc;
    if (beta == 0.0f) for (int j = 0; j < nr; j++) c[j] = tile[i][j];
    else if (beta == 1.0f) for (int j = 0; j < nr; j++) c[j] = tile[i][j] + c[j];
    else for (int j = 0; j < nr; j++) c[j] = tile[i][j] + beta * c[j];
  }
}

const gemm_isa_desc gemm_isa_wasm128 = { ISA_NAME, MR, NR, kernel_wasm128, NULL, NULL, NULL, NULL };
