/* Fused training kernels: each does in one pass over memory what the composed ops would do in two to four
 * kernels (and as many temporaries). Shared by the native addon and the WebAssembly build; on x86 the
 * transcendental parts take the SIMD kernels of vmath_x86.c, elsewhere (wasm) the plain loops below, which
 * vectorise with wasm_math.h's inline functions.
 * NOTE: the JS reference (src/backend/js-kernels.ts, fused section) performs the same float operations in
 * the same order, so the parts without a transcendental function give the same bits. */
#include <math.h>
#include <stdlib.h>

#include "aekit.h"
#include "clones.h"
#include "pool.h"
#include "vmath.h"

/* Work below these sizes stays on the calling thread: waking a worker costs more than it saves. */
#define PAR_MIN_CHEAP ((size_t)1 << 18)
#define PAR_MIN_TRANSCENDENTAL ((size_t)1 << 14)
/* Elements per stack block for the kernels that stage a row through a small buffer. */
#define BLOCK 256

/* Threads for n elements split in `units` parts: one below par_min, and at least par_min/2 elements each. */
static int threads_for(size_t n, size_t par_min, size_t units) {
  int t = n >= par_min ? pool_threads() : 1;
  if (t > 1 && n / (size_t)t < par_min / 2) t = (int)(n / (par_min / 2));
  if ((size_t)t > units) t = (int)units;
  return t < 1 ? 1 : t;
}

static int act_is_cheap(int act) { return act < 0 || act == U_RELU || act == U_LEAKYRELU; }

/* ---- out = act(x + bias[c]) over outer × channels × inner ---- */

typedef struct { const float *x, *bias; float *out; size_t outer, channels, inner; int act; double p0; } bias_act_job;

AEKIT_CLONES static void bias_act_task(void *p, int tid, int n) {
  const bias_act_job *j = p;
  size_t r0, r1;
  pool_split(j->outer, 1, tid, n, &r0, &r1);
  const size_t C = j->channels, I = j->inner, len = C * I;
  const float *restrict bias = j->bias;
  for (size_t r = r0; r < r1; r++) {
    const float *x = j->x + r * len;
    float *o = j->out + r * len;
    if (I == 1 && j->act == U_RELU) { /* the common case in one pass; NaN propagates as in the relu kernel */
      for (size_t c = 0; c < C; c++) { const float v = x[c] + bias[c]; o[c] = v > 0.0f ? v : v != v ? v : 0.0f; }
      continue;
    }
    if (I == 1) for (size_t c = 0; c < C; c++) o[c] = x[c] + bias[c];
    else for (size_t c = 0; c < C; c++) {
      const float b = bias[c];
      for (size_t i = 0; i < I; i++) o[c * I + i] = x[c * I + i] + b;
    }
    if (j->act >= 0) aekit_unary(j->act, o, o, len, j->p0, 0.0);
  }
}

void aekit_bias_act(const float *x, const float *bias, float *out, size_t outer, size_t channels, size_t inner, int act,
                    double p0) {
  bias_act_job j = { x, bias, out, outer, channels, inner, act, p0 };
  int t = threads_for(outer * channels * inner, act_is_cheap(act) ? PAR_MIN_CHEAP : PAR_MIN_TRANSCENDENTAL, outer);
  if (t <= 1) bias_act_task(&j, 0, 1);
  else pool_run(bias_act_task, &j, t);
}

/* ---- dx = dy · act'(x), from y; dbias = Σ dx ---- */

typedef struct { const float *y, *dy; float *dx, *dbias; size_t outer, channels, inner; int act; float p0; } bias_act_bwd_job;

/* dx[i] = dy[i]·act'(y[i]) over n elements; one loop per activation so that each vectorises. */
#define BWD_MAP(expr) for (size_t i = 0; i < n; i++) { const float y = ys[i]; dx[i] = dy[i] * (expr); }

AEKIT_CLONES static void act_backward(int act, float p0, const float *restrict ys, const float *dy, float *dx, size_t n) {
  /* NOTE: dx may be dy (same index read then written), so the two are not restrict. */
  switch (act) {
    case U_RELU: BWD_MAP(y > 0.0f ? 1.0f : y != y ? y : 0.0f) break;
    case U_SIGMOID: BWD_MAP(y * (1.0f - y)) break;
    case U_TANH: BWD_MAP(1.0f - y * y) break;
    case U_LEAKYRELU: BWD_MAP(y > 0.0f ? 1.0f : y != y ? y : p0) break;
    case U_ELU: BWD_MAP(y > 0.0f ? 1.0f : y + p0) break; /* p0·(eˣ − 1) + p0 = p0·eˣ */
    case U_SOFTPLUS: {
      /* 1 − e^(−softplus(x)) = σ(x), a block at a time through aekit_unary's expm1 (vmath's SIMD kernel on x86:
       * libm's scalar expm1f made this a fifth of an M2 step) */
      float t[BLOCK];
      for (size_t i0 = 0; i0 < n; i0 += BLOCK) {
        const size_t m = n - i0 < BLOCK ? n - i0 : BLOCK;
        for (size_t k = 0; k < m; k++) t[k] = -ys[i0 + k];
        aekit_unary(U_EXPM1, t, t, m, 0.0, 0.0);
        for (size_t k = 0; k < m; k++) dx[i0 + k] = dy[i0 + k] * -t[k];
      }
      break;
    }
    default: BWD_MAP(((void)y, 1.0f)) break;              /* -1: no activation */
  }
}

