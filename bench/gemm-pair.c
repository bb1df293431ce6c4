/* aekit's native SGEMM and OpenBLAS's cblas_sgemm in one process, called in alternation on the same operands, so
 * that a loaded or throttling machine slows both alike and their ratio stays meaningful. A development tool for
 * the GEMM kernels (npm run bench measures through the Node backend):
 *   cc -O2 -pthread -Icsrc bench/gemm-pair.c csrc/gemm.c csrc/gemm_x86.c csrc/gemm_scalar.c csrc/pool.c -lopenblas -lm -o /tmp/gemm-pair
 *   OPENBLAS_CORETYPE=Haswell OPENBLAS_NUM_THREADS=1 /tmp/gemm-pair avx2 1 [tA tB m n k]...
 * Prints, per shape, the median GFLOP/s of each and aekit's fraction of OpenBLAS, then the same for the best run of
 * each (on a shared machine the best runs are the ones least disturbed). */
#include <cblas.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "aekit.h"

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static int cmp(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

#define REPS 301

static const int DEFAULT_SHAPES[][5] = {
  { 0, 0, 128, 512, 784 }, { 1, 0, 784, 512, 128 }, { 0, 1, 128, 784, 512 },
  { 0, 0, 128, 40, 512 }, { 1, 0, 512, 40, 128 }, { 0, 1, 128, 512, 40 },
  { 0, 0, 128, 512, 20 }, { 1, 0, 20, 512, 128 }, { 0, 1, 128, 20, 512 },
  { 0, 0, 1024, 1024, 1024 },
};

int main(int argc, char **argv) {
  if (argc < 3) { fprintf(stderr, "usage: gemm-pair ISA THREADS [tA tB m n k]...\n"); return 2; }
  if (aekit_isa_select(argv[1]) != 0) { fprintf(stderr, "ISA %s not available\n", argv[1]); return 2; }
  aekit_set_threads(atoi(argv[2]));
  int nshapes = (argc - 3) / 5;
  int (*shapes)[5] = malloc(sizeof(int[5]) * (nshapes ? nshapes : 10));
  if (nshapes == 0) { nshapes = 10; for (int s = 0; s < 10; s++) for (int i = 0; i < 5; i++) shapes[s][i] = DEFAULT_SHAPES[s][i]; }
  else for (int s = 0; s < nshapes; s++) for (int i = 0; i < 5; i++) shapes[s][i] = atoi(argv[3 + 5 * s + i]);
  printf("%-26s %9s %9s %7s   (best runs: %s)\n", "shape (tA tB m n k)", "aekit", "openblas", "ratio", "aekit openblas ratio");
  for (int s = 0; s < nshapes; s++) {
    int tA = shapes[s][0], tB = shapes[s][1], m = shapes[s][2], n = shapes[s][3], k = shapes[s][4];
    float *a = malloc(sizeof(float) * m * k), *b = malloc(sizeof(float) * k * n), *c = malloc(sizeof(float) * m * n);
    for (int i = 0; i < m * k; i++) a[i] = (float)((i * 7919) % 1000) / 1000.0f - 0.5f;
    for (int i = 0; i < k * n; i++) b[i] = (float)((i * 104729) % 1000) / 1000.0f - 0.5f;
    double ta[REPS], tb[REPS];
    int reps = m * (double)n * k > 1e8 ? 31 : REPS;
    for (int r = -10; r < reps; r++) {
      double t0 = now_ms();
      aekit_sgemm(tA, tB, m, n, k, 1.0f, a, b, 0.0f, c);
      double t1 = now_ms();
      cblas_sgemm(CblasRowMajor, tA ? CblasTrans : CblasNoTrans, tB ? CblasTrans : CblasNoTrans, m, n, k, 1.0f, a,
                  tA ? m : k, b, tB ? k : n, 0.0f, c, n);
      double t2 = now_ms();
      if (r >= 0) { ta[r] = t1 - t0; tb[r] = t2 - t1; }
    }
    qsort(ta, reps, sizeof(double), cmp);
    qsort(tb, reps, sizeof(double), cmp);
    double flop = 2.0 * m * n * k, ga = flop / (ta[reps / 2] * 1e6), gb = flop / (tb[reps / 2] * 1e6);
    char name[64];
    snprintf(name, sizeof name, "%d %d %d %d %d", tA, tB, m, n, k);
    double ba = flop / (ta[0] * 1e6), bb = flop / (tb[0] * 1e6);
    printf("%-26s %9.1f %9.1f %6.0f%%   %9.1f %9.1f %6.0f%%\n", name, ga, gb, 100 * ga / gb, ba, bb, 100 * ba / bb);
    free(a), free(b), free(c);
  }
  return 0;
}
