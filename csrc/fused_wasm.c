/* Fused training kernels of the WebAssembly build: each does in one pass over memory what would otherwise
 * take two to four elementwise kernels (and as many temporaries). Portable C; only the name and the
 * exports tie it to the wasm build, so the native addon could compile it as it is. */
#include <math.h>

#include "aekit.h"
#include "pool.h"

#define EXPORT(name) __attribute__((export_name(name)))
/* Work below these sizes stays on the calling thread: waking a worker costs more than it saves. */
#define PAR_MIN_CHEAP ((size_t)1 << 18)
#define PAR_MIN_TRANSCENDENTAL ((size_t)1 << 14)

/* Threads for n elements: one below par_min, and at least par_min/2 elements per thread. */
static int threads_for(size_t n, size_t par_min) {
  int t = n >= par_min ? pool_threads() : 1;
  if (t > 1 && n / (size_t)t < par_min / 2) t = (int)(n / (par_min / 2));
  return t < 1 ? 1 : t;
}

/* ---- out = act(x + bias), bias broadcast over rows ---- */

typedef struct { const float *x, *bias; float *out; size_t rows, cols; int op; double p0, p1; } bias_act_job;

static void bias_act_task(void *p, int tid, int n) {
  const bias_act_job *j = p;
  size_t r0, r1;
  pool_split(j->rows, 1, tid, n, &r0, &r1);
  const size_t cols = j->cols;
  const float *restrict bias = j->bias;
  for (size_t r = r0; r < r1; r++) {
    const float *x = j->x + r * cols;
    float *o = j->out + r * cols;
    if (j->op == U_RELU) { /* the common case in one pass; NaN propagates as in the relu kernel */
      for (size_t c = 0; c < cols; c++) { const float v = x[c] + bias[c]; o[c] = v > 0.0f ? v : v != v ? v : 0.0f; }
      continue;
    }
    for (size_t c = 0; c < cols; c++) o[c] = x[c] + bias[c];
    if (j->op >= 0) aekit_unary(j->op, o, o, cols, j->p0, j->p1);
  }
}

/* op: an aekit_unary code, or -1 for none. `out` may be `x`. */
EXPORT("aekit_bias_act") void aekit_bias_act(const float *x, const float *bias, float *out, size_t rows, size_t cols,
                                             int op, double p0, double p1) {
  bias_act_job j = { x, bias, out, rows, cols, op, p0, p1 };
  int cheap = op < 0 || op == U_RELU || op == U_LEAKYRELU || op == U_CLAMP;
  int t = threads_for(rows * cols, cheap ? PAR_MIN_CHEAP : PAR_MIN_TRANSCENDENTAL);
  if (t > (int)rows) t = (int)rows;
  if (t <= 1) bias_act_task(&j, 0, 1);
  else pool_run(bias_act_task, &j, t);
}

/* ---- dx = dy · act'(x), written from the activation's output y; dbias = Σ_rows dx ---- */

typedef struct { const float *y, *dy; float *dx, *dbias; size_t rows, cols; int op; float p0; } bias_act_bwd_job;

/* One row of a column block: dx = dy·act'(from y), acc += dx; one loop per activation so each vectorises. */
#define BWD_ROW(expr) \
  for (size_t c = 0; c < w; c++) { const float y = yr[c]; const float g = dyr[c] * (expr); dxr[c] = g; acc[c] += g; }

