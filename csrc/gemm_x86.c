/* x86 SGEMM micro-kernels, compiled for their ISA with target attributes and chosen at run time, so one
 * binary built without -march runs on every x86-64 CPU. AVX-512: 8×32 (16 zmm accumulators); AVX2+FMA:
 * 6×16 (12 ymm accumulators). A is read in place through its strides (no packing); B comes packed.
 * A tile narrower than NR runs a narrower loop in steps of 8 columns (ymm), so n = 20 or 40 wastes at most
 * 4 of every 24 lanes: on CPUs that split 512-bit operations in two (AMD Zen 4) a ymm FMA costs half a zmm
 * one, so the narrow loops lose nothing per lane. Edge tiles use masked loads/stores, no bounce buffer.
 * Degenerate shapes have their own kernels, chosen by gemm.c: skinny products (n or m ≤ 4) and rank-k updates
 * (k ≤ 4). */
#include <string.h>

#include "gemm_internal.h"

#ifdef AEKIT_X86
#include <immintrin.h>

/* ---- packing a transposed strip of B, 8×8 blocks at a time ---- */

/* Transposes the 8×8 block r[0..7] (rows) in place into its columns. */
__attribute__((target("avx2")))
static inline void transpose8(__m256 r[8]) {
  __m256 t[8], u[8];
  for (int i = 0; i < 8; i += 2) { t[i] = _mm256_unpacklo_ps(r[i], r[i + 1]); t[i + 1] = _mm256_unpackhi_ps(r[i], r[i + 1]); }
  for (int i = 0; i < 8; i += 4) {
    u[i] = _mm256_shuffle_ps(t[i], t[i + 2], 0x44); u[i + 1] = _mm256_shuffle_ps(t[i], t[i + 2], 0xEE);
    u[i + 2] = _mm256_shuffle_ps(t[i + 1], t[i + 3], 0x44); u[i + 3] = _mm256_shuffle_ps(t[i + 1], t[i + 3], 0xEE);
  }
  for (int i = 0; i < 4; i++) {
    r[i] = _mm256_permute2f128_ps(u[i], u[i + 4], 0x20);
    r[i + 4] = _mm256_permute2f128_ps(u[i], u[i + 4], 0x31);
  }
}

/* dst[p·W + q] = src[q·ld + p] for q < w, zero for w ≤ q < W; W is a multiple of 8. */
__attribute__((target("avx2")))
static void pack_transposed_avx2(const float *restrict src, size_t ld, int kc, int w, int W, float *restrict dst) {
  const __m256i iota = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
  for (int q0 = 0; q0 < W; q0 += 8) {
    const int rows = w - q0 < 0 ? 0 : w - q0 > 8 ? 8 : w - q0;
    int p0 = 0;
    for (; p0 + 8 <= kc; p0 += 8) {
      __m256 r[8];
      for (int i = 0; i < 8; i++) r[i] = i < rows ? _mm256_loadu_ps(src + (size_t)(q0 + i) * ld + p0) : _mm256_setzero_ps();
      transpose8(r);
      for (int i = 0; i < 8; i++) _mm256_storeu_ps(dst + (size_t)(p0 + i) * W + q0, r[i]);
    }
    if (p0 < kc) {
      const __m256i mask = _mm256_cmpgt_epi32(_mm256_set1_epi32(kc - p0), iota);
      __m256 r[8];
      for (int i = 0; i < 8; i++) r[i] = i < rows ? _mm256_maskload_ps(src + (size_t)(q0 + i) * ld + p0, mask) : _mm256_setzero_ps();
      transpose8(r);
      for (int i = 0; i < kc - p0; i++) _mm256_storeu_ps(dst + (size_t)(p0 + i) * W + q0, r[i]);
    }
  }
}

/* ---- skinny products (gemm_internal.h): every vector in one pass over M, in ymm (AVX2) or zmm (AVX-512: on Zen 4
 * a zmm operation is two ymm ones, but half the instructions; measured equal or faster). Dots of one vector take
 * four rows at a time (eight measured slower); of two, four in zmm (two or three measured slower). The empty
 * `__asm__` after a load pins the value in a register: GCC otherwise folds the load into every FMA that uses it,
 * loading it NV times, and these products are bound by loads. ---- */

