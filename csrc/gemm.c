/* Cache-blocked SGEMM driver (Goto/BLIS style): B is packed into kc×nc panels that stay in L2, and an
 * ISA-specific micro-kernel computes one MR×NR tile of C, reading A in place through its strides (an MR×kc strip
 * of A is small enough for L1 as it is; packing it cost more than it saved, above all for the skinny products of
 * small layers, where A is as large as the work).
 * Threads each take a disjoint block of C: columns when op(A) is the smaller operand (each thread then
 * re-packs only A), rows otherwise. */
#include <stdlib.h>
#include <string.h>

#include "aekit.h"
#include "clones.h"
#include "gemm_internal.h"
#include "pool.h"

#ifndef KC
#define KC 256
#endif
#ifndef NC
#define NC 512
#endif
/* Below this many multiply-adds a GEMM runs on one thread: waking workers costs more than it saves. */
#define GEMM_PAR_MIN_MACS (1 << 17)

/* ---- ISA selection ---- */

static const gemm_isa_desc *isa_current;

static int isa_supported(const gemm_isa_desc *d) {
#ifdef AEKIT_X86
  if (d == &gemm_isa_avx512) return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("fma");
  if (d == &gemm_isa_avx2) return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#endif
  return d == &gemm_isa_scalar;
}

static const gemm_isa_desc *const isa_all[] = {
#ifdef AEKIT_X86
  &gemm_isa_avx512, &gemm_isa_avx2,
#endif
  &gemm_isa_scalar,
};
#define ISA_COUNT ((int)(sizeof isa_all / sizeof isa_all[0]))

int aekit_isa_available(const char **names, int cap) {
  int n = 0;
  for (int i = 0; i < ISA_COUNT; i++)
    if (isa_supported(isa_all[i]) && n < cap) names[n++] = isa_all[i]->name;
  return n;
}

int aekit_isa_select(const char *name) {
  for (int i = 0; i < ISA_COUNT; i++) {
    if (!isa_supported(isa_all[i])) continue;
    if (name == NULL || strcmp(name, "auto") == 0 || strcmp(name, isa_all[i]->name) == 0) {
      isa_current = isa_all[i];
      return 0;
    }
  }
  return -1;
}

static const gemm_isa_desc *isa(void) {
  if (isa_current == NULL) {
    const char *env = getenv("AEKIT_NATIVE_ISA");
    if (env == NULL || aekit_isa_select(env) != 0) aekit_isa_select("auto");
  }
  return isa_current;
}

const char *aekit_isa_current(void) { return isa()->name; }

int aekit_cpu_features(const char **names, int cap) {
  int n = 0;
#ifdef AEKIT_X86
  __builtin_cpu_init();
#define FEAT(s) if (__builtin_cpu_supports(s) && n < cap) names[n++] = s
  FEAT("avx512f"); FEAT("avx512bw"); FEAT("avx512vl"); FEAT("avx2"); FEAT("fma"); FEAT("avx"); FEAT("sse4.2");
#undef FEAT
#else
  (void)names; (void)cap;
#endif
  return n;
}

int aekit_threads(void) { return pool_threads(); }
int aekit_set_threads(int n) { return pool_set_threads(n); }

/* ---- packing ---- */

/* dst[p·W + q] = src[p·ld + q] for q < w; zero for w ≤ q < W. */
static void pack_rows(const float *restrict src, size_t ld, int kc, int w, int W, float *restrict dst) {
  for (int p = 0; p < kc; p++, src += ld, dst += W) {
    int q = 0;
    for (; q < w; q++) dst[q] = src[q];
    for (; q < W; q++) dst[q] = 0.0f;
  }
}

/* dst[p·W + q] = src[q·ld + p] for q < w; zero for w ≤ q < W. Reads each source row contiguously. */
static void pack_cols(const float *restrict src, size_t ld, int kc, int w, int W, float *restrict dst) {
  for (int q = 0; q < w; q++) {
    const float *s = src + (size_t)q * ld;
    for (int p = 0; p < kc; p++) dst[(size_t)p * W + q] = s[p];
  }
  for (int q = w; q < W; q++)
    for (int p = 0; p < kc; p++) dst[(size_t)p * W + q] = 0.0f;
}