static void bias_act_bwd_task(void *p, int tid, int n) {
  const bias_act_bwd_job *j = p;
  size_t c0, c1;
  pool_split(j->cols, 16, tid, n, &c0, &c1);
  if (c0 >= c1) return;
  const float p0 = j->p0;
  double acc[64];
  /* Columns in blocks of 64 so the partial sums stay in a small array; accumulate in double like reduce. */
  for (size_t cb = c0; cb < c1; cb += 64) {
    const size_t w = c1 - cb < 64 ? c1 - cb : 64;
    for (size_t c = 0; c < w; c++) acc[c] = 0.0;
    for (size_t r = 0; r < j->rows; r++) {
      const size_t o = r * j->cols + cb;
      const float *yr = j->y + o, *dyr = j->dy + o;
      float *dxr = j->dx + o;
      switch (j->op) {
        case U_RELU: BWD_ROW(y > 0.0f ? 1.0f : y != y ? y : 0.0f) break;
        case U_SIGMOID: BWD_ROW(y * (1.0f - y)) break;
        case U_TANH: BWD_ROW(1.0f - y * y) break;
        case U_LEAKYRELU: BWD_ROW(y > 0.0f ? 1.0f : p0) break;
        case U_ELU: BWD_ROW(y > 0.0f ? 1.0f : y + p0) break;     /* p0·(e^x − 1) + p0 = p0·e^x */
        case U_SOFTPLUS: BWD_ROW(-expm1f(-y)) break;            /* 1 − e^(−softplus(x)) = sigmoid(x) */
        default: BWD_ROW(((void)y, 1.0f)) break;               /* -1: no activation */
      }
    }
    if (j->dbias) for (size_t c = 0; c < w; c++) j->dbias[cb + c] = (float)acc[c];
  }
}

/* op: U_RELU, U_SIGMOID, U_TANH, U_LEAKYRELU, U_ELU, U_SOFTPLUS or -1. dbias may be NULL; dx may be dy. */
EXPORT("aekit_bias_act_backward") void aekit_bias_act_backward(const float *y, const float *dy, float *dx, float *dbias,
                                                               size_t rows, size_t cols, int op, double p0) {
  bias_act_bwd_job j = { y, dy, dx, dbias, rows, cols, op, (float)p0 };
  int t = threads_for(rows * cols, op == U_SOFTPLUS ? PAR_MIN_TRANSCENDENTAL : PAR_MIN_CHEAP);
  if (t > (int)((cols + 15) / 16)) t = (int)((cols + 15) / 16);
  if (t <= 1) bias_act_bwd_task(&j, 0, 1);
  else pool_run(bias_act_bwd_task, &j, t);
}

/* ---- binary cross-entropy from logits ---- */

typedef struct { const float *x, *y; float *grad; size_t n; float gscale; double partial[POOL_MAX_THREADS]; } bce_job;

/* Elements per block: losses go to a small array first so that the elementwise loop vectorises (a running
 * double sum would not: strict floating point forbids reordering it), then are summed in a fixed order. */
#define BCE_BLOCK 256

static void bce_task(void *p, int tid, int n) {
  bce_job *j = p;
  size_t lo, hi;
  pool_split(j->n, 1024, tid, n, &lo, &hi);
  const float *restrict xs = j->x, *restrict ys = j->y;
  float *restrict grad = j->grad;
  const float gscale = j->gscale;
  float loss[BCE_BLOCK];
  double s0 = 0.0, s1 = 0.0;
  for (size_t b = lo; b < hi; b += BCE_BLOCK) {
    const size_t m = hi - b < BCE_BLOCK ? hi - b : BCE_BLOCK;
    const float *x = xs + b, *y = ys + b;
    /* max(x,0) − x·y + log1p(exp(−|x|)): never exponentiates a large positive number; σ(x) from the same
     * e = exp(−|x|): 1/(1+e) for x ≥ 0, e/(1+e) below. */
    if (grad) {
      float *g = grad + b;
      for (size_t i = 0; i < m; i++) {
        const float e = expf(-fabsf(x[i]));
        loss[i] = fmaxf(x[i], 0.0f) - x[i] * y[i] + log1pf(e);
        g[i] = gscale * ((x[i] >= 0.0f ? 1.0f : e) / (1.0f + e) - y[i]);
      }
    } else {
      for (size_t i = 0; i < m; i++) loss[i] = fmaxf(x[i], 0.0f) - x[i] * y[i] + log1pf(expf(-fabsf(x[i])));
    }
    size_t i = 0;
    for (; i + 2 <= m; i += 2) { s0 += loss[i]; s1 += loss[i + 1]; }
    if (i < m) s0 += loss[i];
  }
  j->partial[tid] = s0 + s1;
}

/* Returns Σ BCE(x_i, y_i) (x logits, y targets in [0,1]); when grad is not NULL, grad = gscale·(σ(x) − y).
 * NOTE: NaN in x propagates to the sum (fmaxf would drop it, but x·y and |x| carry it). */
