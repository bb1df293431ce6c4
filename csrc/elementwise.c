/* Elementwise kernels: fill, unary, broadcasting binary, where, strided copy.
 * NOTE: results must match the TypeScript reference (src/backend/js-kernels.ts), which computes in double
 * and rounds once: basic arithmetic in float32 gives the same bits (one correctly rounded operation). The
 * transcendental ops and BCE-with-logits take the SIMD kernels of vmath_x86.c where the CPU has AVX2 or
 * AVX-512 (evaluated in double, at most an ulp from the reference); the scalar code below uses libm's float
 * versions and may differ by an ulp or two. */
#include <math.h>
#include <string.h>

#include "aekit.h"
#include "clones.h"
#include "pool.h"
#include "strided.h"
#include "vmath.h"

/* Elementwise work below these sizes stays on the calling thread. */
#define PAR_MIN_CHEAP ((size_t)1 << 18)
#define PAR_MIN_TRANSCENDENTAL ((size_t)1 << 14)
/* SIMD transcendental kernels (vmath_x86.c) take ~1 ns per element: below this, waking a worker costs more. */
#define PAR_MIN_VECTOR ((size_t)1 << 15)

/* ---- scalar functions shared with the binary kernels ---- */

static inline float softplusf(float x) {
  /* NOTE: linear tail beyond |x| > 20 (softplus(x) == x in float32 from ~17), exp(x) below -20. */
  if (x > 20.0f) return x;
  if (x < -20.0f) return expf(x);
  return fmaxf(x, 0.0f) + log1pf(expf(-fabsf(x)));
}

static inline float sigmoidf(float x) {
  /* Stable in both tails: never exponentiates a large positive number. */
  if (x >= 0.0f) return 1.0f / (1.0f + expf(-x));
  float e = expf(x);
  return e / (1.0f + e);
}

/* Binary cross-entropy from logits: (max(a, 0) − a·b) in double (the product is exact there, and nothing
 * cancels) plus log1p(exp(−|a|)) ∈ [0, ln 2] in float; for targets in [0, 1] both terms are >= 0, so the float
 * term's few-ulp error stays a few ulp of the sum. Call-free on wasm (wasm_math.h), so its loops vectorise. */
static inline float bce_logits(float a, float b) {
  const double head = (double)(a > 0.0f ? a : a != a ? a : 0.0f) - (double)a * (double)b;
  return (float)(head + (double)log1pf(expf(-fabsf(a))));
}

/* Math.pow semantics, which differ from C's pow: pow(x, NaN) and pow(±1, ±Infinity) are NaN. */
static inline float js_pow(double x, double y) {
  if (y != y || (isinf(y) && fabs(x) == 1.0)) return NAN;
  return (float)pow(x, y);
}

/* ---- fill ---- */

typedef struct { float *out; size_t n; float value; } fill_job;

AEKIT_CLONES static void fill_range(float *out, size_t n, float value) {
  if (value == 0.0f && !signbit(value)) memset(out, 0, n * sizeof(float));
  else for (size_t i = 0; i < n; i++) out[i] = value;
}

static void fill_task(void *p, int tid, int n) {
  const fill_job *j = p;
  size_t lo, hi;
  pool_split(j->n, 1024, tid, n, &lo, &hi);
  if (lo < hi) fill_range(j->out + lo, hi - lo, j->value);
}

void aekit_fill(float *out, size_t n, float value) {
  int threads = n >= PAR_MIN_CHEAP * 4 ? pool_threads() : 1;
  if (threads <= 1) { fill_range(out, n, value); return; }
  fill_job j = { out, n, value };
  pool_run(fill_task, &j, threads);
}

/* ---- unary ---- */

static int unary_is_cheap(int op) {
  switch (op) {
    case U_NEG: case U_ABS: case U_SIGN: case U_SQUARE: case U_RECIPROCAL: case U_RELU: case U_STEP:
    case U_LEAKYRELU: case U_CLAMP: case U_AFFINE: case U_SQRT: case U_RSQRT: return 1;
    default: return 0;
  }
}

#define MAP(expr) do { for (size_t i = 0; i < n; i++) { const float v = x[i]; out[i] = (expr); } } while (0)