/* ---- serial blocked product on one block of C ---- */

typedef struct {
  const gemm_isa_desc *isa;
  int transA, transB, M, N, K;
  float alpha, beta;
  const float *A, *B;
  float *C;
  int splitN;      /* threads split columns (1) or rows (0) */
  int units;       /* tiles along the split dimension */
} gemm_job;

static _Thread_local float *tls_work;

static float *work_buffer(void) {
  if (tls_work == NULL) {
    size_t floats = (size_t)KC * (NC + GEMM_NR_MAX);
    tls_work = aligned_alloc(64, (floats * sizeof(float) + 63) / 64 * 64);
  }
  return tls_work;
}

/* Splits `total` into the fewest blocks of at most `cap`, of nearly equal size, rounded up to `grain`. */
static int balanced_block(int total, int cap, int grain) {
  int blocks = (total + cap - 1) / cap;
  int b = (total + blocks - 1) / blocks;
  b = (b + grain - 1) / grain * grain;
  return b < cap ? b : cap;
}

static void gemm_block(const gemm_job *j, int m0, int m1, int n0, int n1, float *work) {
  const int MR = j->isa->mr, NR = j->isa->nr, M = j->M, N = j->N, K = j->K;
  const gemm_ukernel kernel = j->isa->kernel;
  const gemm_pack_fn pack_t = j->isa->pack_transposed ? j->isa->pack_transposed : pack_cols;
  const int kcb = balanced_block(K, KC, 1), ncb = balanced_block(n1 - n0, NC, NR);
  float *Bp = work;
  /* A's element (i, p) is at A[i·rsa + p·csa]. */
  const ptrdiff_t rsa = j->transA ? 1 : K, csa = j->transA ? M : 1;
  for (int jc = n0; jc < n1; jc += ncb) {
    int nc = n1 - jc < ncb ? n1 - jc : ncb;
    for (int pc = 0; pc < K; pc += kcb) {
      int kc = K - pc < kcb ? K - pc : kcb;
      float beta = pc == 0 ? j->beta : 1.0f;
      for (int jr = 0; jr < nc; jr += NR) {
        int nr = nc - jr < NR ? nc - jr : NR;
        float *dst = Bp + (size_t)jr * kc;
        if (!j->transB) pack_rows(j->B + (size_t)pc * N + jc + jr, (size_t)N, kc, nr, NR, dst);
        else pack_t(j->B + (size_t)(jc + jr) * K + pc, (size_t)K, kc, nr, NR, dst);
      }
      for (int ic = m0; ic < m1; ic += MR) {
        int mr = m1 - ic < MR ? m1 - ic : MR;
        const float *a = j->A + (ptrdiff_t)ic * rsa + (ptrdiff_t)pc * csa;
        float *c = j->C + (size_t)ic * N + jc;
        for (int jr = 0; jr < nc; jr += NR) {
          int nr = nc - jr < NR ? nc - jr : NR;
          kernel(kc, a, rsa, csa, Bp + (size_t)jr * kc, c + jr, (ptrdiff_t)N, mr, nr, j->alpha, beta);
        }
      }
    }
  }
}

static void gemm_task(void *ctx, int tid, int nthreads) {
  const gemm_job *j = ctx;
  size_t u0, u1;
  pool_split((size_t)j->units, 1, tid, nthreads, &u0, &u1);
  if (u0 >= u1) return;
  float *work = work_buffer();
  if (work == NULL) return; /* out of memory: leaves C unchanged rather than crash */
  if (j->splitN) {
    int n0 = (int)u0 * j->isa->nr, n1 = (int)u1 * j->isa->nr;
    gemm_block(j, 0, j->M, n0, n1 < j->N ? n1 : j->N, work);
  } else {
    int m0 = (int)u0 * j->isa->mr, m1 = (int)u1 * j->isa->mr;
    gemm_block(j, m0, m1 < j->M ? m1 : j->M, 0, j->N, work);
  }
}

