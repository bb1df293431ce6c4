/* Branch-free float32 exp, log, log1p, expm1, tanh, fmax and fmin for the WebAssembly build, force-included into every
 * source (wasm/build.sh: -include csrc/wasm_math.h) so that the shared kernels' calls to expf, logf, ...
 * resolve here instead of to musl's scalar libm. Being inline, select-based and call-free, the elementwise
 * loops of elementwise.c and fused.c vectorise four lanes wide (libm ran at 3-11 ns per element).
 *
 * Accuracy: within a few float32 ulp of the correctly rounded result over the whole range (tested against
 * the JS reference in src/backend/wasm-backend.test.ts); ±Inf, NaN, ±0 and subnormals as in C99 Annex F.
 * Method: Cody-Waite reduction to |r| <= ln2/2 and a degree-7 Taylor polynomial for exp; log from the
 * exponent and 2·atanh((m-1)/(m+1)) for the mantissa m in [sqrt(1/2), sqrt(2)); log1p and expm1 correct
 * the cancellation near 0 (Goldberg's log1p trick; a Taylor series for |x| < 1/2). */
#ifndef AEKIT_WASM_MATH_H
#define AEKIT_WASM_MATH_H

#include <math.h>
#include <stdint.h>

static inline float aekit_f32_from_bits(int32_t i) { union { int32_t i; float f; } u = { i }; return u.f; }
static inline int32_t aekit_bits_from_f32(float f) { union { float f; int32_t i; } u = { f }; return u.i; }

/* C's fmaxf/fminf ignore a NaN operand, which wasm's f32.max/min do not, so the compiler calls libm for them
 * (and a loop with a call does not vectorise); as selects they vectorise. */
static inline float aekit_fmaxf(float a, float b) { return a != a ? b : b != b ? a : a > b ? a : b; }
static inline float aekit_fminf(float a, float b) { return a != a ? b : b != b ? a : a < b ? a : b; }

static inline float aekit_expf(float x) {
  const float xc = x > 89.0f ? 89.0f : x < -104.0f ? -104.0f : x; /* beyond: overflow to Inf, underflow to 0 */
  /* Round to nearest by adding and subtracting 1.5·2^23 (rintf would not vectorise: no f32x4 rint lowering). */
  const float n = (xc * 1.44269504088896341f + 12582912.0f) - 12582912.0f;
  const float r = (xc - n * 0.693359375f) - n * -2.12194440e-4f; /* ln2 split so that n·ln2_hi is exact */
  const float p = 1.0f + r * (1.0f + r * (0.5f + r * (1.0f / 6 + r * (1.0f / 24 + r * (1.0f / 120 +
                  r * (1.0f / 720 + r * (1.0f / 5040)))))));
  /* 2^n in two factors, each a normal float, so results down to the subnormals round once. */
  const int32_t ni = (int32_t)n, n1 = ni >> 1, n2 = ni - n1;
  const float y = p * aekit_f32_from_bits((n1 + 127) << 23) * aekit_f32_from_bits((n2 + 127) << 23);
  return x != x ? x : y;
}

static inline float aekit_logf(float x) {
  const int tiny = x < 1.17549435e-38f; /* subnormal (or <= 0): scale into the normal range first */
  const float xs = tiny ? x * 8388608.0f : x;
  const int32_t bits = aekit_bits_from_f32(xs);
  float e = (float)(((bits >> 23) & 0xff) - 127 - (tiny ? 23 : 0));
  float m = aekit_f32_from_bits((bits & 0x7fffff) | 0x3f800000); /* [1, 2) */
  const int big = m > 1.41421356f;
  m = big ? m * 0.5f : m;
  e = big ? e + 1.0f : e;
  const float s = (m - 1.0f) / (m + 1.0f), z = s * s;
  const float r = 2.0f * s * (1.0f + z * (1.0f / 3 + z * (1.0f / 5 + z * (1.0f / 7 + z * (1.0f / 9)))));
  const float y = e * 0.693359375f + (r + e * -2.12194440e-4f);
  return x != x || x < 0.0f ? NAN : x == 0.0f ? -INFINITY : x == INFINITY ? x : y;
}

static inline float aekit_log1pf(float x) {
  /* log(u)·x/(u − 1) with u = 1 + x cancels the rounding of u (Goldberg 1991, Theorem 4). */
  const float u = 1.0f + x;
  const float y = aekit_logf(u) * (x / (u - 1.0f));
  return u == 1.0f ? x : x == INFINITY ? x : y;
}

static inline float aekit_expm1f(float x) {
  const float t = x * (1.0f + x * (0.5f + x * (1.0f / 6 + x * (1.0f / 24 + x * (1.0f / 120 + x * (1.0f / 720 +
                  x * (1.0f / 5040 + x * (1.0f / 40320 + x * (1.0f / 362880)))))))));
  return fabsf(x) < 0.5f ? t : aekit_expf(x) - 1.0f;
}

static inline float aekit_tanhf(float x) {
  float a = fabsf(x);
  a = a > 10.0f ? 10.0f : a; /* tanh rounds to 1 beyond ~9.01; NaN stays NaN */
  const float t = aekit_expm1f(2.0f * a);
  return copysignf(t / (t + 2.0f), x);
}

#define fmaxf(a, b) aekit_fmaxf(a, b)
#define fminf(a, b) aekit_fminf(a, b)
#define expf(x) aekit_expf(x)
#define logf(x) aekit_logf(x)
#define log1pf(x) aekit_log1pf(x)
#define expm1f(x) aekit_expm1f(x)
#define tanhf(x) aekit_tanhf(x)

#endif