EXPORT("aekit_bce_logits") double aekit_bce_logits(const float *x, const float *y, float *grad, size_t n, double gscale) {
  bce_job j = { x, y, grad, n, (float)gscale, { 0 } };
  int t = threads_for(n, PAR_MIN_TRANSCENDENTAL);
  if (t <= 1) bce_task(&j, 0, 1);
  else pool_run(bce_task, &j, t);
  double s = 0.0;
  for (int i = 0; i < t; i++) s += j.partial[i]; /* fixed order: same sum for the same thread count */
  return s;
}

/* ---- reparameterisation trick (Kingma & Welling 2014): z = μ + exp(½·logvar)·ε ---- */

typedef struct { const float *mu, *logvar, *eps; float *z, *std; size_t n; } reparam_job;

static void reparam_task(void *p, int tid, int n) {
  const reparam_job *j = p;
  size_t lo, hi;
  pool_split(j->n, 1024, tid, n, &lo, &hi);
  const float *restrict mu = j->mu, *restrict logvar = j->logvar, *restrict eps = j->eps;
  float *restrict z = j->z, *restrict std = j->std;
  for (size_t i = lo; i < hi; i++) {
    const float s = expf(0.5f * logvar[i]);
    if (std) std[i] = s;
    z[i] = mu[i] + s * eps[i];
  }
}

/* std (may be NULL) receives exp(½·logvar), which the backward pass needs: ∂z/∂logvar = ½·std·ε. */
EXPORT("aekit_reparameterize") void aekit_reparameterize(const float *mu, const float *logvar, const float *eps, float *z,
                                                         float *std, size_t n) {
  reparam_job j = { mu, logvar, eps, z, std, n };
  int t = threads_for(n, PAR_MIN_TRANSCENDENTAL);
  if (t <= 1) reparam_task(&j, 0, 1);
  else pool_run(reparam_task, &j, t);
}

/* ---- elementwise BCE from logits (the binary op 'bceWithLogits', for contiguous or scalar operands) ---- */

typedef struct { const float *a, *b; ptrdiff_t sa, sb; float *o; size_t n; } bce_map_job;

static void bce_map_task(void *p, int tid, int n) {
  const bce_map_job *j = p;
  size_t lo, hi;
  pool_split(j->n, 1024, tid, n, &lo, &hi);
  const float *restrict a = j->a, *restrict b = j->b;
  float *restrict o = j->o;
  /* (max(x, 0) − x·y) in double, as elementwise.c's scalar version (exact product, no cancellation), plus
   * log1p(exp(−|x|)) ∈ [0, ln 2] in float: for y in [0, 1] both terms are >= 0, so the float term's few-ulp
   * error stays a few ulp of the sum. One loop per stride pattern, so that each vectorises. */
#define BCE_MAP(X, Y)                                                                                   \
  for (size_t i = lo; i < hi; i++) {                                                                    \
    const float x = (X), y = (Y);                                                                       \
    const double head = (double)(x > 0.0f ? x : x != x ? x : 0.0f) - (double)x * (double)y;            \
    o[i] = (float)(head + (double)log1pf(expf(-fabsf(x))));                                             \
  }
  if (j->sa && j->sb) { BCE_MAP(a[i], b[i]) }
  else if (j->sa) { const float bv = b[0]; BCE_MAP(a[i], bv) }
  else if (j->sb) { const float av = a[0]; BCE_MAP(av, b[i]) }
  else { const float av = a[0], bv = b[0]; BCE_MAP(av, bv) }
#undef BCE_MAP
}

/* o[i] = max(a, 0) − a·b + log1p(exp(−|a|)) with a = a[i·sa], b = b[i·sb] (strides 0 or 1). */
EXPORT("aekit_bce_logits_map") void aekit_bce_logits_map(const float *a, ptrdiff_t sa, const float *b, ptrdiff_t sb,
                                                         float *o, size_t n) {
  bce_map_job j = { a, b, sa, sb, o, n };
  int t = threads_for(n, PAR_MIN_TRANSCENDENTAL * 2);
  if (t <= 1) bce_map_task(&j, 0, 1);
  else pool_run(bce_map_task, &j, t);
}
