/* A persistent thread pool: workers are created once and reused by every kernel call. */
#ifndef AEKIT_POOL_H
#define AEKIT_POOL_H

#include <stddef.h>

/* One parallel task: called once for each part, part in [0, nparts), on whichever thread claims it. */
typedef void (*pool_task)(void *ctx, int tid, int nthreads);

/* Number of threads kernels use (caller included); the first call sizes the pool to the usable cores. */
int pool_threads(void);
/* Sets the thread count (clamped to [1, POOL_MAX_THREADS]); returns the value in effect. */
int pool_set_threads(int n);
/* Runs fn on n parts, spread over up to n threads (the caller included), and returns when all are done.
 * Falls back to one part on the caller when n <= 1, when threads are unavailable, or when another
 * thread is using the pool; so a task must give the same result for any part count. */
void pool_run(pool_task fn, void *ctx, int n);
/* Splits [0, total) into n nearly equal parts in units of `grain`; part tid is [*lo, *hi). */
void pool_split(size_t total, size_t grain, int tid, int n, size_t *lo, size_t *hi);
/* Usable cores as seen by this process (affinity-aware). */
int pool_cores(void);

#define POOL_MAX_THREADS 64

#endif
