/* im2col and its adjoint col2im for a batch of C×H×W images, with zero padding, stride and dilation. The columns
 * matrix is (C·kh·kw) × (images·outH·outW): image n's columns start at column n·outH·outW, so one GEMM covers the
 * whole batch. Threads take whole images (col2im) or whole rows (im2col), so results do not depend on them. */
#include <string.h>

#include "aekit.h"
#include "clones.h"
#include "pool.h"

/* Work below this many column entries stays on the calling thread. */
#define PAR_MIN ((size_t)1 << 16)

typedef struct { const float *x; const aekit_conv_geom *g; float *out; int images; } conv_job;

/* The output columns ox whose input column x0 + ox·stride lies in [0, width): [*lo, *hi). */
static void valid_columns(int x0, int stride, int width, int outW, int *lo, int *hi) {
  int a = x0 >= 0 ? 0 : (-x0 + stride - 1) / stride;
  int b = x0 >= width ? 0 : (width - 1 - x0) / stride + 1;
  if (b > outW) b = outW;
  if (a > b) a = b;
  *lo = a;
  *hi = b;
}

/* The output rows oy whose input row oy·stride + y0 lies in [0, height): [*lo, *hi) (valid_columns, for rows). */
#define valid_rows valid_columns

/* Rows [r0, r1) of the columns, for every image: row (c, ki, kj) reads channel c shifted by (ki, kj). The valid
 * output rows and columns of a row are worked out once, so the loops over pixels have no bounds checks. */
AEKIT_CLONES static void im2col_rows(const conv_job *j, size_t r0, size_t r1) {
  const aekit_conv_geom *g = j->g;
  const size_t L = (size_t)g->outH * g->outW, ld = L * (size_t)j->images, image = (size_t)g->channels * g->height * g->width;
  const int kk = g->kernelH * g->kernelW, outW = g->outW, sw = g->strideW;
  for (size_t row = r0; row < r1; row++) {
    const int c = (int)(row / (size_t)kk), ki = (int)(row % (size_t)kk) / g->kernelW, kj = (int)(row % (size_t)kk) % g->kernelW;
    const int y0 = ki * g->dilationH - g->padH, x0 = kj * g->dilationW - g->padW;
    int ylo, yhi, xlo, xhi;
    valid_rows(y0, g->strideH, g->height, g->outH, &ylo, &yhi);
    valid_columns(x0, sw, g->width, outW, &xlo, &xhi);
    for (int n = 0; n < j->images; n++) {
      float *dst = j->out + row * ld + (size_t)n * L;
      const float *plane = j->x + (size_t)n * image + (size_t)c * g->height * g->width;
      memset(dst, 0, (size_t)ylo * outW * sizeof(float));
      for (int oy = ylo; oy < yhi; oy++) {
        float *d = dst + (size_t)oy * outW;
        const float *src = plane + (size_t)(oy * g->strideH + y0) * g->width + x0;
        for (int ox = 0; ox < xlo; ox++) d[ox] = 0.0f;
        if (sw == 1) memcpy(d + xlo, src + xlo, (size_t)(xhi - xlo) * sizeof(float));
        else for (int ox = xlo; ox < xhi; ox++) d[ox] = src[ox * sw];
        for (int ox = xhi; ox < outW; ox++) d[ox] = 0.0f;
      }
      memset(dst + (size_t)yhi * outW, 0, (size_t)(g->outH - yhi) * outW * sizeof(float));
    }
  }
}

static void im2col_task(void *p, int tid, int n) {
  const conv_job *j = p;
  size_t r0, r1;
  pool_split((size_t)j->g->channels * j->g->kernelH * j->g->kernelW, 1, tid, n, &r0, &r1);
  im2col_rows(j, r0, r1);
}

/* Images [n0, n1): zero each, then add every column back onto the pixel it came from. */
AEKIT_CLONES static void col2im_images(const conv_job *j, int n0, int n1) {
  const aekit_conv_geom *g = j->g;
  const size_t L = (size_t)g->outH * g->outW, ld = L * (size_t)j->images, image = (size_t)g->channels * g->height * g->width;
  const int outW = g->outW, sw = g->strideW;
  for (int n = n0; n < n1; n++) {
    float *img = j->out + (size_t)n * image;
    memset(img, 0, image * sizeof(float));
    size_t row = 0;
    for (int c = 0; c < g->channels; c++) {
      for (int ki = 0; ki < g->kernelH; ki++) {
        const int y0 = ki * g->dilationH - g->padH;
        int ylo, yhi;
        valid_rows(y0, g->strideH, g->height, g->outH, &ylo, &yhi);
        for (int kj = 0; kj < g->kernelW; kj++, row++) {
          const int x0 = kj * g->dilationW - g->padW;
          int xlo, xhi;
          valid_columns(x0, sw, g->width, outW, &xlo, &xhi);
          const float *src = j->x + row * ld + (size_t)n * L;
          for (int oy = ylo; oy < yhi; oy++) {
            float *d = img + ((size_t)c * g->height + (size_t)(oy * g->strideH + y0)) * g->width + x0;
            const float *s = src + (size_t)oy * outW;
            for (int ox = xlo; ox < xhi; ox++) d[ox * sw] += s[ox];
          }
        }
      }
    }
  }
}

static void col2im_task(void *p, int tid, int n) {
  const conv_job *j = p;
  size_t n0, n1;
  pool_split((size_t)j->images, 1, tid, n, &n0, &n1);
  col2im_images(j, (int)n0, (int)n1);
}

static int conv_threads(const aekit_conv_geom *g, int images, size_t units) {
  const size_t entries = (size_t)g->channels * g->kernelH * g->kernelW * g->outH * g->outW * (size_t)images;
  int t = entries >= PAR_MIN ? pool_threads() : 1;
  if ((size_t)t > units) t = (int)units;
  return t < 1 ? 1 : t;
}

void aekit_im2col(const float *x, const aekit_conv_geom *g, float *out, int images) {
  conv_job j = { x, g, out, images };
  const size_t rows = (size_t)g->channels * g->kernelH * g->kernelW;
  int t = conv_threads(g, images, rows);
  if (t <= 1) im2col_rows(&j, 0, rows);
  else pool_run(im2col_task, &j, t);
}

void aekit_col2im(const float *cols, const aekit_conv_geom *g, float *out, int images) {
  conv_job j = { cols, g, out, images };
  int t = conv_threads(g, images, (size_t)images);
  if (t <= 1) col2im_images(&j, 0, images);
  else pool_run(col2im_task, &j, t);
}