/* ---- skinny products: n ≤ 4 or m ≤ 4 ----
 * A product with a handful of columns (or rows) is that many matrix-vector products: a register tile would leave
 * most of its lanes idle, and packing would cost more than the product. The few columns of op(B) (rows of op(A))
 * become contiguous vectors, and the other operand is run through once for all of them, as dot products with its
 * rows or as sums of its rows scaled by the vectors, whichever walks its stored rows. */
#define SKINNY 4

AEKIT_CLONES static void dots_portable(int i0, int i1, int k, const float *M, size_t ldm, const float *X, int nv, float *y,
                                       ptrdiff_t incy, ptrdiff_t incv, float alpha, float beta) {
  for (int v = 0; v < nv; v++) {
    const float *x = X + (size_t)v * k;
    for (int i = i0; i < i1; i++) {
      float acc[16] = { 0 };
      const float *row = M + (size_t)i * ldm;
      int p = 0;
      for (; p + 16 <= k; p += 16)
        for (int l = 0; l < 16; l++) acc[l] += row[p + l] * x[p + l];
      float s = 0.0f;
      for (int q = p; q < k; q++) s += row[q] * x[q];
      for (int l = 0; l < 16; l += 2) s += acc[l] + acc[l + 1];
      float *d = y + (ptrdiff_t)i * incy + (ptrdiff_t)v * incv;
      *d = beta == 0.0f ? alpha * s : alpha * s + beta * *d;
    }
  }
}

AEKIT_CLONES static void axpys_portable(int j0, int j1, int k, const float *M, size_t ldm, const float *X, int nv, float *y,
                                        ptrdiff_t incy, ptrdiff_t incv, float alpha, float beta) {
  for (int v = 0; v < nv; v++) {
    const float *x = X + (size_t)v * k;
    for (int jb = j0; jb < j1; jb += 64) {
      float acc[64] = { 0 };
      const int w = j1 - jb < 64 ? j1 - jb : 64;
      for (int p = 0; p < k; p++) {
        const float xp = x[p], *row = M + (size_t)p * ldm + jb;
        for (int l = 0; l < w; l++) acc[l] += xp * row[l];
      }
      for (int l = 0; l < w; l++) {
        float *d = y + (ptrdiff_t)(jb + l) * incy + (ptrdiff_t)v * incv;
        *d = beta == 0.0f ? alpha * acc[l] : alpha * acc[l] + beta * *d;
      }
    }
  }
}

typedef struct {
  gemm_skinny_fn fn;
  int len, k, nv, grain;
  const float *M, *X;
  size_t ldm;
  float *y;
  ptrdiff_t incy, incv;
  float alpha, beta;
} skinny_job;

static void skinny_task(void *p, int tid, int n) {
  const skinny_job *g = p;
  size_t lo, hi;
  pool_split((size_t)g->len, (size_t)g->grain, tid, n, &lo, &hi);
  if (lo < hi) g->fn((int)lo, (int)hi, g->k, g->M, g->ldm, g->X, g->nv, g->y, g->incy, g->incv, g->alpha, g->beta);
}

/* X[v·k + p] = S[p·lds + v] for v < nv ≤ SKINNY: the first nv columns of a k-row matrix as contiguous vectors. One
 * loop per count, so that the compiler turns its grouped loads into vector loads and shuffles. */
AEKIT_CLONES static void gather_columns(const float *restrict S, int lds, int k, int nv, float *restrict X) {
  float *x0 = X, *x1 = X + k, *x2 = X + 2 * (size_t)k, *x3 = X + 3 * (size_t)k;
  if (lds == nv && nv == 2)
    for (int p = 0; p < k; p++) x0[p] = S[2 * p], x1[p] = S[2 * p + 1];
  else if (lds == nv && nv == 4)
    for (int p = 0; p < k; p++) x0[p] = S[4 * p], x1[p] = S[4 * p + 1], x2[p] = S[4 * p + 2], x3[p] = S[4 * p + 3];
  else
    for (int p = 0; p < k; p++)
      for (int v = 0; v < nv; v++) X[(size_t)v * k + p] = S[(size_t)p * lds + v];
}

