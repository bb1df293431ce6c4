/* Walking n-d index spaces with several strided operands (operand 0 is the one written). Dimensions of
 * size 1 are dropped and adjacent dimensions that are contiguous for every operand are merged first, so
 * same-shape, scalar and row-broadcast cases all become long unit- or zero-stride inner loops. */
#ifndef AEKIT_STRIDED_H
#define AEKIT_STRIDED_H

#include <stddef.h>
#include "aekit.h"

#define STRIDED_MAX_OPS 4

typedef struct {
  int rank, nops;
  size_t shape[AEKIT_MAX_RANK];
  ptrdiff_t st[STRIDED_MAX_OPS][AEKIT_MAX_RANK];
  size_t total;
} strided_iter;

/* Called for each inner run: n elements, operand k starting at element offset off[k] with stride inner[k]. */
typedef void (*strided_run)(void *ctx, size_t n, const ptrdiff_t *off, const ptrdiff_t *inner);

void strided_init(strided_iter *it, const size_t *shape, int rank, const ptrdiff_t *const *strides, int nops);
/* Visits flat (row-major) positions [lo, hi) of the index space. */
void strided_walk(const strided_iter *it, size_t lo, size_t hi, strided_run fn, void *ctx);
/* Runs the whole space, split over the thread pool when it has at least `par_min` elements. */
void strided_for(const strided_iter *it, size_t par_min, strided_run fn, void *ctx);

#endif