#define SKINNY_STORE(row, v, sum)                                                                                 \
  do {                                                                                                           \
    float *d_ = y + (ptrdiff_t)(row) * incy + (ptrdiff_t)(v) * incv;                                             \
    *d_ = beta == 0.0f ? alpha * (sum) : alpha * (sum) + beta * *d_;                                             \
  } while (0)

__attribute__((target("avx2,fma")))
static inline float hsum8(__m256 v) {
  __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
  s = _mm_add_ps(s, _mm_movehl_ps(s, s));
  return _mm_cvtss_f32(_mm_add_ss(s, _mm_movehdup_ps(s)));
}

/* R rows × NV vectors of accumulators (16 ymm registers: R·NV + NV + 1), k in steps of 8, scalar tail. */
#define DOTS256(name, R, NV)                                                                                     \
  __attribute__((target("avx2,fma"))) static void name(int i0, int i1, int k, const float *M, size_t ldm,      \
                                                       const float *X, float *y, ptrdiff_t incy, ptrdiff_t incv, \
                                                       float alpha, float beta) {                              \
    for (int i = i0; i < i1; i += R) {                                                                         \
      const int rows = i1 - i < R ? i1 - i : R;                                                                \
      const float *m[R];                                                                                       \
      for (int r = 0; r < R; r++) m[r] = M + (size_t)(i + (r < rows ? r : rows - 1)) * ldm;                   \
      __m256 acc[R][NV];                                                                                       \
      for (int r = 0; r < R; r++) for (int v = 0; v < NV; v++) acc[r][v] = _mm256_setzero_ps();               \
      int p = 0;                                                                                               \
      for (; p + 8 <= k; p += 8) {                                                                             \
        __m256 xv[NV];                                                                                         \
        for (int v = 0; v < NV; v++) xv[v] = _mm256_loadu_ps(X + (size_t)v * k + p);                          \
        for (int r = 0; r < R; r++) {                                                                          \
          __m256 a = _mm256_loadu_ps(m[r] + p);                                                                \
          __asm__("" : "+x"(a));                                                                               \
          for (int v = 0; v < NV; v++) acc[r][v] = _mm256_fmadd_ps(a, xv[v], acc[r][v]);                       \
        }                                                                                                      \
      }                                                                                                        \
      for (int r = 0; r < rows; r++)                                                                           \
        for (int v = 0; v < NV; v++) {                                                                         \
          const float *x = X + (size_t)v * k;                                                                  \
          float sum = hsum8(acc[r][v]);                                                                        \
          for (int q = p; q < k; q++) sum += m[r][q] * x[q];                                                   \
          SKINNY_STORE(i + r, v, sum);                                                                         \
        }                                                                                                      \
    }                                                                                                          \
  }
DOTS256(dots256_4x1, 4, 1)
DOTS256(dots256_6x2, 6, 2)
DOTS256(dots256_3x3, 3, 3)
DOTS256(dots256_2x4, 2, 4)

/* A skinny product's entry point (gemm_skinny_fn): the kernel for its number of vectors, 1 to 4. */
#define SKINNY_DISPATCH(name, k1, k2, k3, k4)                                                                    \
  static void name(int i0, int i1, int k, const float *M, size_t ldm, const float *X, int nv, float *y,         \
                   ptrdiff_t incy, ptrdiff_t incv, float alpha, float beta) {                                  \
    void (*const fns[])(int, int, int, const float *, size_t, const float *, float *, ptrdiff_t, ptrdiff_t,    \
                        float, float) = { k1, k2, k3, k4 };                                                   \
    fns[nv - 1](i0, i1, k, M, ldm, X, y, incy, incv, alpha, beta);                                             \
  }
SKINNY_DISPATCH(dots_avx2, dots256_4x1, dots256_6x2, dots256_3x3, dots256_2x4)

