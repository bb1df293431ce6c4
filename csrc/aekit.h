/* aekit's C kernels: the functions both compiled forms export, the Node-API addon (csrc/addon.c, built by
 * native/binding.gyp) and the WebAssembly modules (wasm/build.sh; AEKIT_EXPORT makes a function a wasm export).
 * All arrays are float32 and row-major; strides are in elements; callers validate bounds. */
#ifndef AEKIT_H
#define AEKIT_H

#include <stddef.h>

#define AEKIT_MAX_RANK 8

/* The version of these calling conventions; src/backend/op-table.ts has the same number (KERNEL_ABI_VERSION).
 * Bump both whenever a kernel's arguments, a struct or the set of kernels changes. */
#define AEKIT_ABI_VERSION 5

#ifdef __wasm__
#define AEKIT_EXPORT(name) __attribute__((export_name(#name)))
#else
#define AEKIT_EXPORT(name)
#endif

/* The op tables, one entry per op in code order: the same names in the same order as src/backend/op-table.ts.
 * New ops go at the end of their list, so existing codes never move. */
#define AEKIT_UNARY_OPS(X)                                                                                \
  X(U_NEG, "neg") X(U_EXP, "exp") X(U_LOG, "log") X(U_LOG1P, "log1p") X(U_EXPM1, "expm1")                 \
  X(U_SQRT, "sqrt") X(U_RSQRT, "rsqrt") X(U_ABS, "abs") X(U_SIGN, "sign") X(U_SQUARE, "square")           \
  X(U_RECIPROCAL, "reciprocal") X(U_SIGMOID, "sigmoid") X(U_TANH, "tanh") X(U_RELU, "relu")               \
  X(U_SOFTPLUS, "softplus") X(U_LOGSIGMOID, "logSigmoid") X(U_STEP, "step") X(U_LEAKYRELU, "leakyRelu")   \
  X(U_ELU, "elu") X(U_CLAMP, "clamp") X(U_AFFINE, "affine") X(U_POWSCALAR, "powScalar")
/* B_BCE_LOGITS: max(a, 0) − a·b + log1p(exp(−|a|)), binary cross-entropy of logits a against targets b. */
#define AEKIT_BINARY_OPS(X)                                                                               \
  X(B_ADD, "add") X(B_SUB, "sub") X(B_MUL, "mul") X(B_DIV, "div") X(B_POW, "pow") X(B_MAXIMUM, "maximum") \
  X(B_MINIMUM, "minimum") X(B_GT, "gt") X(B_GE, "ge") X(B_LT, "lt") X(B_LE, "le") X(B_EQ, "eq")           \
  X(B_NE, "ne") X(B_BCE_LOGITS, "bceWithLogits")
#define AEKIT_REDUCE_OPS(X) X(R_SUM, "sum") X(R_MAX, "max") X(R_MIN, "min") X(R_PROD, "prod")

#define AEKIT_OP_CODE(code, name) code,
enum aekit_unary { AEKIT_UNARY_OPS(AEKIT_OP_CODE) U_COUNT };
enum aekit_binary { AEKIT_BINARY_OPS(AEKIT_OP_CODE) B_COUNT };
enum aekit_reduce { AEKIT_REDUCE_OPS(AEKIT_OP_CODE) R_COUNT };
#undef AEKIT_OP_CODE

/* "abi=N;unary=neg,exp,…;binary=…;reduce=…": what the loaders compare with op-table.ts (csrc/op_table.c). */
AEKIT_EXPORT(aekit_op_table)
const char *aekit_op_table(void);

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
AEKIT_EXPORT(aekit_sgemm)
void aekit_sgemm(int transA, int transB, int m, int n, int k, float alpha, const float *A, const float *B, float beta,
                 float *C);

/* ---- elementwise ---- */
AEKIT_EXPORT(aekit_fill)
void aekit_fill(float *out, size_t n, float value);
AEKIT_EXPORT(aekit_unary)
void aekit_unary(int op, const float *x, float *out, size_t n, double p0, double p1);
/* Broadcasting binary op: out (contiguous, `shape`) = a[·sa] op b[·sb]. */
AEKIT_EXPORT(aekit_binary)
void aekit_binary(int op, const float *a, const ptrdiff_t *sa, const float *b, const ptrdiff_t *sb, float *out,
                  const size_t *shape, int rank);
