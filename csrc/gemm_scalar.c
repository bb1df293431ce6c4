/* Portable 6×8 micro-kernel in GCC/Clang vector extensions: four-lane float vectors that compile to SSE2 on
 * x86-64's baseline (12 accumulators + 3 operands fill its 16 registers), NEON on ARM64, and plain scalar code
 * elsewhere. Multiply then add (no fused multiply-add contraction: -ffp-contract=off), so every target rounds
 * alike. */
#include <string.h>

#include "gemm_internal.h"

#define MR 6
#define NR 8

typedef float v4 __attribute__((vector_size(16)));

static inline v4 load4(const float *p) { v4 v; memcpy(&v, p, sizeof v); return v; }
static inline void store4(float *p, v4 v) { memcpy(p, &v, sizeof v); }

static void kernel_scalar(int kc, const float *restrict A, ptrdiff_t rsa, ptrdiff_t csa, const float *restrict Bp,
                          float *restrict C, ptrdiff_t ldc, int mr, int nr, float alpha, float beta) {
  const float *a[MR];
  for (int i = 0; i < MR; i++) a[i] = A + (ptrdiff_t)(i < mr ? i : mr - 1) * rsa; /* rows past mr: never read */
  v4 c[MR][2];
#pragma GCC unroll 8
  for (int i = 0; i < MR; i++) c[i][0] = c[i][1] = (v4){ 0 };
  ptrdiff_t q = 0;
  for (int p = 0; p < kc; p++, q += csa, Bp += NR) {
    const v4 b0 = load4(Bp), b1 = load4(Bp + 4);
#pragma GCC unroll 8
    for (int i = 0; i < MR; i++) {
      const float ai = a[i][q];
      const v4 av = { ai, ai, ai, ai };
      c[i][0] += av * b0;
      c[i][1] += av * b1;
    }
  }
  for (int i = 0; i < mr; i++) {
    float acc[NR], *d = C + i * ldc;
    store4(acc, c[i][0]);
    store4(acc + 4, c[i][1]);
    if (beta == 0.0f)
      for (int j = 0; j < nr; j++) d[j] = alpha * acc[j];
    else
      for (int j = 0; j < nr; j++) d[j] = alpha * acc[j] + beta * d[j];
  }
}

const gemm_isa_desc gemm_isa_scalar = { "scalar", MR, NR, kernel_scalar, NULL, NULL, NULL, NULL };