/* AVX-512: the same in zmm, k in steps of 16 with a masked last step (no scalar tail). */
#define DOTS512(name, R, NV)                                                                                     \
  __attribute__((target("avx512f,fma"))) static void name(int i0, int i1, int k, const float *M, size_t ldm,   \
                                                          const float *X, float *y, ptrdiff_t incy,             \
                                                          ptrdiff_t incv, float alpha, float beta) {            \
    const __mmask16 tail = (__mmask16)((1u << (k & 15)) - 1);                                                   \
    const int k16 = k & ~15;                                                                                   \
    for (int i = i0; i < i1; i += R) {                                                                         \
      const int rows = i1 - i < R ? i1 - i : R;                                                                \
      const float *m[R];                                                                                       \
      for (int r = 0; r < R; r++) m[r] = M + (size_t)(i + (r < rows ? r : rows - 1)) * ldm;                   \
      __m512 acc[R][NV];                                                                                       \
      for (int r = 0; r < R; r++) for (int v = 0; v < NV; v++) acc[r][v] = _mm512_setzero_ps();               \
      for (int p = 0; p < k16; p += 16) {                                                                      \
        __m512 xv[NV];                                                                                         \
        for (int v = 0; v < NV; v++) xv[v] = _mm512_loadu_ps(X + (size_t)v * k + p);                          \
        for (int r = 0; r < R; r++) {                                                                          \
          __m512 a = _mm512_loadu_ps(m[r] + p);                                                                \
          __asm__("" : "+v"(a));                                                                               \
          for (int v = 0; v < NV; v++) acc[r][v] = _mm512_fmadd_ps(a, xv[v], acc[r][v]);                       \
        }                                                                                                      \
      }                                                                                                        \
      if (tail) {                                                                                              \
        __m512 xv[NV];                                                                                         \
        for (int v = 0; v < NV; v++) xv[v] = _mm512_maskz_loadu_ps(tail, X + (size_t)v * k + k16);            \
        for (int r = 0; r < R; r++) {                                                                          \
          const __m512 a = _mm512_maskz_loadu_ps(tail, m[r] + k16);                                            \
          for (int v = 0; v < NV; v++) acc[r][v] = _mm512_fmadd_ps(a, xv[v], acc[r][v]);                       \
        }                                                                                                      \
      }                                                                                                        \
      for (int r = 0; r < rows; r++)                                                                           \
        for (int v = 0; v < NV; v++) SKINNY_STORE(i + r, v, _mm512_reduce_add_ps(acc[r][v]));                  \
    }                                                                                                          \
  }
DOTS512(dots512_4x1, 4, 1)
DOTS512(dots512_4x2, 4, 2)
DOTS512(dots512_3x3, 3, 3)
DOTS512(dots512_2x4, 2, 4)

SKINNY_DISPATCH(dots_avx512, dots512_4x1, dots512_4x2, dots512_3x3, dots512_2x4)

/* Columns in blocks of AXPYS_BLOCK, whose NV sums stay in an L1 buffer while M's rows stream through it PB at a
 * time (NV·PB broadcast weights in registers): every row of M is read front to back, PB rows side by side,
 * where a register tile of columns would walk down all k rows at one stride per row. */
