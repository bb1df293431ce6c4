/* The thread pool of the WebAssembly build (replaces pool.c, which needs pthreads). WebAssembly cannot
 * start threads itself: the JS side (src/backend/wasm-backend.ts) starts workers, each instantiating this
 * module over the same shared memory, and each worker calls aekit_pool_worker(), which never returns.
 * Jobs are handed over through this file's statics, which live in the shared linear memory, with
 * memory.atomic.wait32/notify for sleeping. */
#include <stdint.h>

#include "aekit.h"
#include "pool.h"


/* The single-threaded build (no atomics, for a memory that cannot be shared) has no wait/notify; with no
 * workers, pool_run never reaches them. */
#ifdef __wasm_atomics__
#define WAIT32(p, v) __builtin_wasm_memory_atomic_wait32((int *)(p), (v), -1)
#define NOTIFY(p, n) __builtin_wasm_memory_atomic_notify((int *)(p), (n))
#else
#define WAIT32(p, v) ((void)(p), (void)(v))
#define NOTIFY(p, n) ((void)(p), (void)(n))
#endif

/* pool_run(fn, ctx, n) publishes a job of n tasks; every thread, the caller included, claims tasks one at a
 * time until none are left, so the caller never waits for a worker that is still asleep (or descheduled on a
 * busy machine): it runs the unclaimed tasks itself and waits only for tasks already under way. Tasks are
 * numbered 0..n-1 and receive (tid = task, n), as with pool.c's threads.
 *
 * `gen` packs a job counter (high 24 bits) with the job's task count (low 8 bits); `claim` packs the same job
 * counter with the next task to hand out, so a worker that wakes late can never claim a task of a newer job
 * by mistake: its compare-and-swap fails once the job counter differs. */
static struct {
  volatile unsigned gen;
  volatile unsigned claim;
  volatile int done;
  volatile int busy;
  pool_task fn;
  void *ctx;
  int threads;       /* configured count, caller included */
  int workers;       /* workers that have entered aekit_pool_worker */
  int spin;          /* polls before sleeping */
  int caller_blocks; /* 0 where the calling thread may not block (a browser's main thread): it spins */
} pool = { .threads = 1, .spin = 1 << 17, .caller_blocks = 1 };

static inline unsigned load_u(volatile unsigned *p) { return __atomic_load_n(p, __ATOMIC_ACQUIRE); }
static inline int load_i(volatile int *p) { return __atomic_load_n(p, __ATOMIC_ACQUIRE); }

int pool_cores(void) { return pool.workers + 1; }
int pool_threads(void) { return pool.threads; }

int pool_set_threads(int n) {
  int max = pool.workers + 1;
  pool.threads = n < 1 ? 1 : n > max ? max : n;
  return pool.threads;
}

AEKIT_EXPORT(aekit_pool_configure) int aekit_pool_configure(int threads, int spin, int caller_blocks) {
  if (spin >= 0) pool.spin = spin; /* -1 keeps the current setting */
  pool.caller_blocks = caller_blocks;
  return pool_set_threads(threads);
}

/* Claims and runs tasks of job `job` (24-bit counter) until none are left; returns how many it ran. */
static int run_tasks(unsigned job, int n) {
  int ran = 0;
  for (;;) {
    unsigned c = load_u(&pool.claim);
    if ((c >> 8) != job || (int)(c & 255u) >= n) return ran;
    if (!__atomic_compare_exchange_n(&pool.claim, &c, c + 1, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) continue;
    pool.fn(pool.ctx, (int)(c & 255u), n);
    ran++;
    if (__atomic_add_fetch(&pool.done, 1, __ATOMIC_ACQ_REL) == n) NOTIFY(&pool.done, 1);
  }
}

AEKIT_EXPORT(aekit_pool_worker) void aekit_pool_worker(void) {
  unsigned seen = load_u(&pool.gen);
  __atomic_add_fetch(&pool.workers, 1, __ATOMIC_ACQ_REL);
  int spin = 0; /* spin after each job (the next is probably close behind), sleep after a quiet spell */
  for (;;) {
    unsigned g = load_u(&pool.gen);
    for (int i = 0; g == seen && i < spin; i++) g = load_u(&pool.gen);
    while (g == seen) {
      WAIT32(&pool.gen, (int)seen);
      g = load_u(&pool.gen);
    }
    seen = g;
    run_tasks(g >> 8, (int)(g & 255u));
    spin = pool.spin;
  }
}

void pool_run(pool_task fn, void *ctx, int n) {
  int expected = 0;
  if (n > pool.workers + 1) n = pool.workers + 1;
  if (n > POOL_MAX_THREADS) n = POOL_MAX_THREADS;
  /* NOTE: a job started while the pool is busy (from inside a task) runs on its caller alone. */
  if (n <= 1 || !__atomic_compare_exchange_n(&pool.busy, &expected, 1, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
    for (int t = 0; t < (n < 1 ? 1 : n); t++) fn(ctx, t, n < 1 ? 1 : n);
    return;
  }
  const unsigned job = ((load_u(&pool.gen) >> 8) + 1) & 0xffffffu;
  pool.fn = fn;
  pool.ctx = ctx;
  __atomic_store_n(&pool.done, 0, __ATOMIC_RELAXED);
  __atomic_store_n(&pool.claim, job << 8, __ATOMIC_RELEASE);
  __atomic_store_n(&pool.gen, job << 8 | (unsigned)n, __ATOMIC_RELEASE);
  NOTIFY(&pool.gen, (unsigned)-1);
  run_tasks(job, n);
  int d;
  for (int i = 0; (d = load_i(&pool.done)) < n; i++)
    if (pool.caller_blocks && i >= pool.spin) WAIT32(&pool.done, d);
  __atomic_store_n(&pool.busy, 0, __ATOMIC_RELEASE);
}


void pool_split(size_t total, size_t grain, int tid, int n, size_t *lo, size_t *hi) {
  size_t units = (total + grain - 1) / grain;
  size_t u0 = units * (size_t)tid / (size_t)n, u1 = units * (size_t)(tid + 1) / (size_t)n;
  *lo = u0 * grain < total ? u0 * grain : total;
  *hi = u1 * grain < total ? u1 * grain : total;
}
