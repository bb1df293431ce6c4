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

typedef struct {
  const char *name;
  int mr, nr;
  gemm_ukernel kernel;
  /* A faster transposing pack for this ISA, or NULL for the portable one. */
  gemm_pack_fn pack_transposed;
} gemm_isa_desc;

extern const gemm_isa_desc gemm_isa_scalar;
#if defined(__x86_64__) || defined(__i386__)
#define AEKIT_X86 1
extern const gemm_isa_desc gemm_isa_avx2;
extern const gemm_isa_desc gemm_isa_avx512;
#endif

#define GEMM_MR_MAX 16
#define GEMM_NR_MAX 32

#endif