#define AXPYS_BLOCK 512
#define AXPYS(name, TARGET, V, L, SET1, LOADU, LOAD, STORE, FMA, NV, PB)                                         \
  __attribute__((target(TARGET)))       static void name(int j0, int j1, int k, const float *M, size_t ldm,      \
                                                       const float *X, float *y, ptrdiff_t incy, ptrdiff_t incv, \
                                                       float alpha, float beta) {                              \
    float acc[NV][AXPYS_BLOCK] __attribute__((aligned(64)));                                                   \
    for (int jb = j0; jb < j1; jb += AXPYS_BLOCK) {                                                            \
      const int w = j1 - jb < AXPYS_BLOCK ? j1 - jb : AXPYS_BLOCK, wv = w & ~(L - 1);                                \
      for (int v = 0; v < NV; v++) memset(acc[v], 0, (size_t)w * sizeof(float));                              \
      for (int p0 = 0; p0 < k; p0 += PB) {                                                                     \
        const int pb = k - p0 < PB ? k - p0 : PB;                                                              \
        V xv[PB][NV];                                                                                     \
        const float *row[PB];                                                                                  \
        for (int q = 0; q < PB; q++) {                                                                         \
          /* Rows past k repeat the last one with zero weights. */                                             \
          row[q] = M + (size_t)(p0 + (q < pb ? q : pb - 1)) * ldm + jb;                                        \
          for (int v = 0; v < NV; v++) xv[q][v] = SET1(q < pb ? X[(size_t)v * k + p0 + q] : 0.0f);  \
        }                                                                                                      \
        for (int j = 0; j < wv; j += L) {                                                                      \
          V s[NV];                                                                                        \
          for (int v = 0; v < NV; v++) s[v] = LOAD(acc[v] + j);                                      \
          for (int q = 0; q < PB; q++) {                                                                       \
            V r = LOADU(row[q] + j);                                                            \
            __asm__("" : "+v"(r));                                                                             \
            for (int v = 0; v < NV; v++) s[v] = FMA(xv[q][v], r, s[v]);                           \
          }                                                                                                    \
          for (int v = 0; v < NV; v++) STORE(acc[v] + j, s[v]);                                      \
        }                                                                                                      \
        for (int j = wv; j < w; j++)                                                                           \
          for (int q = 0; q < pb; q++)                                                                         \
            for (int v = 0; v < NV; v++) acc[v][j] = __builtin_fmaf(X[(size_t)v * k + p0 + q], row[q][j], acc[v][j]); \
      }                                                                                                        \
      for (int v = 0; v < NV; v++)                                                                             \
        for (int l = 0; l < w; l++) SKINNY_STORE(jb + l, v, acc[v][l]);                                        \
    }                                                                                                          \
  }
#define AXPYS256(name, NV, PB) \
  AXPYS(name, "avx2,fma", __m256, 8, _mm256_set1_ps, _mm256_loadu_ps, _mm256_load_ps, _mm256_store_ps, _mm256_fmadd_ps, NV, PB)
#define AXPYS512(name, NV, PB) \
  AXPYS(name, "avx512f,fma", __m512, 16, _mm512_set1_ps, _mm512_loadu_ps, _mm512_load_ps, _mm512_store_ps, _mm512_fmadd_ps, NV, PB)
AXPYS256(axpys256_1, 1, 8)
AXPYS256(axpys256_2, 2, 4)
AXPYS256(axpys256_3, 3, 2)
AXPYS256(axpys256_4, 4, 2)
AXPYS512(axpys512_1, 1, 8)
AXPYS512(axpys512_2, 2, 4)
AXPYS512(axpys512_3, 3, 2)
AXPYS512(axpys512_4, 4, 2)

SKINNY_DISPATCH(axpys_avx2, axpys256_1, axpys256_2, axpys256_3, axpys256_4)

SKINNY_DISPATCH(axpys_avx512, axpys512_1, axpys512_2, axpys512_3, axpys512_4)

/* ---- rank-k updates (gemm_internal.h), one kernel per k so that the k coefficients stay in registers ---- */

/* One vector of C's row: Σ_p a[p]·R[p, j..] (+ beta·C) over `terms` (= K) rows of R; LOAD/STORE are full or
 * masked. */
#define RANKK_VECTOR(T, LOAD, STORE, FMA, MUL, j)                                                                \
  do {                                                                                                         \
    T s_ = MUL(a[0], LOAD(R + (j)));                                                                           \
    for (int p = 1; p < terms; p++) s_ = FMA(a[p], LOAD(R + (size_t)p * ldr + (j)), s_);                       \
    if (beta != 0.0f) s_ = FMA(vb, LOAD(c + (j)), s_);                                                         \
    STORE(c + (j), s_);                                                                                        \
  } while (0)

