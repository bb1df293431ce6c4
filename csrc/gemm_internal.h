/* The contract between the GEMM driver (gemm.c) and its per-ISA micro-kernels (gemm_scalar.c, gemm_x86.c). */
#ifndef AEKIT_GEMM_INTERNAL_H
#define AEKIT_GEMM_INTERNAL_H

#include <stddef.h>

/* C[0:mr, 0:nr] = alpha · A·Bp + beta · C (beta == 0: C is not read). A is read in place: element (i, p) of the
 * MR×kc tile is A[i·rsa + p·csa] (rsa = lda, csa = 1 for a row-major A; rsa = 1, csa = lda for a transposed
 * one), and rows i >= mr are never read. Bp is a packed kc×NR strip (NR floats per k), zero-padded past nr. */
typedef void (*gemm_ukernel)(int kc, const float *A, ptrdiff_t rsa, ptrdiff_t csa, const float *Bp, float *C,
                             ptrdiff_t ldc, int mr, int nr, float alpha, float beta);

/* Packs a transposed strip: dst[p·W + q] = src[q·ld + p] for q < w, zero for w ≤ q < W (p < kc). */
typedef void (*gemm_pack_fn)(const float *src, size_t ld, int kc, int w, int W, float *dst);

/* The matrix-times-few-vectors products of skinny GEMMs, for nv ≤ 4 vectors (k floats each, vector v at X + v·k),
 * with result Y[i, v] at y + i·incy + v·incv (beta == 0: Y is not read):
 *   dots:  Y[i, v] = alpha·(M[i,:]·X[v]) + beta·Y[i, v] for rows i in [i0, i1) of M (row i at M + i·ldm, k floats);
 *   axpys: Y[j, v] = alpha·Σ_p X[v][p]·M[p, j] + beta·Y[j, v] for columns j in [i0, i1) of M (k rows, at M + p·ldm). */
typedef void (*gemm_skinny_fn)(int i0, int i1, int k, const float *M, size_t ldm, const float *X, int nv, float *y,
                               ptrdiff_t incy, ptrdiff_t incv, float alpha, float beta);

/* The rank-k update of a GEMM with k ≤ GEMM_RANKK_MAX (no packing, no tiles): for rows i in [i0, i1) of C,
 *   C[i, :n] = Σ_p (alpha·A(i, p))·R[p, :n] + beta·C[i, :n]   (beta == 0: C is not read),
 * with A(i, p) = A[i·rsa + p·csa] and row p of op(B) at R + p·ldr (n floats). */
typedef void (*gemm_rankk_fn)(int i0, int i1, int n, int k, const float *A, ptrdiff_t rsa, ptrdiff_t csa,
                              const float *R, size_t ldr, float *C, size_t ldc, float alpha, float beta);

typedef struct {
  const char *name;
  int mr, nr;
  gemm_ukernel kernel;
  /* A faster transposing pack for this ISA, or NULL for the portable one. */
  gemm_pack_fn pack_transposed;
  /* Skinny products' kernels, or NULL for the portable ones (gemm.c). */
  gemm_skinny_fn dots, axpys;
  /* The rank-k update's kernel, or NULL for the portable one (gemm.c). */
  gemm_rankk_fn rankk;
} gemm_isa_desc;

extern const gemm_isa_desc gemm_isa_scalar;
#if defined(__x86_64__) || defined(__i386__)
#define AEKIT_X86 1
extern const gemm_isa_desc gemm_isa_avx2;
extern const gemm_isa_desc gemm_isa_avx512;
#endif

#define GEMM_MR_MAX 16
#define GEMM_NR_MAX 32
#define GEMM_RANKK_MAX 4

#endif
