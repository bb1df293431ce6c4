#include "strided.h"
#include "pool.h"

void strided_init(strided_iter *it, const size_t *shape, int rank, const ptrdiff_t *const *strides, int nops) {
  it->nops = nops;
  it->rank = 0;
  it->total = 1;
  for (int d = 0; d < rank; d++) it->total *= shape[d];
  for (int d = 0; d < rank; d++) {
    if (shape[d] == 1) continue;
    int r = it->rank;
    if (r > 0) {
      int mergeable = 1;
      for (int k = 0; k < nops; k++)
        if (it->st[k][r - 1] != strides[k][d] * (ptrdiff_t)shape[d]) mergeable = 0;
      if (mergeable) {
        it->shape[r - 1] *= shape[d];
        for (int k = 0; k < nops; k++) it->st[k][r - 1] = strides[k][d];
        continue;
      }
    }
    it->shape[r] = shape[d];
    for (int k = 0; k < nops; k++) it->st[k][r] = strides[k][d];
    it->rank++;
  }
  if (it->rank == 0) { /* a single element */
    it->rank = 1;
    it->shape[0] = 1;
    for (int k = 0; k < nops; k++) it->st[k][0] = 0;
  }
}

void strided_walk(const strided_iter *it, size_t lo, size_t hi, strided_run fn, void *ctx) {
  if (lo >= hi) return;
  const int r = it->rank, last = r - 1, nops = it->nops;
  size_t idx[AEKIT_MAX_RANK];
  ptrdiff_t off[STRIDED_MAX_OPS] = {0}, inner[STRIDED_MAX_OPS];
  size_t rem = lo;
  for (int d = last; d >= 0; d--) {
    idx[d] = rem % it->shape[d];
    rem /= it->shape[d];
    for (int k = 0; k < nops; k++) off[k] += (ptrdiff_t)idx[d] * it->st[k][d];
  }
  for (int k = 0; k < nops; k++) inner[k] = it->st[k][last];
  size_t pos = lo;
  while (pos < hi) {
    size_t n = it->shape[last] - idx[last];
    if (n > hi - pos) n = hi - pos;
    fn(ctx, n, off, inner);
    pos += n;
    if (pos >= hi) break;
    /* move to the start of the next inner run, carrying into outer dimensions */
    for (int k = 0; k < nops; k++) off[k] -= (ptrdiff_t)idx[last] * it->st[k][last];
    idx[last] = 0;
    for (int d = last - 1; d >= 0; d--) {
      for (int k = 0; k < nops; k++) off[k] += it->st[k][d];
      if (++idx[d] < it->shape[d]) break;
      for (int k = 0; k < nops; k++) off[k] -= (ptrdiff_t)it->shape[d] * it->st[k][d];
      idx[d] = 0;
    }
  }
}

typedef struct {
  const strided_iter *it;
  strided_run fn;
  void *ctx;
} strided_job;

static void strided_task(void *p, int tid, int n) {
  const strided_job *j = p;
  size_t lo, hi;
  pool_split(j->it->total, 1024, tid, n, &lo, &hi);
  strided_walk(j->it, lo, hi, j->fn, j->ctx);
}

void strided_for(const strided_iter *it, size_t par_min, strided_run fn, void *ctx) {
  if (it->total == 0) return;
  int threads = it->total >= par_min ? pool_threads() : 1;
  if (threads > 1 && it->total / (size_t)threads < par_min / 2) threads = (int)(it->total / (par_min / 2));
  if (threads <= 1) { strided_walk(it, 0, it->total, fn, ctx); return; }
  strided_job j = { it, fn, ctx };
  pool_run(strided_task, &j, threads);
}