/* AVX-512: zmm with a masked tail. */
#define RANKK512(name, K)                                                                                      \
  __attribute__((target("avx512f,fma"))) static void name(int i0, int i1, int n, const float *A, ptrdiff_t rsa, \
                                                          ptrdiff_t csa, const float *R, size_t ldr, float *C,  \
                                                          size_t ldc, float alpha, float beta) {               \
    enum { terms = K };                                                                                        \
    const __mmask16 tail = (__mmask16)((1u << (n & 15)) - 1);                                                   \
    const __m512 vb = _mm512_set1_ps(beta);                                                                    \
    for (int i = i0; i < i1; i++) {                                                                            \
      __m512 a[K];                                                                                             \
      for (int p = 0; p < K; p++) a[p] = _mm512_set1_ps(alpha * A[(ptrdiff_t)i * rsa + (ptrdiff_t)p * csa]);   \
      float *c = C + (size_t)i * ldc;                                                                          \
      int j = 0;                                                                                               \
      for (; j + 16 <= n; j += 16) RANKK_VECTOR(__m512, _mm512_loadu_ps, _mm512_storeu_ps, _mm512_fmadd_ps, _mm512_mul_ps, j); \
      if (tail) RANKK_VECTOR(__m512, MASKED_LOAD512, MASKED_STORE512, _mm512_fmadd_ps, _mm512_mul_ps, j);      \
    }                                                                                                          \
  }
#define MASKED_LOAD512(p) _mm512_maskz_loadu_ps(tail, (p))
#define MASKED_STORE512(p, v) _mm512_mask_storeu_ps((p), tail, (v))
RANKK512(rankk512_1, 1)
RANKK512(rankk512_2, 2)
RANKK512(rankk512_3, 3)
RANKK512(rankk512_4, 4)

/* The rank-k update's entry point (gemm_rankk_fn): the kernel for its k, 1 to 4. */
#define RANKK_DISPATCH(name, k1, k2, k3, k4)                                                                     \
  static void name(int i0, int i1, int n, int k, const float *A, ptrdiff_t rsa, ptrdiff_t csa, const float *R,  \
                   size_t ldr, float *C, size_t ldc, float alpha, float beta) {                                \
    void (*const fns[])(int, int, int, const float *, ptrdiff_t, ptrdiff_t, const float *, size_t, float *,    \
                        size_t, float, float) = { k1, k2, k3, k4 };                                           \
    fns[k - 1](i0, i1, n, A, rsa, csa, R, ldr, C, ldc, alpha, beta);                                           \
  }
RANKK_DISPATCH(rankk_avx512, rankk512_1, rankk512_2, rankk512_3, rankk512_4)

/* AVX2: ymm, and the columns past the last 8 as scalars (AMD runs masked AVX2 stores in microcode). */
#define RANKK256(name, K)                                                                                      \
  __attribute__((target("avx2,fma"))) static void name(int i0, int i1, int n, const float *A, ptrdiff_t rsa,   \
                                                       ptrdiff_t csa, const float *R, size_t ldr, float *C,     \
                                                       size_t ldc, float alpha, float beta) {                  \
    enum { terms = K };                                                                                        \
    const __m256 vb = _mm256_set1_ps(beta);                                                                    \
    for (int i = i0; i < i1; i++) {                                                                            \
      __m256 a[K];                                                                                             \
      float as[K];                                                                                             \
      for (int p = 0; p < K; p++) as[p] = alpha * A[(ptrdiff_t)i * rsa + (ptrdiff_t)p * csa], a[p] = _mm256_set1_ps(as[p]); \
      float *c = C + (size_t)i * ldc;                                                                          \
      int j = 0;                                                                                               \
      for (; j + 8 <= n; j += 8) RANKK_VECTOR(__m256, _mm256_loadu_ps, _mm256_storeu_ps, _mm256_fmadd_ps, _mm256_mul_ps, j); \
      for (; j < n; j++) {                                                                                     \
        float s = as[0] * R[j];                                                                                \
        for (int p = 1; p < K; p++) s = __builtin_fmaf(as[p], R[(size_t)p * ldr + j], s);                      \
        c[j] = beta == 0.0f ? s : __builtin_fmaf(beta, c[j], s);                                               \
      }                                                                                                        \
    }                                                                                                          \
  }
