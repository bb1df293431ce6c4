/* Persistent pthread pool. The caller takes part as thread 0, so `threads` = cores uses every core.
 * Workers spin briefly after each job (kernel calls come in bursts during training) and then sleep on a
 * condition variable, so an idle process costs no CPU. */
#define _GNU_SOURCE
#include "pool.h"

#include <stdint.h>
#include <stdlib.h>

#if defined(AEKIT_NO_THREADS) || defined(__wasm__) && !defined(__wasm_atomics__)
#define POOL_SERIAL 1
#endif

#ifdef POOL_SERIAL
int pool_threads(void) { return 1; }
int pool_set_threads(int n) { (void)n; return 1; }
int pool_cores(void) { return 1; }
void pool_run(pool_task fn, void *ctx, int n) { (void)n; fn(ctx, 0, 1); }
#else
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <time.h>
#include <unistd.h>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define cpu_relax() _mm_pause()
#elif defined(__aarch64__)
#define cpu_relax() __asm__ __volatile__("yield")
#else
#define cpu_relax() ((void)0)
#endif

/* `gen` packs a job counter (high bits) with the job's part count (low 8 bits), so a sleeping worker learns
 * from one atomic load whether to join. Parts are claimed from `next`, so whoever arrives first does the
 * work: when the machine is oversubscribed and a worker is not scheduled in time, the caller runs the
 * remaining parts itself instead of waiting. `open` (the gen of the job still accepting helpers, 0 once
 * closed) and `active` form a Dekker pair (seq_cst): a helper that arrives after the caller has closed the
 * job never touches its context, which lives on the caller's stack. */
static struct {
  _Atomic unsigned gen, open;
  _Atomic int next, active, busy;
  pool_task fn;
  void *ctx;
  int parts;
  int threads;    /* configured count, caller included */
  int workers;    /* workers started */
  long spin_ns;
  pthread_mutex_t mu;
  pthread_cond_t cv;
  int sleepers;
} pool = { .mu = PTHREAD_MUTEX_INITIALIZER, .cv = PTHREAD_COND_INITIALIZER, .spin_ns = 200000 };

static pthread_once_t pool_once = PTHREAD_ONCE_INIT;
/* The generation each worker was started at; read from here, not at thread start, so a job posted
 * between pthread_create and the worker's first instruction is not missed. */
static unsigned start_gen[POOL_MAX_THREADS];

static long now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long)ts.tv_sec * 1000000000L + ts.tv_nsec;
}

static void run_parts(void) {
  int p;
  while ((p = atomic_fetch_add(&pool.next, 1)) < pool.parts) pool.fn(pool.ctx, p, pool.parts);
}

static void *worker_main(void *arg) {
  int tid = (int)(intptr_t)arg;
  unsigned seen = start_gen[tid];
  int spin = 0; /* spin only after taking part in a job: the next one is probably close behind */
  for (;;) {
    unsigned g = atomic_load_explicit(&pool.gen, memory_order_acquire);
    if (g == seen && spin) {
      long deadline = now_ns() + pool.spin_ns;
      for (int i = 1; (g = atomic_load_explicit(&pool.gen, memory_order_acquire)) == seen; i++) {
        cpu_relax();
        if ((i & 255) == 0 && now_ns() > deadline) break;
      }
    }
    if (g == seen) {
      pthread_mutex_lock(&pool.mu);
      pool.sleepers++;
      while ((g = atomic_load_explicit(&pool.gen, memory_order_acquire)) == seen) pthread_cond_wait(&pool.cv, &pool.mu);
      pool.sleepers--;
      pthread_mutex_unlock(&pool.mu);
    }
    seen = g;
    spin = tid < (int)(g & 255u);
    if (spin) {
      atomic_fetch_add(&pool.active, 1);
      if (atomic_load(&pool.open) == g) run_parts();
      atomic_fetch_sub(&pool.active, 1);
    }
  }
  return NULL;
}

int pool_cores(void) {
#ifdef CPU_COUNT
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof set, &set) == 0) {
    int c = CPU_COUNT(&set);
    if (c > 0) return c;
  }
#endif
  long c = sysconf(_SC_NPROCESSORS_ONLN);
  return c > 0 ? (int)c : 1;
}

static void pool_init(void) {
  const char *env = getenv("AEKIT_NATIVE_THREADS");
  int n = env && atoi(env) > 0 ? atoi(env) : pool_cores();
  const char *spin = getenv("AEKIT_NATIVE_SPIN_US");
  if (spin) pool.spin_ns = atol(spin) * 1000L;
  pool.threads = n < 1 ? 1 : n > POOL_MAX_THREADS ? POOL_MAX_THREADS : n;
}

int pool_threads(void) {
  pthread_once(&pool_once, pool_init);
  return pool.threads;
}

int pool_set_threads(int n) {
  pthread_once(&pool_once, pool_init);
  pool.threads = n < 1 ? 1 : n > POOL_MAX_THREADS ? POOL_MAX_THREADS : n;
  return pool.threads;
}

/* Starts workers up to n - 1; returns how many threads (caller included) can run. */
static int ensure_workers(int n) {
  while (pool.workers < n - 1) {
    pthread_t th;
    pthread_attr_t attr;
    start_gen[pool.workers + 1] = atomic_load_explicit(&pool.gen, memory_order_relaxed);
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    int rc = pthread_create(&th, &attr, worker_main, (void *)(intptr_t)(pool.workers + 1));
    pthread_attr_destroy(&attr);
    if (rc != 0) break;
    pool.workers++;
  }
  return pool.workers + 1 < n ? pool.workers + 1 : n;
}

void pool_run(pool_task fn, void *ctx, int n) {
  int expected = 0;
  /* NOTE: a second JS thread (worker_threads) calling in while the pool is busy runs its job alone. */
  if (n <= 1 || !atomic_compare_exchange_strong(&pool.busy, &expected, 1)) {
    fn(ctx, 0, 1);
    return;
  }
  n = ensure_workers(n > POOL_MAX_THREADS ? POOL_MAX_THREADS : n);
  if (n <= 1) {
    atomic_store_explicit(&pool.busy, 0, memory_order_release);
    fn(ctx, 0, 1);
    return;
  }
  pool.fn = fn;
  pool.ctx = ctx;
  pool.parts = n;
  atomic_store(&pool.next, 0);
  unsigned g = ((atomic_load_explicit(&pool.gen, memory_order_relaxed) >> 8) + 1) << 8 | (unsigned)n;
  if (g >> 8 == 0) g = 1u << 8 | (unsigned)n; /* never 0: 0 means "closed" in `open` */
  atomic_store(&pool.open, g);
  atomic_store_explicit(&pool.gen, g, memory_order_release);
  pthread_mutex_lock(&pool.mu);
  if (pool.sleepers) pthread_cond_broadcast(&pool.cv);
  pthread_mutex_unlock(&pool.mu);
  run_parts();
  atomic_store(&pool.open, 0u);
  while (atomic_load(&pool.active) > 0) cpu_relax();
  atomic_store_explicit(&pool.busy, 0, memory_order_release);
}
#endif

void pool_split(size_t total, size_t grain, int tid, int n, size_t *lo, size_t *hi) {
  size_t units = (total + grain - 1) / grain;
  size_t u0 = units * (size_t)tid / (size_t)n, u1 = units * (size_t)(tid + 1) / (size_t)n;
  *lo = u0 * grain < total ? u0 * grain : total;
  *hi = u1 * grain < total ? u1 * grain : total;
}
