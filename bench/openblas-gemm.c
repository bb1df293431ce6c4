/* The peer for aekit's GEMM numbers where OpenBLAS is installed (Debian: libopenblas-dev): times cblas_sgemm
 * on the shapes given as arguments ("tA tB m n k" groups) and prints one JSON array of GFLOP/s (median). */
#include <cblas.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static int cmp(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

int main(int argc, char **argv) {
  printf("[");
  for (int s = 1; s + 4 < argc; s += 5) {
    int tA = atoi(argv[s]), tB = atoi(argv[s + 1]), m = atoi(argv[s + 2]), n = atoi(argv[s + 3]), k = atoi(argv[s + 4]);
    float *a = malloc(sizeof(float) * m * k), *b = malloc(sizeof(float) * k * n), *c = malloc(sizeof(float) * m * n);
    for (int i = 0; i < m * k; i++) a[i] = (float)((i * 7919) % 1000) / 1000.0f - 0.5f;
    for (int i = 0; i < k * n; i++) b[i] = (float)((i * 104729) % 1000) / 1000.0f - 0.5f;
    double samples[200];
    int reps = 0;
    double start = now_ms();
    for (int w = 0; w < 3; w++)
      cblas_sgemm(CblasRowMajor, tA ? CblasTrans : CblasNoTrans, tB ? CblasTrans : CblasNoTrans, m, n, k, 1.0f, a,
                  tA ? m : k, b, tB ? k : n, 0.0f, c, n);
    start = now_ms();
    while (reps < 200 && (reps < 5 || now_ms() - start < 1500)) {
      double t0 = now_ms();
      cblas_sgemm(CblasRowMajor, tA ? CblasTrans : CblasNoTrans, tB ? CblasTrans : CblasNoTrans, m, n, k, 1.0f, a,
                  tA ? m : k, b, tB ? k : n, 0.0f, c, n);
      samples[reps++] = now_ms() - t0;
    }
    qsort(samples, reps, sizeof(double), cmp);
    printf("%s%.2f", s > 1 ? "," : "", 2.0 * m * n * k / (samples[reps / 2] * 1e6));
    free(a), free(b), free(c);
  }
  printf("]\n");
  return 0;
}