RANKK256(rankk256_1, 1)
RANKK256(rankk256_2, 2)
RANKK256(rankk256_3, 3)
RANKK256(rankk256_4, 4)

RANKK_DISPATCH(rankk_avx2, rankk256_1, rankk256_2, rankk256_3, rankk256_4)

/* ---- AVX-512 ---- */

#define A5_MR 8
#define A5_NR 32

/* Row offsets of A's rows (clamped to the last real row, so a short tile never reads past A). */
#define ROW_POINTERS(MR)                                                    \
  const float *a_[MR];                                                      \
  for (int i = 0; i < MR; i++) a_[i] = A + (ptrdiff_t)(i < mr ? i : mr - 1) * rsa

/* One k-step of the AVX-512 kernel for `Z` zmm columns plus `Y` (0 or 1) ymm column. */
#define A5_LOOP(Z, Y)                                                                                     \
  for (int p = 0; p < kc; p++, q += csa, Bp += A5_NR) {                                                   \
    const __m512 b0 = _mm512_loadu_ps(Bp), b1 = Z > 1 ? _mm512_loadu_ps(Bp + 16) : b0;                   \
    const __m256 by = Y ? _mm256_loadu_ps(Bp + 16 * Z) : _mm256_setzero_ps();                              \
    _Pragma("GCC unroll 8") for (int i = 0; i < A5_MR; i++) {                                              \
      const float ai = a_[i][q];                                                                          \
      const __m512 a = _mm512_set1_ps(ai);                                                                \
      c[i][0] = _mm512_fmadd_ps(a, b0, c[i][0]);                                                          \
      if (Z > 1) c[i][1] = _mm512_fmadd_ps(a, b1, c[i][1]);                                                \
      if (Y) cy[i] = _mm256_fmadd_ps(_mm256_set1_ps(ai), by, cy[i]);                                       \
    }                                                                                                     \
  }

__attribute__((target("avx512f,fma")))
static void kernel_avx512(int kc, const float *restrict A, ptrdiff_t rsa, ptrdiff_t csa, const float *restrict Bp,
                          float *restrict C, ptrdiff_t ldc, int mr, int nr, float alpha, float beta) {
  __m512 c[A5_MR][2];
  __m256 cy[A5_MR];
#pragma GCC unroll 8
  for (int i = 0; i < A5_MR; i++) { c[i][0] = c[i][1] = _mm512_setzero_ps(); cy[i] = _mm256_setzero_ps(); }
  ROW_POINTERS(A5_MR);
  ptrdiff_t q = 0;
  /* Columns covered: 8 (one ymm), 16 (one zmm), 24 (zmm + ymm) or 32 (two zmm). */
  if (nr <= 8) {
    for (int p = 0; p < kc; p++, q += csa, Bp += A5_NR) {
      const __m256 by = _mm256_loadu_ps(Bp);
#pragma GCC unroll 8
      for (int i = 0; i < A5_MR; i++) cy[i] = _mm256_fmadd_ps(_mm256_set1_ps(a_[i][q]), by, cy[i]);
    }
#pragma GCC unroll 8
    for (int i = 0; i < A5_MR; i++) c[i][0] = _mm512_zextps256_ps512(cy[i]);
  } else if (nr <= 16) {
    A5_LOOP(1, 0)
  } else if (nr <= 24) {
    A5_LOOP(1, 1)
#pragma GCC unroll 8
    for (int i = 0; i < A5_MR; i++) c[i][1] = _mm512_zextps256_ps512(cy[i]);
  } else {
    A5_LOOP(2, 0)
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
      if (m1) r1 = _mm512_fmadd_ps(vb, _mm512_maskz_loadu_ps(m1, d + 16), r1);
    }
    _mm512_mask_storeu_ps(d, m0, r0);
    if (m1) _mm512_mask_storeu_ps(d + 16, m1, r1);
  }
}