/* One channel's run of `n` gradients summed as the reference does: four partial sums in double (i mod 4),
 * combined as (s0 + s1) + (s2 + s3). */
AEKIT_CLONES static double run_sum(const float *g, size_t n) {
  double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
  size_t i = 0;
  for (; i + 4 <= n; i += 4) { s0 += g[i]; s1 += g[i + 1]; s2 += g[i + 2]; s3 += g[i + 3]; }
  if (i < n) s0 += g[i];
  if (i + 1 < n) s1 += g[i + 1];
  if (i + 2 < n) s2 += g[i + 2];
  return (s0 + s1) + (s2 + s3);
}

AEKIT_CLONES static void bias_act_bwd_task(void *p, int tid, int n) {
  const bias_act_bwd_job *j = p;
  const size_t C = j->channels, I = j->inner, len = C * I;
  size_t c0, c1;
  pool_split(C, I == 1 ? 16 : 1, tid, n, &c0, &c1);
  if (c0 >= c1) return;
  if (I == 1) {
    /* Dense layers: this thread's columns of each row in one pass, then their sums, which stay in a small
     * array (in L1) while the rows stream by. */
    const size_t w = c1 - c0;
    double stack[256], *acc = w <= 256 ? stack : malloc(w * sizeof(double));
    if (acc == NULL) return;
    for (size_t c = 0; c < w; c++) acc[c] = 0.0;
    for (size_t r = 0; r < j->outer; r++) {
      const size_t o = r * len + c0;
      act_backward(j->act, j->p0, j->y + o, j->dy + o, j->dx + o, w);
      /* One element per run: run_sum of it is the element itself (acc is never −0, so +0 and −0 add alike). */
      if (j->dbias) { const float *restrict g = j->dx + o; for (size_t c = 0; c < w; c++) acc[c] += g[c]; }
    }
    if (j->dbias) for (size_t c = 0; c < w; c++) j->dbias[c0 + c] = (float)acc[c];
    if (acc != stack) free(acc);
    return;
  }
  for (size_t c = c0; c < c1; c++) {
    double acc = 0.0;
    for (size_t r = 0; r < j->outer; r++) {
      const size_t o = r * len + c * I;
      act_backward(j->act, j->p0, j->y + o, j->dy + o, j->dx + o, I);
      if (j->dbias) acc += run_sum(j->dx + o, I);
    }
    if (j->dbias) j->dbias[c] = (float)acc;
  }
}

void aekit_bias_act_backward(const float *y, const float *dy, float *dx, float *dbias, size_t outer, size_t channels,
                             size_t inner, int act, double p0) {
  bias_act_bwd_job j = { y, dy, dx, dbias, outer, channels, inner, act, (float)p0 };
  int t = threads_for(outer * channels * inner, act == U_SOFTPLUS ? PAR_MIN_TRANSCENDENTAL : PAR_MIN_CHEAP,
                      inner == 1 ? (channels + 15) / 16 : channels);
  if (t <= 1) bias_act_bwd_task(&j, 0, 1);
  else pool_run(bias_act_bwd_task, &j, t);
}

/* ---- binary cross-entropy from logits, summed per row; `repeats` consecutive rows of x share a row of y ---- */

typedef struct { const float *x, *y; size_t rows, cols, repeats; float *loss, *grad; vmath_level lv; size_t outside[POOL_MAX_THREADS]; } bce_rows_job;

