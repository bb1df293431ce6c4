/* The contract between the GEMM driver (gemm.c) and its per-ISA micro-kernels (gemm_scalar.c, gemm_x86.c). */
#ifndef AEKIT_GEMM_INTERNAL_H
#define AEKIT_GEMM_INTERNAL_H

#include <stddef.h>

/* C[0:mr, 0:nr] = alpha · Ap·Bp + beta · C (beta == 0: C is not read), where Ap is a packed MR×kc strip
 * (k-major, MR floats per k) and Bp a packed kc×NR strip (NR floats per k), both zero-padded past mr/nr. */
typedef void (*gemm_ukernel)(int kc, const float *Ap, const float *Bp, float *C, ptrdiff_t ldc,
                             int mr, int nr, float alpha, float beta);

typedef struct {
  const char *name;
  int mr, nr;
  gemm_ukernel kernel;
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