const gemm_isa_desc gemm_isa_avx512 = { "avx512", A5_MR, A5_NR, kernel_avx512, pack_transposed_avx2, dots_avx512, axpys_avx512, rankk_avx512 };

/* ---- AVX2 + FMA ---- */

#define A2_MR 6
#define A2_NR 16

__attribute__((target("avx2,fma")))
static void kernel_avx2(int kc, const float *restrict A, ptrdiff_t rsa, ptrdiff_t csa, const float *restrict Bp,
                        float *restrict C, ptrdiff_t ldc, int mr, int nr, float alpha, float beta) {
  __m256 c[A2_MR][2];
#pragma GCC unroll 8
  for (int i = 0; i < A2_MR; i++) c[i][0] = c[i][1] = _mm256_setzero_ps();
  ROW_POINTERS(A2_MR);
  ptrdiff_t q = 0;
  if (nr <= 8) {
    /* Six chains of 4-cycle FMAs would idle the two FMA units a quarter of the time: even and odd k go to
     * separate accumulators, added at the end. */
    int p = 0;
    for (; p + 2 <= kc; p += 2, q += 2 * csa, Bp += 2 * A2_NR) {
      const __m256 b0 = _mm256_loadu_ps(Bp), b1 = _mm256_loadu_ps(Bp + A2_NR);
#pragma GCC unroll 8
      for (int i = 0; i < A2_MR; i++) {
        c[i][0] = _mm256_fmadd_ps(_mm256_broadcast_ss(a_[i] + q), b0, c[i][0]);
        c[i][1] = _mm256_fmadd_ps(_mm256_broadcast_ss(a_[i] + q + csa), b1, c[i][1]);
      }
    }
    if (p < kc) {
      const __m256 b0 = _mm256_loadu_ps(Bp);
#pragma GCC unroll 8
      for (int i = 0; i < A2_MR; i++) c[i][0] = _mm256_fmadd_ps(_mm256_broadcast_ss(a_[i] + q), b0, c[i][0]);
    }
#pragma GCC unroll 8
    for (int i = 0; i < A2_MR; i++) { c[i][0] = _mm256_add_ps(c[i][0], c[i][1]); c[i][1] = _mm256_setzero_ps(); }
  } else {
#pragma GCC unroll 4
    for (int p = 0; p < kc; p++, q += csa, Bp += A2_NR) {
      const __m256 b0 = _mm256_loadu_ps(Bp), b1 = _mm256_loadu_ps(Bp + 8);
#pragma GCC unroll 8
      for (int i = 0; i < A2_MR; i++) {
        const __m256 a = _mm256_broadcast_ss(a_[i] + q);
        c[i][0] = _mm256_fmadd_ps(a, b0, c[i][0]);
        c[i][1] = _mm256_fmadd_ps(a, b1, c[i][1]);
      }
    }
  }
  const __m256 va = _mm256_set1_ps(alpha), vb = _mm256_set1_ps(beta);
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
      /* Edge tile through a small buffer: AMD runs masked AVX2 loads and stores in microcode. */
      float t[A2_NR];
      if (beta != 0.0f) {
        memcpy(t, d, (size_t)nr * sizeof(float));
        r0 = _mm256_fmadd_ps(vb, _mm256_loadu_ps(t), r0);
        r1 = _mm256_fmadd_ps(vb, _mm256_loadu_ps(t + 8), r1);
      }
      _mm256_storeu_ps(t, r0);
      _mm256_storeu_ps(t + 8, r1);
      memcpy(d, t, (size_t)nr * sizeof(float));
    }
  }
}

const gemm_isa_desc gemm_isa_avx2 = { "avx2", A2_MR, A2_NR, kernel_avx2, pack_transposed_avx2, dots_avx2, axpys_avx2, rankk_avx2 };

#endif
