/* x86 SGEMM micro-kernels, compiled for their ISA with target attributes and chosen at run time, so one
 * binary built without -march runs on every x86-64 CPU. AVX-512: 8×32 (16 zmm accumulators); AVX2+FMA:
 * 6×16 (12 ymm accumulators). Edge tiles use masked loads/stores instead of a bounce buffer. */
#include "gemm_internal.h"

#ifdef AEKIT_X86
#include <immintrin.h>

#define A5_MR 8
#define A5_NR 32

__attribute__((target("avx512f")))
static void kernel_avx512(int kc, const float *restrict Ap, const float *restrict Bp, float *restrict C,
                          ptrdiff_t ldc, int mr, int nr, float alpha, float beta) {
  __m512 c[A5_MR][2];
#pragma GCC unroll 8
  for (int i = 0; i < A5_MR; i++) c[i][0] = c[i][1] = _mm512_setzero_ps();
  for (int p = 0; p < kc; p++) {
    __m512 b0 = _mm512_loadu_ps(Bp), b1 = _mm512_loadu_ps(Bp + 16);
#pragma GCC unroll 8
    for (int i = 0; i < A5_MR; i++) {
      __m512 a = _mm512_set1_ps(Ap[i]);
      c[i][0] = _mm512_fmadd_ps(a, b0, c[i][0]);
      c[i][1] = _mm512_fmadd_ps(a, b1, c[i][1]);
    }
    Ap += A5_MR;
    Bp += A5_NR;
  }
  __mmask16 m0 = nr >= 16 ? 0xFFFF : (__mmask16)((1u << nr) - 1);
  __mmask16 m1 = nr >= 32 ? 0xFFFF : nr > 16 ? (__mmask16)((1u << (nr - 16)) - 1) : 0;
  __m512 va = _mm512_set1_ps(alpha), vb = _mm512_set1_ps(beta);
#pragma GCC unroll 8
  for (int i = 0; i < A5_MR; i++) {
    if (i >= mr) break;
    float *d = C + i * ldc;
    __m512 r0 = _mm512_mul_ps(c[i][0], va), r1 = _mm512_mul_ps(c[i][1], va);
    if (beta != 0.0f) {
      r0 = _mm512_fmadd_ps(vb, _mm512_maskz_loadu_ps(m0, d), r0);
      r1 = _mm512_fmadd_ps(vb, _mm512_maskz_loadu_ps(m1, d + 16), r1);
    }
    _mm512_mask_storeu_ps(d, m0, r0);
    _mm512_mask_storeu_ps(d + 16, m1, r1);
  }
}

const gemm_isa_desc gemm_isa_avx512 = { "avx512", A5_MR, A5_NR, kernel_avx512 };

#define A2_MR 6
#define A2_NR 16

__attribute__((target("avx2,fma")))
static void kernel_avx2(int kc, const float *restrict Ap, const float *restrict Bp, float *restrict C,
                        ptrdiff_t ldc, int mr, int nr, float alpha, float beta) {
  __m256 c[A2_MR][2];
#pragma GCC unroll 8
  for (int i = 0; i < A2_MR; i++) c[i][0] = c[i][1] = _mm256_setzero_ps();
  for (int p = 0; p < kc; p++) {
    __m256 b0 = _mm256_loadu_ps(Bp), b1 = _mm256_loadu_ps(Bp + 8);
#pragma GCC unroll 8
    for (int i = 0; i < A2_MR; i++) {
      __m256 a = _mm256_broadcast_ss(Ap + i);
      c[i][0] = _mm256_fmadd_ps(a, b0, c[i][0]);
      c[i][1] = _mm256_fmadd_ps(a, b1, c[i][1]);
    }
    Ap += A2_MR;
    Bp += A2_NR;
  }
  const __m256i iota = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
  __m256i m0 = _mm256_cmpgt_epi32(_mm256_set1_epi32(nr), iota);
  __m256i m1 = _mm256_cmpgt_epi32(_mm256_set1_epi32(nr - 8), iota);
  __m256 va = _mm256_set1_ps(alpha), vb = _mm256_set1_ps(beta);
#pragma GCC unroll 8
  for (int i = 0; i < A2_MR; i++) {
    if (i >= mr) break;
    float *d = C + i * ldc;
    __m256 r0 = _mm256_mul_ps(c[i][0], va), r1 = _mm256_mul_ps(c[i][1], va);
    if (nr == A2_NR) {
      if (beta != 0.0f) {
        r0 = _mm256_fmadd_ps(vb, _mm256_loadu_ps(d), r0);
        r1 = _mm256_fmadd_ps(vb, _mm256_loadu_ps(d + 8), r1);
      }
      _mm256_storeu_ps(d, r0);
      _mm256_storeu_ps(d + 8, r1);
    } else {
      if (beta != 0.0f) {
        r0 = _mm256_fmadd_ps(vb, _mm256_maskload_ps(d, m0), r0);
        r1 = _mm256_fmadd_ps(vb, _mm256_maskload_ps(d + 8, m1), r1);
      }
      _mm256_maskstore_ps(d, m0, r0);
      _mm256_maskstore_ps(d + 8, m1, r1);
    }
  }
}

const gemm_isa_desc gemm_isa_avx2 = { "avx2", A2_MR, A2_NR, kernel_avx2 };

#endif