AEKIT_CLONES static void unary_range(vmath_level lv, int op, const float *x, float *out, size_t n, double p0, double p1) {
  if (lv != VMATH_SCALAR && vmath_unary(lv, op, x, out, n, p0)) return;
  switch (op) {
    case U_NEG: MAP(-v); break;
    case U_EXP: MAP(expf(v)); break;
    case U_LOG: MAP(logf(v)); break;
    case U_LOG1P: MAP(log1pf(v)); break;
    case U_EXPM1: MAP(expm1f(v)); break;
    case U_SQRT: MAP(sqrtf(v)); break;
    case U_RSQRT: MAP((float)(1.0 / sqrt((double)v))); break;
    case U_ABS: MAP(fabsf(v)); break;
    case U_SIGN: MAP(v > 0.0f ? 1.0f : v < 0.0f ? -1.0f : v); break; /* keeps NaN and ±0 */
    case U_SQUARE: MAP(v * v); break;
    case U_RECIPROCAL: MAP(1.0f / v); break;
    case U_SIGMOID: MAP(sigmoidf(v)); break;
    case U_TANH: MAP(tanhf(v)); break;
    case U_RELU: MAP(v > 0.0f ? v : v != v ? v : 0.0f); break;
    case U_SOFTPLUS: MAP(softplusf(v)); break;
    case U_LOGSIGMOID: MAP(-softplusf(-v)); break;
    case U_STEP: MAP(v > 0.0f ? 1.0f : v != v ? v : 0.0f); break;
    case U_LEAKYRELU: MAP(v > 0.0f ? v : (float)((double)v * p0)); break;
    case U_ELU: MAP(v > 0.0f ? v : (float)(p0 * (double)expm1f(v))); break;
    case U_CLAMP: MAP((double)v < p0 ? (float)p0 : (double)v > p1 ? (float)p1 : v); break;
    case U_AFFINE: MAP((float)(p0 * (double)v + p1)); break;
    case U_POWSCALAR:
      if (p0 == 2.0) MAP(v * v);
      else if (p0 == 0.5) MAP(sqrtf(v));
      else MAP(js_pow((double)v, p0));
      break;
    default: break;
  }
}

typedef struct { vmath_level lv; int op; const float *x; float *out; size_t n; double p0, p1; } unary_job;

static void unary_task(void *p, int tid, int n) {
  const unary_job *j = p;
  size_t lo, hi;
  pool_split(j->n, 1024, tid, n, &lo, &hi);
  if (lo < hi) unary_range(j->lv, j->op, j->x + lo, j->out + lo, hi - lo, j->p0, j->p1);
}

void aekit_unary(int op, const float *x, float *out, size_t n, double p0, double p1) {
  const vmath_level lv = vmath_has_unary(op) ? vmath_current() : VMATH_SCALAR;
  size_t par_min = unary_is_cheap(op) ? PAR_MIN_CHEAP : lv != VMATH_SCALAR ? PAR_MIN_VECTOR : PAR_MIN_TRANSCENDENTAL;
  int threads = n >= par_min ? pool_threads() : 1;
  if (threads > 1 && n / (size_t)threads < par_min / 2) threads = (int)(n / (par_min / 2));
  if (threads <= 1) { unary_range(lv, op, x, out, n, p0, p1); return; }
  unary_job j = { lv, op, x, out, n, p0, p1 };
  pool_run(unary_task, &j, threads);
}

/* ---- binary ---- */

/* One inner run, specialised for the stride patterns that broadcasting produces. */
#define ZIP(expr) do {                                                                              \
    if (sa == 1 && sb == 1) for (size_t i = 0; i < n; i++) { const float u = a[i], w = b[i]; o[i] = (expr); } \
    else if (sb == 0) { const float w = b[0]; for (size_t i = 0; i < n; i++) { const float u = a[i * sa]; o[i] = (expr); } } \
    else if (sa == 0) { const float u = a[0]; for (size_t i = 0; i < n; i++) { const float w = b[i * sb]; o[i] = (expr); } } \
    else for (size_t i = 0; i < n; i++) { const float u = a[i * sa], w = b[i * sb]; o[i] = (expr); } \
  } while (0)

typedef struct { int op; vmath_level lv; const float *a, *b; float *out; } binary_ctx;

AEKIT_CLONES static void binary_run(void *p, size_t n, const ptrdiff_t *off, const ptrdiff_t *inner) {
  const binary_ctx *c = p;
  float *o = c->out + off[0];
  const float *a = c->a + off[1], *b = c->b + off[2];
  const ptrdiff_t sa = inner[1], sb = inner[2];
  switch (c->op) {
    case B_ADD: ZIP(u + w); break;
    case B_SUB: ZIP(u - w); break;
    case B_MUL: ZIP(u * w); break;
    case B_DIV: ZIP(u / w); break;
    case B_POW: ZIP(js_pow((double)u, (double)w)); break;
    /* NaN propagates through maximum/minimum, as in NumPy and PyTorch. */
    case B_MAXIMUM: ZIP(u != u || w != w ? NAN : u > w ? u : w); break;
    case B_MINIMUM: ZIP(u != u || w != w ? NAN : u < w ? u : w); break;
    case B_GT: ZIP(u > w ? 1.0f : 0.0f); break;
    case B_GE: ZIP(u >= w ? 1.0f : 0.0f); break;
    case B_LT: ZIP(u < w ? 1.0f : 0.0f); break;
    case B_LE: ZIP(u <= w ? 1.0f : 0.0f); break;
    case B_EQ: ZIP(u == w ? 1.0f : 0.0f); break;
    case B_NE: ZIP(u != w ? 1.0f : 0.0f); break;
    case B_BCE_LOGITS:
      if (c->lv == VMATH_SCALAR || !vmath_bce_logits(c->lv, a, sa, b, sb, o, n)) ZIP(bce_logits(u, w));
      break;
    default: break;
  }
}

