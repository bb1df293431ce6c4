/* Portable 4×8 micro-kernel: plain C that compilers vectorise (SSE2 baseline, WebAssembly SIMD128). */
#include "gemm_internal.h"

#define MR 4
#define NR 8

static void kernel_scalar(int kc, const float *restrict Ap, const float *restrict Bp, float *restrict C,
                          ptrdiff_t ldc, int mr, int nr, float alpha, float beta) {
  float acc[MR][NR] = {{0}};
  for (int p = 0; p < kc; p++, Ap += MR, Bp += NR)
    for (int i = 0; i < MR; i++)
      for (int j = 0; j < NR; j++) acc[i][j] += Ap[i] * Bp[j];
  for (int i = 0; i < mr; i++) {
    float *c = C + i * ldc;
    if (beta == 0.0f)
      for (int j = 0; j < nr; j++) c[j] = alpha * acc[i][j];
    else
      for (int j = 0; j < nr; j++) c[j] = alpha * acc[i][j] + beta * c[j];
  }
}

const gemm_isa_desc gemm_isa_scalar = { "scalar", MR, NR, kernel_scalar };
