/* SIMD elementwise kernels for x86 (vmath_x86.c): the transcendental unary ops, the fused BCE-with-logits
 * and the Adam update, in AVX-512 and AVX2+FMA versions chosen with the GEMM path (aekit_isa_select), so
 * AEKIT_NATIVE_ISA / setIsa switch both. Each function returns 1 when it did the work (vmath_adam: how many
 * elements it did) and 0 when the caller must use its scalar code (the scalar path is selected, the CPU is not
 * x86, or the op is not vectorised).
 * None of them threads: callers split the range. */
#ifndef AEKIT_VMATH_H
#define AEKIT_VMATH_H

#include <stddef.h>

typedef enum { VMATH_SCALAR = 0, VMATH_AVX2 = 1, VMATH_AVX512 = 2 } vmath_level;

#if defined(__x86_64__) || defined(__i386__)
/* The level that follows the selected GEMM path. */
vmath_level vmath_current(void);

/* Whether unary op (enum aekit_unary) has a SIMD version. */
int vmath_has_unary(int op);
/* out[i] = op(x[i]) for the ops vmath_has_unary accepts (p0: elu's alpha). x may equal out. */
int vmath_unary(vmath_level lv, int op, const float *x, float *out, size_t n, double p0);
/* o[i] = max(a,0) − a·b + log1p(exp(−|a|)) with a = a[i·sa], b = b[i·sb]; sa and sb must be 0 or 1. */
int vmath_bce_logits(vmath_level lv, const float *a, ptrdiff_t sa, const float *b, ptrdiff_t sb, float *o, size_t n);
#endif

/* Adam's per-step constants, rounded to float once (see adam.c). */
/* loss[i] = max(x,0) − x·y + log1p(e^−|x|) and (when grad is not NULL) grad[i] = σ(x) − y in float32 for a prefix
 * of [0, n); returns its length. */
#if defined(__x86_64__) || defined(__i386__)
size_t vmath_bce_grad(vmath_level lv, const float *x, const float *y, float *loss, float *grad, size_t n);
#else
static inline size_t vmath_bce_grad(vmath_level lv, const float *x, const float *y, float *loss, float *grad, size_t n) {
  (void)lv; (void)x; (void)y; (void)loss; (void)grad; (void)n; return 0;
}
#endif

typedef struct { float b1, ob1, b2, ob2, stepSize, invSqrtBc2, decay, l2, eps; } vmath_adam_consts;

#if defined(__x86_64__) || defined(__i386__)
/* One Adam/AdamW step over a prefix of [0, n), in float32 operation for operation as adam.c and the JS reference;
 * returns how many elements it did (the caller does the rest). */
size_t vmath_adam(vmath_level lv, float *param, const float *grad, float *m, float *v, size_t n, const vmath_adam_consts *c);
#else
/* Elsewhere (the WebAssembly build shares elementwise.c and adam.c) everything takes the scalar path. */
static inline vmath_level vmath_current(void) { return VMATH_SCALAR; }
static inline int vmath_has_unary(int op) { (void)op; return 0; }
static inline int vmath_unary(vmath_level lv, int op, const float *x, float *out, size_t n, double p0) {
  (void)lv; (void)op; (void)x; (void)out; (void)n; (void)p0; return 0;
}
static inline int vmath_bce_logits(vmath_level lv, const float *a, ptrdiff_t sa, const float *b, ptrdiff_t sb, float *o,
                                   size_t n) {
  (void)lv; (void)a; (void)sa; (void)b; (void)sb; (void)o; (void)n; return 0;
}
static inline size_t vmath_adam(vmath_level lv, float *param, const float *grad, float *m, float *v, size_t n,
                                const vmath_adam_consts *c) {
  (void)lv; (void)param; (void)grad; (void)m; (void)v; (void)n; (void)c; return 0;
}
#endif

#endif