/* Scratch vectors up to this many floats live on the stack. */
#define SKINNY_STACK 4096

/* C = alpha·op(A)·op(B) + beta·C for n ≤ SKINNY or m ≤ SKINNY. Returns 0 when it cannot get the scratch vectors
 * (the caller then runs the tiled path). */
static int gemm_skinny(const gemm_isa_desc *d, int transA, int transB, int m, int n, int k, float alpha, const float *A,
                       const float *B, float beta, float *C) {
  const int byColumns = n <= SKINNY, nv = byColumns ? n : m;
  /* The vectors are already contiguous, k floats apart, unless they are columns of a stored matrix of several. */
  const int gather = byColumns ? !transB && n > 1 : transA && m > 1;
  float stack[SKINNY_STACK], *heap = NULL, *X = stack;
  if (gather && (size_t)k * nv > SKINNY_STACK && (X = heap = malloc((size_t)k * nv * sizeof(float))) == NULL) return 0;
  const float *vectors = X;
  skinny_job g = { NULL, 0, k, nv, 0, NULL, NULL, 0, C, 0, 0, alpha, beta };
  if (byColumns) {
    /* Vector v = column v of op(B); C[i, v] = op(A)[i,:]·vector v. */
    if (gather) gather_columns(B, n, k, nv, X);
    else vectors = B;
    g.len = m, g.M = A, g.incy = n, g.incv = 1;
    if (!transA) g.fn = d->dots ? d->dots : dots_portable, g.ldm = (size_t)k, g.grain = 8;   /* A's rows · vectors */
    else g.fn = d->axpys ? d->axpys : axpys_portable, g.ldm = (size_t)m, g.grain = 64;       /* A stored k×m */
  } else {
    /* Vector v = row v of op(A); C[v, j] = vector v·op(B)[:, j]. */
    if (gather) gather_columns(A, m, k, nv, X);
    else vectors = A;
    g.len = n, g.M = B, g.incy = 1, g.incv = n;
    if (transB) g.fn = d->dots ? d->dots : dots_portable, g.ldm = (size_t)k, g.grain = 8;    /* B's rows (n×k) · vectors */
    else g.fn = d->axpys ? d->axpys : axpys_portable, g.ldm = (size_t)n, g.grain = 64;       /* B stored k×n */
  }
  g.X = vectors;
  const double macs = (double)m * n * k;
  int threads = macs < GEMM_PAR_MIN_MACS ? 1 : pool_threads();
  const int units = (g.len + g.grain - 1) / g.grain;
  if (threads > units) threads = units;
  if (threads <= 1) skinny_task(&g, 0, 1);
  else pool_run(skinny_task, &g, threads);
  free(heap);
  return 1;
}

/* ---- rank-k updates: k ≤ GEMM_RANKK_MAX ----
 * With two or three terms per element, a tiled product spends its time entering micro-kernels and packing, and
 * the product is bound by writing C: each row of C is written once, as k scaled rows of op(B) summed. */

AEKIT_CLONES static void rankk_portable(int i0, int i1, int n, int k, const float *A, ptrdiff_t rsa, ptrdiff_t csa,
                                        const float *R, size_t ldr, float *C, size_t ldc, float alpha, float beta) {
  for (int i = i0; i < i1; i++) {
    float *restrict c = C + (size_t)i * ldc;
    const float a0 = alpha * A[(ptrdiff_t)i * rsa];
    if (beta == 0.0f) for (int j = 0; j < n; j++) c[j] = a0 * R[j];
    else for (int j = 0; j < n; j++) c[j] = a0 * R[j] + beta * c[j];
    for (int p = 1; p < k; p++) {
      const float ap = alpha * A[(ptrdiff_t)i * rsa + (ptrdiff_t)p * csa], *restrict r = R + (size_t)p * ldr;
      for (int j = 0; j < n; j++) c[j] += ap * r[j];
    }
  }
}

