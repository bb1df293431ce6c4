/* im2col and its adjoint col2im for one C×H×W image, with zero padding, stride and dilation. */
#include <string.h>

#include "aekit.h"
#include "clones.h"

AEKIT_CLONES void aekit_im2col(const float *x, const aekit_conv_geom *g, float *out) {
  const size_t L = (size_t)g->outH * g->outW;
  size_t row = 0;
  for (int c = 0; c < g->channels; c++) {
    for (int ki = 0; ki < g->kernelH; ki++) {
      for (int kj = 0; kj < g->kernelW; kj++, row++) {
        float *dst = out + row * L;
        for (int oy = 0; oy < g->outH; oy++, dst += g->outW) {
          const int y = oy * g->strideH - g->padH + ki * g->dilationH;
          if (y < 0 || y >= g->height) { memset(dst, 0, (size_t)g->outW * sizeof(float)); continue; }
          const float *src = x + ((size_t)c * g->height + y) * g->width;
          for (int ox = 0; ox < g->outW; ox++) {
            const int xx = ox * g->strideW - g->padW + kj * g->dilationW;
            dst[ox] = xx >= 0 && xx < g->width ? src[xx] : 0.0f;
          }
        }
      }
    }
  }
}

AEKIT_CLONES void aekit_col2im(const float *cols, const aekit_conv_geom *g, float *out) {
  memset(out, 0, (size_t)g->channels * g->height * g->width * sizeof(float));
  const size_t L = (size_t)g->outH * g->outW;
  size_t row = 0;
  for (int c = 0; c < g->channels; c++) {
    for (int ki = 0; ki < g->kernelH; ki++) {
      for (int kj = 0; kj < g->kernelW; kj++, row++) {
        const float *src = cols + row * L;
        for (int oy = 0; oy < g->outH; oy++, src += g->outW) {
          const int y = oy * g->strideH - g->padH + ki * g->dilationH;
          if (y < 0 || y >= g->height) continue;
          float *dst = out + ((size_t)c * g->height + y) * g->width;
          for (int ox = 0; ox < g->outW; ox++) {
            const int xx = ox * g->strideW - g->padW + kj * g->dilationW;
            if (xx >= 0 && xx < g->width) dst[xx] += src[ox];
          }
        }
      }
    }
  }
}
