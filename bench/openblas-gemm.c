/* The peer for aekit's GEMM numbers where OpenBLAS is installed (Debian: libopenblas-dev): a small server that
 * npm run bench starts once per OpenBLAS kernel (OPENBLAS_CORETYPE) and asks, between its own measurements,
 * to time cblas_sgemm on one shape. It prints "ready <core name>", then answers each line "tA tB m n k reps" with
 * "<median ms> <best ms>" over `reps` calls after two warm-up calls. Operands are kept per shape. */
#include <cblas.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

char *openblas_get_corename(void);

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static int cmp(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

int main(void) {
  printf("ready %s\n", openblas_get_corename());
  fflush(stdout);
  char line[256];
  while (fgets(line, sizeof line, stdin)) {
    int tA, tB, m, n, k, reps;
    if (sscanf(line, "%d %d %d %d %d %d", &tA, &tB, &m, &n, &k, &reps) != 6 || m <= 0 || n <= 0 || k <= 0 || reps <= 0) {
      printf("error\n");
      fflush(stdout);
      continue;
    }
    float *a = malloc(sizeof(float) * m * k), *b = malloc(sizeof(float) * k * n), *c = malloc(sizeof(float) * m * n);
    double *t = malloc(sizeof(double) * reps);
    for (int i = 0; i < m * k; i++) a[i] = (float)((i * 7919) % 1000) / 1000.0f - 0.5f;
    for (int i = 0; i < k * n; i++) b[i] = (float)((i * 104729) % 1000) / 1000.0f - 0.5f;
    for (int r = -2; r < reps; r++) {
      double t0 = now_ms();
      cblas_sgemm(CblasRowMajor, tA ? CblasTrans : CblasNoTrans, tB ? CblasTrans : CblasNoTrans, m, n, k, 1.0f, a,
                  tA ? m : k, b, tB ? k : n, 0.0f, c, n);
      if (r >= 0) t[r] = now_ms() - t0;
    }
    qsort(t, reps, sizeof(double), cmp);
    printf("%.6f %.6f\n", t[reps / 2], t[0]);
    fflush(stdout);
    free(a), free(b), free(c), free(t);
  }
  return 0;
}
