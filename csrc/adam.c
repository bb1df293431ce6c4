/* Fused Adam / AdamW step (Kingma & Ba 2015; decoupled decay: Loshchilov & Hutter 2019): one pass over
 * param, grad, m and v, in float32 as PyTorch's Adam computes it for float32 parameters:
 *   g = grad + l2·θ;  m = β₁m + (1−β₁)g;  v = β₂v + ((1−β₂)g)g;  θ = θ·decay − stepSize·(m / (√v·(1/√bc₂) + ε))
 * with stepSize = lr/bc₁. Every operation is a correctly rounded float32 one (no contraction into fused
 * multiply-adds), so this loop, the SIMD versions (vmath_x86.c) and the JS reference give the same bits.
 * NOTE: float32 rather than double: double division and square root on 512-bit vectors (split in two on Zen 4)
 * and the conversions in and out made the update ~4× slower; the moments are stored in float32 either way. */
#include <math.h>

#include "aekit.h"
#include "clones.h"
#include "pool.h"
#include "vmath.h"

typedef struct {
  float *param, *m, *v;
  const float *grad;
  size_t n;
  vmath_adam_consts c;
  vmath_level lv;
} adam_job;

AEKIT_CLONES static void adam_range(const adam_job *j, size_t lo, size_t hi) {
  lo += vmath_adam(j->lv, j->param + lo, j->grad + lo, j->m + lo, j->v + lo, hi - lo, &j->c);
  const vmath_adam_consts *c = &j->c;
  for (size_t i = lo; i < hi; i++) {
    const float p = j->param[i];
    const float g = j->grad[i] + c->l2 * p;
    const float mi = c->b1 * j->m[i] + c->ob1 * g;
    const float vi = c->b2 * j->v[i] + c->ob2 * g * g;
    j->m[i] = mi;
    j->v[i] = vi;
    const float denom = sqrtf(vi) * c->invSqrtBc2 + c->eps;
    j->param[i] = p * c->decay - c->stepSize * (mi / denom);
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
                 { (float)s->beta1, (float)(1.0 - s->beta1), (float)s->beta2, (float)(1.0 - s->beta2),
                   (float)(s->lr / bc1), (float)(1.0 / sqrt(bc2)), s->decoupled ? (float)(1.0 - s->lr * s->weightDecay) : 1.0f,
                   s->decoupled ? 0.0f : (float)s->weightDecay, (float)s->eps },
                 vmath_current() };
  int threads = n >= ((size_t)1 << 15) ? pool_threads() : 1;
  if (threads <= 1) adam_range(&j, 0, n);
  else pool_run(adam_task, &j, threads);
}
