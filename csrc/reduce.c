/* Reductions over sorted axes of a contiguous array, accumulated in double like the JS reference, and
 * argmax/argmin. NOTE: max/min propagate NaN (once the accumulator is NaN no comparison replaces it). */
#include <math.h>
#include <stdlib.h>

#include "aekit.h"
#include "clones.h"

static inline double combine(int op, double acc, double v) {
  switch (op) {
    case R_SUM: return acc + v;
    case R_PROD: return acc * v;
    case R_MAX: return v > acc || v != v ? v : acc;
    default: return v < acc || v != v ? v : acc;
  }
}

/* Reduces one contiguous run. Sums use four partial sums so the loop is not one long dependency chain. */
AEKIT_CLONES static double reduce_run(int op, const float *x, size_t n, double acc) {
  size_t i = 0;
  if (op == R_SUM) {
    double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    for (; i + 4 <= n; i += 4) { s0 += x[i]; s1 += x[i + 1]; s2 += x[i + 2]; s3 += x[i + 3]; }
    acc += (s0 + s1) + (s2 + s3);
  }
  for (; i < n; i++) acc = combine(op, acc, x[i]);
  return acc;
}

AEKIT_CLONES void aekit_reduce(int op, const float *x, const size_t *shape, const unsigned char *isReduced, int rank, float *out) {
  const double init = op == R_SUM ? 0.0 : op == R_PROD ? 1.0 : op == R_MAX ? -INFINITY : INFINITY;
  /* Collapse: drop size-1 dims, merge neighbours of the same kind (x is contiguous, and so is out). */
  size_t dim[AEKIT_MAX_RANK];
  unsigned char red[AEKIT_MAX_RANK];
  int r = 0;
  size_t total = 1, outSize = 1;
  for (int d = 0; d < rank; d++) {
    total *= shape[d];
    if (!isReduced[d]) outSize *= shape[d];
    if (shape[d] == 1) continue;
    if (r > 0 && red[r - 1] == (isReduced[d] != 0)) { dim[r - 1] *= shape[d]; continue; }
    dim[r] = shape[d];
    red[r] = isReduced[d] != 0;
    r++;
  }
  if (outSize == 0) return;
  if (total == 0 || r == 0) {
    for (size_t o = 0; o < outSize; o++) out[o] = total == 0 ? (float)init : x[o];
    return;
  }
  double *acc = malloc(outSize * sizeof(double));
  if (acc == NULL) return;
  for (size_t o = 0; o < outSize; o++) acc[o] = init;
  /* Strides: x contiguous over the collapsed dims; out contiguous over the kept ones, 0 on reduced. */
  size_t xs[AEKIT_MAX_RANK], os[AEKIT_MAX_RANK], idx[AEKIT_MAX_RANK] = {0};
  size_t s = 1, so = 1;
  for (int d = r - 1; d >= 0; d--) {
    xs[d] = s; s *= dim[d];
    os[d] = red[d] ? 0 : so;
    if (!red[d]) so *= dim[d];
  }
  const int last = r - 1;
  const size_t L = dim[last];
  size_t ix = 0, io = 0;
  for (;;) {
    if (red[last]) {
      acc[io] = reduce_run(op, x + ix, L, acc[io]);
    } else if (op == R_SUM) {
      for (size_t j = 0; j < L; j++) acc[io + j] += x[ix + j];
    } else {
      for (size_t j = 0; j < L; j++) acc[io + j] = combine(op, acc[io + j], x[ix + j]);
    }
    int d = last - 1;
    for (; d >= 0; d--) {
      ix += xs[d]; io += os[d];
      if (++idx[d] < dim[d]) break;
      ix -= xs[d] * dim[d]; io -= os[d] * dim[d];
      idx[d] = 0;
    }
    if (d < 0) break;
  }
  for (size_t o = 0; o < outSize; o++) out[o] = (float)acc[o];
  free(acc);
}

void aekit_arg_reduce(int isMax, const float *x, size_t outer, size_t len, size_t inner, float *out) {
  for (size_t o = 0; o < outer; o++) {
    for (size_t i = 0; i < inner; i++) {
      const float *p = x + o * len * inner + i;
      float best = p[0];
      size_t bestIdx = 0;
      /* First occurrence wins; NaN counts as the extreme and ends the search. */
      for (size_t j = 1; j < len && best == best; j++) {
        const float v = p[j * inner];
        if (v != v || (isMax ? v > best : v < best)) { best = v; bestIdx = j; }
      }
      out[o * inner + i] = (float)bestIdx;
    }
  }
}