/* loss[i] = max(x, 0) − x·y + log1p(exp(−|x|)) for i < m, and grad[i] = σ(x) − y when grad is not NULL. */
AEKIT_CLONES static void bce_block(vmath_level lv, const float *restrict x, const float *restrict y, float *restrict loss,
                                   float *restrict grad, size_t m) {
  const size_t done = lv == VMATH_SCALAR ? 0 : vmath_bce_grad(lv, x, y, loss, grad, m);
  /* Never exponentiates a large positive number; σ(x) from the same e = exp(−|x|): 1/(1+e) for x ≥ 0, e/(1+e)
   * below. NOTE: NaN in x reaches the loss through x·y and |x| (fmaxf alone would drop it). */
  for (size_t i = done; i < m; i++) {
    const float e = expf(-fabsf(x[i]));
    /* NOTE: in float, max(x, 0) − x·y can lose a few ulp of x to cancellation (x·y ≈ x); per-row sums of many
     * such terms stay within float precision of the row, and the loop vectorises (a double head would not). */
    const float head = (x[i] > 0.0f ? x[i] : x[i] != x[i] ? x[i] : 0.0f) - x[i] * y[i];
    loss[i] = head + log1pf(e);
    if (grad) grad[i] = x[i] != x[i] ? x[i] : (x[i] >= 0.0f ? 1.0f : e) / (1.0f + e) - y[i];
  }
}

/* Targets outside [0, 1] among m (NaN not counted). */
AEKIT_CLONES static size_t count_outside_unit(const float *restrict y, size_t m) {
  size_t bad = 0;
  for (size_t i = 0; i < m; i++) bad += y[i] < 0.0f || y[i] > 1.0f;
  return bad;
}

static void bce_rows_task(void *p, int tid, int n) {
  bce_rows_job *j = p;
  size_t r0, r1;
  pool_split(j->rows, 1, tid, n, &r0, &r1);
  float loss[BLOCK];
  size_t outside = 0;
  for (size_t r = r0; r < r1; r++) {
    double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
    for (size_t b = 0; b < j->cols; b += BLOCK) {
      const size_t m = j->cols - b < BLOCK ? j->cols - b : BLOCK, o = r * j->cols + b;
      const float *y = j->y + (r / j->repeats) * j->cols + b;
      bce_block(j->lv, j->x + o, y, loss, j->grad ? j->grad + o : NULL, m);
      if (r % j->repeats == 0) outside += count_outside_unit(y, m); /* each target row once */
      size_t i = 0;
      for (; i + 4 <= m; i += 4) { s0 += loss[i]; s1 += loss[i + 1]; s2 += loss[i + 2]; s3 += loss[i + 3]; }
      for (; i < m; i++) s0 += loss[i];
    }
    j->loss[r] = (float)((s0 + s1) + (s2 + s3));
  }
  j->outside[tid] = outside;
}

size_t aekit_bce_logits_rows(const float *x, const float *y, size_t rows, size_t cols, size_t repeats, float *rowLoss,
                             float *grad) {
  bce_rows_job j = { x, y, rows, cols, repeats, rowLoss, grad, vmath_current(), { 0 } };
  int t = threads_for(rows * cols, PAR_MIN_TRANSCENDENTAL, rows);
  if (t <= 1) bce_rows_task(&j, 0, 1);
  else pool_run(bce_rows_task, &j, t);
  size_t outside = 0;
  for (int i = 0; i < t; i++) outside += j.outside[i];
  return outside;
}

/* ---- reparameterisation trick (Kingma & Welling 2014): z = μ + exp(½·logvar)·ε ---- */

typedef struct { const float *mu, *logvar, *eps; float *z, *dzdlv; size_t n; vmath_level lv; } reparam_job;

AEKIT_CLONES static void reparam_task(void *p, int tid, int n) {
  const reparam_job *j = p;
  size_t lo, hi;
  pool_split(j->n, BLOCK, tid, n, &lo, &hi);
  float s[BLOCK];
  for (size_t b = lo; b < hi; b += BLOCK) {
    const size_t m = hi - b < BLOCK ? hi - b : BLOCK;
    const float *restrict lv = j->logvar + b, *restrict mu = j->mu + b, *restrict eps = j->eps + b;
    float *restrict z = j->z + b;
    for (size_t i = 0; i < m; i++) s[i] = 0.5f * lv[i];
    if (j->lv == VMATH_SCALAR || !vmath_unary(j->lv, U_EXP, s, s, m, 0.0))
      for (size_t i = 0; i < m; i++) s[i] = expf(s[i]);
    for (size_t i = 0; i < m; i++) z[i] = mu[i] + s[i] * eps[i];
    if (j->dzdlv) for (size_t i = 0; i < m; i++) j->dzdlv[b + i] = 0.5f * s[i] * eps[i];
  }
}

void aekit_reparameterize(const float *mu, const float *logvar, const float *eps, float *z, float *dzdlv, size_t n) {
  reparam_job j = { mu, logvar, eps, z, dzdlv, n, vmath_current() };
  int t = threads_for(n, PAR_MIN_TRANSCENDENTAL, (n + BLOCK - 1) / BLOCK);
  if (t <= 1) reparam_task(&j, 0, 1);
  else pool_run(reparam_task, &j, t);
}