typedef struct {
  gemm_rankk_fn fn;
  int m, n, k;
  const float *A, *R;
  ptrdiff_t rsa, csa;
  size_t ldr;
  float *C;
  float alpha, beta;
} rankk_job;

static void rankk_task(void *p, int tid, int nthreads) {
  const rankk_job *g = p;
  size_t lo, hi;
  pool_split((size_t)g->m, 4, tid, nthreads, &lo, &hi);
  if (lo < hi) g->fn((int)lo, (int)hi, g->n, g->k, g->A, g->rsa, g->csa, g->R, g->ldr, g->C, (size_t)g->n, g->alpha, g->beta);
}

/* C = alpha·op(A)·op(B) + beta·C for k ≤ GEMM_RANKK_MAX. Returns 0 when it cannot get the scratch rows of a
 * transposed B (the caller then runs the tiled path). */
static int gemm_rankk(const gemm_isa_desc *d, int transA, int transB, int m, int n, int k, float alpha, const float *A,
                      const float *B, float beta, float *C) {
  float *R = NULL;
  if (transB) {
    /* op(B)'s rows are B's columns (B is n×k): k·n floats to gather, against m·n·k multiply-adds. */
    R = malloc((size_t)k * n * sizeof(float));
    if (R == NULL) return 0;
    for (int j = 0; j < n; j++)
      for (int p = 0; p < k; p++) R[(size_t)p * n + j] = B[(size_t)j * k + p];
  }
  rankk_job g = { d->rankk ? d->rankk : rankk_portable, m, n, k, A, transB ? R : B,
                  transA ? 1 : k, transA ? m : 1, (size_t)n, C, alpha, beta };
  int threads = (double)m * n * k < GEMM_PAR_MIN_MACS ? 1 : pool_threads();
  if (threads > (m + 3) / 4) threads = (m + 3) / 4;
  if (threads <= 1) rankk_task(&g, 0, 1);
  else pool_run(rankk_task, &g, threads);
  free(R);
  return 1;
}

static void scale_rows(float *C, size_t count, float beta) {
  if (beta == 0.0f) memset(C, 0, count * sizeof(float));
  else if (beta != 1.0f) for (size_t i = 0; i < count; i++) C[i] *= beta;
}

void aekit_sgemm(int transA, int transB, int m, int n, int k, float alpha, const float *A, const float *B,
                 float beta, float *C) {
  if (m <= 0 || n <= 0) return;
  if (k <= 0 || alpha == 0.0f) { scale_rows(C, (size_t)m * n, beta); return; }
  if ((n <= SKINNY || m <= SKINNY) && gemm_skinny(isa(), transA, transB, m, n, k, alpha, A, B, beta, C)) return;
  if (k <= GEMM_RANKK_MAX && gemm_rankk(isa(), transA, transB, m, n, k, alpha, A, B, beta, C)) return;
  gemm_job j = { isa(), transA, transB, m, n, k, alpha, beta, A, B, C, 0, 0 };
  int unitsM = (m + j.isa->mr - 1) / j.isa->mr, unitsN = (n + j.isa->nr - 1) / j.isa->nr;
  double macs = (double)m * n * k;
  int threads = macs < GEMM_PAR_MIN_MACS ? 1 : pool_threads();
  if (threads > 1 && macs / threads < GEMM_PAR_MIN_MACS / 2) threads = (int)(macs / (GEMM_PAR_MIN_MACS / 2));
  /* Splitting columns makes every thread pack all of op(A) (m·k floats); splitting rows, all of op(B). */
  j.splitN = m <= n ? unitsN >= threads || unitsN >= unitsM : !(unitsM >= threads || unitsM >= unitsN);
  j.units = j.splitN ? unitsN : unitsM;
  if (threads > j.units) threads = j.units;
  if (threads <= 1) gemm_task(&j, 0, 1);
  else pool_run(gemm_task, &j, threads);
}
