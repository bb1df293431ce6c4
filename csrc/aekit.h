/* aekit's C kernels: the functions the Node-API addon (and, later, a WebAssembly build) exports.
 * All arrays are float32 and row-major; strides are in elements; callers validate bounds. */
#ifndef AEKIT_H
#define AEKIT_H

#include <stddef.h>

#define AEKIT_MAX_RANK 8

/* ---- CPU dispatch ---- */
/* Names of the GEMM paths this CPU can run, best first, e.g. {"avx512", "avx2", "scalar"}; returns the count. */
int aekit_isa_available(const char **names, int cap);
/* Selects a path by name ("auto" = best available); returns 0, or -1 when the CPU lacks it. */
int aekit_isa_select(const char *name);
const char *aekit_isa_current(void);
/* CPU features relevant to the kernels, e.g. "avx512f", "avx2", "fma"; returns the count. */
int aekit_cpu_features(const char **names, int cap);

/* ---- threads ---- */
int aekit_threads(void);
int aekit_set_threads(int n);

/* ---- GEMM ---- */
/* C = alpha·op(A)·op(B) + beta·C. A is m×k (k×m when transA), B is k×n (n×k when transB), C m×n.
 * beta == 0 overwrites C without reading it. */
void aekit_sgemm(int transA, int transB, int m, int n, int k, float alpha, const float *A, const float *B,
                 float beta, float *C);

/* ---- elementwise ---- */
/* Op codes, in the order of the names lists (aekit_unary_names / aekit_binary_names). */
enum aekit_unary {
  U_NEG, U_EXP, U_LOG, U_LOG1P, U_EXPM1, U_SQRT, U_RSQRT, U_ABS, U_SIGN, U_SQUARE, U_RECIPROCAL,
  U_SIGMOID, U_TANH, U_RELU, U_SOFTPLUS, U_LOGSIGMOID, U_STEP, U_LEAKYRELU, U_ELU, U_CLAMP, U_AFFINE,
  U_POWSCALAR, U_COUNT
};
/* New binary ops go at the end, before B_COUNT, so existing codes never move (the wasm build shares them).
 * B_BCE_LOGITS: max(a, 0) − a·b + log1p(exp(−|a|)), binary cross-entropy of logits a against targets b. */
enum aekit_binary { B_ADD, B_SUB, B_MUL, B_DIV, B_POW, B_MAXIMUM, B_MINIMUM, B_GT, B_GE, B_LT, B_LE, B_EQ, B_NE,
                    B_BCE_LOGITS, B_COUNT };
enum aekit_reduce { R_SUM, R_MAX, R_MIN, R_PROD, R_COUNT };
extern const char *const aekit_unary_names[U_COUNT];
extern const char *const aekit_binary_names[B_COUNT];
extern const char *const aekit_reduce_names[R_COUNT];

void aekit_fill(float *out, size_t n, float value);
void aekit_unary(int op, const float *x, float *out, size_t n, double p0, double p1);
/* Broadcasting binary op: out (contiguous, `shape`) = a[·sa] op b[·sb]. */
void aekit_binary(int op, const float *a, const ptrdiff_t *sa, const float *b, const ptrdiff_t *sb, float *out,
                  const size_t *shape, int rank);
void aekit_where(const float *cond, const ptrdiff_t *sc, const float *a, const ptrdiff_t *sa, const float *b,
                 const ptrdiff_t *sb, float *out, const size_t *shape, int rank);
void aekit_copy_strided(const float *src, const ptrdiff_t *ss, float *dst, const ptrdiff_t *ds, const size_t *shape,
                        int rank);

/* ---- reductions ---- */
/* x is contiguous of `shape`; reduces the dims with isReduced[d] != 0; out has the kept dims in order. */
void aekit_reduce(int op, const float *x, const size_t *shape, const unsigned char *isReduced, int rank, float *out);
void aekit_arg_reduce(int isMax, const float *x, size_t outer, size_t len, size_t inner, float *out);

/* ---- convolution helpers ---- */
typedef struct {
  int channels, height, width, kernelH, kernelW, strideH, strideW, padH, padW, dilationH, dilationW, outH, outW;
} aekit_conv_geom;
void aekit_im2col(const float *x, const aekit_conv_geom *g, float *out);
void aekit_col2im(const float *cols, const aekit_conv_geom *g, float *out);

/* ---- optimiser ---- */
typedef struct { double lr, beta1, beta2, eps, weightDecay; double step; int decoupled; } aekit_adam_step;
void aekit_adam_update(float *param, const float *grad, float *m, float *v, size_t n, const aekit_adam_step *s);

#endif