static void contiguous_strides(const size_t *shape, int rank, ptrdiff_t *st) {
  ptrdiff_t s = 1;
  for (int d = rank - 1; d >= 0; d--) { st[d] = s; s *= (ptrdiff_t)shape[d]; }
}

void aekit_binary(int op, const float *a, const ptrdiff_t *sa, const float *b, const ptrdiff_t *sb, float *out,
                  const size_t *shape, int rank) {
  ptrdiff_t so[AEKIT_MAX_RANK];
  contiguous_strides(shape, rank, so);
  const ptrdiff_t *strides[3] = { so, sa, sb };
  strided_iter it;
  strided_init(&it, shape, rank, strides, 3);
  binary_ctx c = { op, op == B_BCE_LOGITS ? vmath_current() : VMATH_SCALAR, a, b, out };
  size_t par_min = op == B_POW ? PAR_MIN_TRANSCENDENTAL
                 : op == B_BCE_LOGITS ? (c.lv != VMATH_SCALAR ? PAR_MIN_VECTOR : PAR_MIN_TRANSCENDENTAL) : PAR_MIN_CHEAP;
  strided_for(&it, par_min, binary_run, &c);
}

/* ---- where ---- */

typedef struct { const float *cond, *a, *b; float *out; } where_ctx;

AEKIT_CLONES static void where_run(void *p, size_t n, const ptrdiff_t *off, const ptrdiff_t *inner) {
  const where_ctx *c = p;
  float *o = c->out + off[0];
  const float *cd = c->cond + off[1], *a = c->a + off[2], *b = c->b + off[3];
  const ptrdiff_t sc = inner[1], sa = inner[2], sb = inner[3];
  if (sc == 1 && sa == 1 && sb == 1)
    for (size_t i = 0; i < n; i++) o[i] = cd[i] != 0.0f ? a[i] : b[i];
  else
    for (size_t i = 0; i < n; i++) o[i] = cd[i * sc] != 0.0f ? a[i * sa] : b[i * sb];
}

void aekit_where(const float *cond, const ptrdiff_t *sc, const float *a, const ptrdiff_t *sa, const float *b,
                 const ptrdiff_t *sb, float *out, const size_t *shape, int rank) {
  ptrdiff_t so[AEKIT_MAX_RANK];
  contiguous_strides(shape, rank, so);
  const ptrdiff_t *strides[4] = { so, sc, sa, sb };
  strided_iter it;
  strided_init(&it, shape, rank, strides, 4);
  where_ctx c = { cond, a, b, out };
  strided_for(&it, PAR_MIN_CHEAP, where_run, &c);
}

/* ---- strided copy ---- */

typedef struct { const float *src; float *dst; } copy_ctx;

AEKIT_CLONES static void copy_run(void *p, size_t n, const ptrdiff_t *off, const ptrdiff_t *inner) {
  const copy_ctx *c = p;
  float *d = c->dst + off[0];
  const float *s = c->src + off[1];
  const ptrdiff_t ds = inner[0], ss = inner[1];
  /* NOTE: a forward element loop, never memcpy: overlapping views must behave as in the JS reference. */
  if (ds == 1 && ss == 1) for (size_t i = 0; i < n; i++) d[i] = s[i];
  else for (size_t i = 0; i < n; i++) d[i * ds] = s[i * ss];
}

/* The lowest and highest element an operand of `shape` with strides st touches from p. */
static void span(const float *p, const ptrdiff_t *st, const size_t *shape, int rank, const float **lo, const float **hi) {
  ptrdiff_t a = 0, b = 0;
  for (int d = 0; d < rank; d++) {
    const ptrdiff_t e = shape[d] == 0 ? 0 : (ptrdiff_t)(shape[d] - 1) * st[d];
    if (e > 0) b += e; else a += e;
  }
  *lo = p + a;
  *hi = p + b;
}

void aekit_copy_strided(const float *src, const ptrdiff_t *ss, float *dst, const ptrdiff_t *ds, const size_t *shape,
                        int rank) {
  const ptrdiff_t *strides[2] = { ds, ss };
  strided_iter it;
  strided_init(&it, shape, rank, strides, 2);
  copy_ctx c = { src, dst };
  /* Threads only when source and destination are disjoint: with overlapping views, the order of the writes
   * matters (as in the JS reference's forward loop). */
  const float *slo, *shi, *dlo, *dhi;
  span(src, ss, shape, rank, &slo, &shi);
  span(dst, ds, shape, rank, &dlo, &dhi);
  if (it.total == 0) return;
  if (shi < dlo || dhi < slo) strided_for(&it, PAR_MIN_CHEAP / 4, copy_run, &c);
  else strided_walk(&it, 0, it.total, copy_run, &c);
}
