/* Fused Adam / AdamW step (Kingma & Ba 2015; decoupled decay: Loshchilov & Hutter 2019): one pass over
 * param, grad, m and v. Arithmetic in double, as in the JS reference, so both round the same values; the
 * SIMD version (vmath_x86.c) does the same operations in the same order. */
#include <math.h>

#include "aekit.h"
#include "pool.h"
#include "vmath.h"

typedef struct {
  float *param, *m, *v;
  const float *grad;
  size_t n;
  vmath_adam_consts c;
  vmath_level lv;
} adam_job;

static void adam_range(const adam_job *j, size_t lo, size_t hi) {
  if (vmath_adam(j->lv, j->param + lo, j->grad + lo, j->m + lo, j->v + lo, hi - lo, &j->c)) return;
  const vmath_adam_consts *c = &j->c;
  for (size_t i = lo; i < hi; i++) {
    const double p = j->param[i];
    const double g = (double)j->grad[i] + c->l2 * p;
    const double mi = c->b1 * j->m[i] + (1.0 - c->b1) * g;
    const double vi = c->b2 * j->v[i] + (1.0 - c->b2) * g * g;
    j->m[i] = (float)mi;
    j->v[i] = (float)vi;
    j->param[i] = (float)(p * c->decay - (c->stepSize * mi) / (sqrt(vi / c->bc2) + c->eps));
  }
}

static void adam_task(void *p, int tid, int n) {
  const adam_job *j = p;
  size_t lo, hi;
  pool_split(j->n, 1024, tid, n, &lo, &hi);
  adam_range(j, lo, hi);
}

void aekit_adam_update(float *param, const float *grad, float *m, float *v, size_t n, const aekit_adam_step *s) {
  const double bc1 = 1.0 - pow(s->beta1, s->step), bc2 = 1.0 - pow(s->beta2, s->step);
  adam_job j = { param, m, v, grad, n,
                 { s->beta1, s->beta2, s->lr / bc1, bc2, s->decoupled ? 1.0 - s->lr * s->weightDecay : 1.0,
                   s->decoupled ? 0.0 : s->weightDecay, s->eps },
                 vmath_current() };
  int threads = n >= ((size_t)1 << 15) ? pool_threads() : 1;
  if (threads <= 1) adam_range(&j, 0, n);
  else pool_run(adam_task, &j, threads);
}
