/* Fused Adam / AdamW step (Kingma & Ba 2015; decoupled decay: Loshchilov & Hutter 2019): one pass over
 * param, grad, m and v. Arithmetic in double, as in the JS reference, so both round the same values. */
#include <math.h>

#include "aekit.h"
#include "pool.h"

typedef struct {
  float *param, *m, *v;
  const float *grad;
  size_t n;
  double b1, b2, stepSize, bc2, decay, l2, eps;
} adam_job;

static void adam_range(const adam_job *j, size_t lo, size_t hi) {
  for (size_t i = lo; i < hi; i++) {
    const double p = j->param[i];
    const double g = (double)j->grad[i] + j->l2 * p;
    const double mi = j->b1 * j->m[i] + (1.0 - j->b1) * g;
    const double vi = j->b2 * j->v[i] + (1.0 - j->b2) * g * g;
    j->m[i] = (float)mi;
    j->v[i] = (float)vi;
    j->param[i] = (float)(p * j->decay - (j->stepSize * mi) / (sqrt(vi / j->bc2) + j->eps));
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
  adam_job j = { param, m, v, grad, n, s->beta1, s->beta2, s->lr / bc1, bc2,
                 s->decoupled ? 1.0 - s->lr * s->weightDecay : 1.0, s->decoupled ? 0.0 : s->weightDecay, s->eps };
  int threads = n >= ((size_t)1 << 16) ? pool_threads() : 1;
  if (threads <= 1) adam_range(&j, 0, n);
  else pool_run(adam_task, &j, threads);
}