AEKIT_EXPORT(aekit_where)
void aekit_where(const float *cond, const ptrdiff_t *sc, const float *a, const ptrdiff_t *sa, const float *b,
                 const ptrdiff_t *sb, float *out, const size_t *shape, int rank);
AEKIT_EXPORT(aekit_copy_strided)
void aekit_copy_strided(const float *src, const ptrdiff_t *ss, float *dst, const ptrdiff_t *ds, const size_t *shape,
                        int rank);

/* ---- reductions ---- */
/* x is contiguous of `shape`; reduces the dims with isReduced[d] != 0; out has the kept dims in order. */
AEKIT_EXPORT(aekit_reduce)
void aekit_reduce(int op, const float *x, const size_t *shape, const unsigned char *isReduced, int rank, float *out);
AEKIT_EXPORT(aekit_arg_reduce)
void aekit_arg_reduce(int isMax, const float *x, size_t outer, size_t len, size_t inner, float *out);

/* ---- convolution helpers ---- */
typedef struct {
  int channels, height, width, kernelH, kernelW, strideH, strideW, padH, padW, dilationH, dilationW, outH, outW;
} aekit_conv_geom;
/* `images` C×H×W images, one after another, to columns ((C·kh·kw) × (images·outH·outW)), image n's at column
 * n·outH·outW; zero padding. col2im is the adjoint: it writes (zeroes, then sums into) the images. */
AEKIT_EXPORT(aekit_im2col)
void aekit_im2col(const float *x, const aekit_conv_geom *g, float *out, int images);
AEKIT_EXPORT(aekit_col2im)
void aekit_col2im(const float *cols, const aekit_conv_geom *g, float *out, int images);

/* ---- optimiser ---- */
typedef struct { double lr, beta1, beta2, eps, weightDecay; double step; int decoupled; } aekit_adam_step;
AEKIT_EXPORT(aekit_adam_update)
void aekit_adam_update(float *param, const float *grad, float *m, float *v, size_t n, const aekit_adam_step *s);

/* ---- fused training kernels (fused.c): one pass over memory where the composed ops take two to four ---- */
/* out = act(x + bias[c]) over x as outer×channels×inner; act: an aekit_unary code (relu, sigmoid, tanh,
 * leakyRelu, elu, softplus) or -1 for none; p0: leakyRelu's slope or elu's α. out may be x. */
AEKIT_EXPORT(aekit_bias_act)
void aekit_bias_act(const float *x, const float *bias, float *out, size_t outer, size_t channels, size_t inner, int act,
                    double p0);
/* From y = act(x + bias): dx = dy·act'(x), written in terms of y; dbias (may be NULL) = Σ over outer and inner
 * of dx, in double. dx may be dy. */
AEKIT_EXPORT(aekit_bias_act_backward)
void aekit_bias_act_backward(const float *y, const float *dy, float *dx, float *dbias, size_t outer, size_t channels,
                             size_t inner, int act, double p0);
/* rowLoss[r] = Σ_c max(x,0) − x·y + log1p(exp(−|x|)), in double, x rows×cols and y (rows/repeats)×cols: row r of x
 * against row r/repeats of y (repeats ≥ 1 divides rows; the IW bound's K samples per input); grad (may be NULL)
 * = σ(x) − y. Returns how many of y's values lie outside [0, 1] (NaN not counted), so that a Bernoulli likelihood
 * can refuse them without a pass of its own. */
AEKIT_EXPORT(aekit_bce_logits_rows)
size_t aekit_bce_logits_rows(const float *x, const float *y, size_t rows, size_t cols, size_t repeats, float *rowLoss,
                             float *grad);
/* z = μ + exp(½·logvar)·ε; dzdlv (may be NULL) = ½·exp(½·logvar)·ε. */
AEKIT_EXPORT(aekit_reparameterize)
void aekit_reparameterize(const float *mu, const float *logvar, const float *eps, float *z, float *dzdlv, size_t n);

#endif
