/* x86 instantiations of vmath_simd.h: AVX-512F (8 doubles per zmm) and AVX2+FMA (4 per ymm), compiled for their
 * ISA with target attributes, like the GEMM micro-kernels, and chosen at run time by the GEMM path in use. */
#if defined(__x86_64__) || defined(__i386__)
#include <string.h>

#include "aekit.h"
#include "vmath.h"

vmath_level vmath_current(void) {
  const char *isa = aekit_isa_current();
  return strcmp(isa, "avx512") == 0 ? VMATH_AVX512 : strcmp(isa, "avx2") == 0 ? VMATH_AVX2 : VMATH_SCALAR;
}

int vmath_has_unary(int op) {
  switch (op) {
    case U_EXP: case U_LOG: case U_LOG1P: case U_EXPM1: case U_SIGMOID: case U_TANH: case U_SOFTPLUS:
    case U_LOGSIGMOID: case U_ELU: return 1;
    default: return 0;
  }
}

#include <immintrin.h>

/* ---- AVX-512F ---- */
#define VMATH_FN static inline __attribute__((target("avx512f")))
#define VD __m512d
#define VM __mmask8
#define W 8
#define PFX(name) a5_##name
#define LOADF(p) _mm512_cvtps_pd(_mm256_loadu_ps(p))
#define STOREF(p, v) _mm256_storeu_ps((p), _mm512_cvtpd_ps(v))
#define SET1(c) _mm512_set1_pd(c)
#define ADD _mm512_add_pd
#define SUB _mm512_sub_pd
#define MUL _mm512_mul_pd
#define DIV _mm512_div_pd
#define SQRT _mm512_sqrt_pd
#define FMA _mm512_fmadd_pd
#define FNMA _mm512_fnmadd_pd
#define MAX _mm512_max_pd
#define MIN _mm512_min_pd
#define ROUND(v) _mm512_roundscale_pd((v), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC)
#define LT(a, b) _mm512_cmp_pd_mask((a), (b), _CMP_LT_OQ)
#define LE(a, b) _mm512_cmp_pd_mask((a), (b), _CMP_LE_OQ)
#define GT(a, b) _mm512_cmp_pd_mask((a), (b), _CMP_GT_OQ)
#define EQ(a, b) _mm512_cmp_pd_mask((a), (b), _CMP_EQ_OQ)
#define NAN_(a) _mm512_cmp_pd_mask((a), (a), _CMP_UNORD_Q)
#define MOR(a, b) ((__mmask8)((a) | (b)))
#define BLEND(m, a, b) _mm512_mask_blend_pd((m), (a), (b))
#define I64(v) _mm512_castpd_si512(v)
#define F64(v) _mm512_castsi512_pd(v)
#define AND(a, b) F64(_mm512_and_si512(I64(a), I64(b)))
#define OR(a, b) F64(_mm512_or_si512(I64(a), I64(b)))
#define XOR(a, b) F64(_mm512_xor_si512(I64(a), I64(b)))
#define ANDNOT(a, b) F64(_mm512_andnot_si512(I64(a), I64(b)))
#define SHL52(v) F64(_mm512_slli_epi64(I64(v), 52))
#define EXPONENT_BITS(x) F64(_mm512_or_si512(_mm512_srli_epi64(I64(x), 52), I64(SET1(0x1p52))))
#define MANTISSA_1_2(x) F64(_mm512_or_si512(_mm512_and_si512(I64(x), _mm512_set1_epi64(0x000FFFFFFFFFFFFFLL)), I64(SET1(1.0))))
#include "vmath_simd.h"
#undef VD
#undef VM
#undef W
#undef PFX
#undef LOADF
#undef STOREF
#undef SET1
#undef ADD
#undef SUB
#undef MUL
#undef DIV
#undef SQRT
#undef FMA
#undef FNMA
#undef MAX
#undef MIN
#undef ROUND
#undef LT
#undef LE
#undef GT
#undef EQ
#undef NAN_
#undef MOR
#undef BLEND
#undef I64
#undef F64
#undef AND
#undef OR
#undef XOR
#undef ANDNOT
#undef SHL52
#undef EXPONENT_BITS
#undef MANTISSA_1_2
#undef VMATH_FN

/* ---- AVX2 + FMA ---- */
#define VMATH_FN static inline __attribute__((target("avx2,fma")))
#define VD __m256d
#define VM __m256d
#define W 4
#define PFX(name) a2_##name
#define LOADF(p) _mm256_cvtps_pd(_mm_loadu_ps(p))
#define STOREF(p, v) _mm_storeu_ps((p), _mm256_cvtpd_ps(v))
#define SET1(c) _mm256_set1_pd(c)
#define ADD _mm256_add_pd
#define SUB _mm256_sub_pd
#define MUL _mm256_mul_pd
#define DIV _mm256_div_pd
#define SQRT _mm256_sqrt_pd
#define FMA _mm256_fmadd_pd
#define FNMA _mm256_fnmadd_pd
#define MAX _mm256_max_pd
#define MIN _mm256_min_pd
#define ROUND(v) _mm256_round_pd((v), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC)
#define LT(a, b) _mm256_cmp_pd((a), (b), _CMP_LT_OQ)
#define LE(a, b) _mm256_cmp_pd((a), (b), _CMP_LE_OQ)
#define GT(a, b) _mm256_cmp_pd((a), (b), _CMP_GT_OQ)
#define EQ(a, b) _mm256_cmp_pd((a), (b), _CMP_EQ_OQ)
#define NAN_(a) _mm256_cmp_pd((a), (a), _CMP_UNORD_Q)
#define MOR _mm256_or_pd
#define BLEND(m, a, b) _mm256_blendv_pd((a), (b), (m))
#define I64(v) _mm256_castpd_si256(v)
#define F64(v) _mm256_castsi256_pd(v)
#define AND _mm256_and_pd
#define OR _mm256_or_pd
#define XOR _mm256_xor_pd
#define ANDNOT _mm256_andnot_pd
#define SHL52(v) F64(_mm256_slli_epi64(I64(v), 52))
#define EXPONENT_BITS(x) F64(_mm256_or_si256(_mm256_srli_epi64(I64(x), 52), I64(SET1(0x1p52))))
#define MANTISSA_1_2(x) F64(_mm256_or_si256(_mm256_and_si256(I64(x), _mm256_set1_epi64x(0x000FFFFFFFFFFFFFLL)), I64(SET1(1.0))))
#include "vmath_simd.h"

int vmath_unary(vmath_level lv, int op, const float *x, float *out, size_t n, double p0) {
  if (lv == VMATH_AVX512) return a5_unary(op, x, out, n, p0);
  if (lv == VMATH_AVX2) return a2_unary(op, x, out, n, p0);
  return 0;
}

int vmath_bce_logits(vmath_level lv, const float *a, ptrdiff_t sa, const float *b, ptrdiff_t sb, float *o, size_t n) {
  if ((sa != 0 && sa != 1) || (sb != 0 && sb != 1)) return 0;
  if (lv == VMATH_AVX512) a5_bce_logits(a, sa, b, sb, o, n);
  else if (lv == VMATH_AVX2) a2_bce_logits(a, sa, b, sb, o, n);
  else return 0;
  return 1;
}

/* ---- BCE from logits and its gradient, in float32 (for the per-row kernel of fused.c) ---- */
/* With e = exp(−|x|): loss = (max(x, 0) − x·y) + log1p(e) and grad = (x ≥ 0 ? 1 : e)/(1 + e) − y. exp by Cody-Waite
 * reduction and a degree-6 polynomial, log1p(e) = 2·atanh(e/(2 + e)) by its odd series (e/(2 + e) ≤ 1/3), each within
 * a couple of float ulp; max(x, 0) − x·y in one fused multiply-add, so a confident correct logit (x·y ≈ x) loses
 * nothing to cancellation. */
#define BCE_F32(PS, V, SET1, FMA, FNMA, MUL, ADD, SUB, DIV, MAX, ABS, ROUND, CVT, SHIFT, CAST, BLEND_NEG, BLEND_NAN, \
                BLEND_TINY)                                                                                       \
  const V ax = ABS(xv), t = SUB(SET1(0.0f), ax);                                                                  \
  const V nf = ROUND(MUL(t, SET1(1.44269504f)));                                                                  \
  const V r = FMA(nf, SET1(2.12194440e-4f), FMA(nf, SET1(-0.693359375f), t));                                      \
  V p = FMA(SET1(1.0f / 720), r, SET1(1.0f / 120));                                                               \
  p = FMA(p, r, SET1(1.0f / 24)); p = FMA(p, r, SET1(1.0f / 6)); p = FMA(p, r, SET1(0.5f));                         \
  p = FMA(p, r, SET1(1.0f)); p = FMA(p, r, SET1(1.0f));                                                             \
  V e = MUL(p, CAST(SHIFT(CVT(ADD(nf, SET1(127.0f))))));                                                          \
  e = BLEND_TINY(e);                                                                                              \
  const V sv = DIV(e, ADD(SET1(2.0f), e)), s2 = MUL(sv, sv);                                                      \
  V q = FMA(s2, SET1(1.0f / 13), SET1(1.0f / 11));                                                                \
  q = FMA(q, s2, SET1(1.0f / 9)); q = FMA(q, s2, SET1(1.0f / 7)); q = FMA(q, s2, SET1(1.0f / 5));                   \
  q = FMA(q, s2, SET1(1.0f / 3)); q = FMA(q, s2, SET1(1.0f));                                                       \
  const V l1p = MUL(ADD(sv, sv), q);                                                                              \
  const V lossv = ADD(FNMA(xv, yv, MAX(xv, SET1(0.0f))), l1p);                                                    \
  const V sig = DIV(BLEND_NEG(e), ADD(SET1(1.0f), e));                                                            \
  const V gradv = BLEND_NAN(SUB(sig, yv));

__attribute__((target("avx512f,avx512dq")))
static void a5_bce_grad(const float *x, const float *y, float *loss, float *grad, size_t n) {
  for (size_t i = 0; i < n; i += 16) {
    const __mmask16 k = n - i >= 16 ? 0xFFFF : (__mmask16)((1u << (n - i)) - 1);
    const __m512 xv = _mm512_maskz_loadu_ps(k, x + i), yv = _mm512_maskz_loadu_ps(k, y + i);
#define A5_ABS(v) _mm512_abs_ps(v)
#define A5_ROUND(v) _mm512_roundscale_ps((v), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC)
#define A5_SHIFT(v) _mm512_slli_epi32((v), 23)
#define A5_NEG(e) _mm512_mask_blend_ps(_mm512_cmp_ps_mask(xv, _mm512_setzero_ps(), _CMP_GE_OQ), (e), _mm512_set1_ps(1.0f))
#define A5_NAN(g) _mm512_mask_blend_ps(_mm512_cmp_ps_mask(xv, xv, _CMP_UNORD_Q), (g), xv)
#define A5_TINY(e) _mm512_mask_blend_ps(_mm512_cmp_ps_mask(t, _mm512_set1_ps(-87.0f), _CMP_LT_OQ), (e), _mm512_setzero_ps())
    BCE_F32(ps, __m512, _mm512_set1_ps, _mm512_fmadd_ps, _mm512_fnmadd_ps, _mm512_mul_ps, _mm512_add_ps, _mm512_sub_ps,
            _mm512_div_ps, _mm512_max_ps, A5_ABS, A5_ROUND, _mm512_cvtps_epi32, A5_SHIFT, _mm512_castsi512_ps, A5_NEG,
            A5_NAN, A5_TINY)
    _mm512_mask_storeu_ps(loss + i, k, lossv);
    if (grad) _mm512_mask_storeu_ps(grad + i, k, gradv);
  }
}

/* Full vectors only (AMD runs masked AVX2 stores in microcode); the caller does the tail. */
__attribute__((target("avx2,fma")))
static size_t a2_bce_grad(const float *x, const float *y, float *loss, float *grad, size_t n) {
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    const __m256 xv = _mm256_loadu_ps(x + i), yv = _mm256_loadu_ps(y + i);
#define A2_ABS(v) _mm256_andnot_ps(_mm256_set1_ps(-0.0f), (v))
#define A2_ROUND(v) _mm256_round_ps((v), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC)
#define A2_SHIFT(v) _mm256_slli_epi32((v), 23)
#define A2_NEG(e) _mm256_blendv_ps((e), _mm256_set1_ps(1.0f), _mm256_cmp_ps(xv, _mm256_setzero_ps(), _CMP_GE_OQ))
#define A2_NAN(g) _mm256_blendv_ps((g), xv, _mm256_cmp_ps(xv, xv, _CMP_UNORD_Q))
#define A2_TINY(e) _mm256_blendv_ps((e), _mm256_setzero_ps(), _mm256_cmp_ps(t, _mm256_set1_ps(-87.0f), _CMP_LT_OQ))
    BCE_F32(ps, __m256, _mm256_set1_ps, _mm256_fmadd_ps, _mm256_fnmadd_ps, _mm256_mul_ps, _mm256_add_ps, _mm256_sub_ps,
            _mm256_div_ps, _mm256_max_ps, A2_ABS, A2_ROUND, _mm256_cvtps_epi32, A2_SHIFT, _mm256_castsi256_ps, A2_NEG,
            A2_NAN, A2_TINY)
    _mm256_storeu_ps(loss + i, lossv);
    if (grad) _mm256_storeu_ps(grad + i, gradv);
  }
  return i;
}

size_t vmath_bce_grad(vmath_level lv, const float *x, const float *y, float *loss, float *grad, size_t n) {
  if (lv == VMATH_AVX512) { a5_bce_grad(x, y, loss, grad, n); return n; }
  if (lv == VMATH_AVX2) return a2_bce_grad(x, y, loss, grad, n);
  return 0;
}

/* ---- Adam in float32 (the operations of adam.c, in the same order) ---- */

__attribute__((target("avx512f")))
static void a5_adam(float *p, const float *g, float *m, float *v, size_t n, const vmath_adam_consts *c) {
  const __m512 b1 = _mm512_set1_ps(c->b1), ob1 = _mm512_set1_ps(c->ob1), b2 = _mm512_set1_ps(c->b2), ob2 = _mm512_set1_ps(c->ob2);
  const __m512 step = _mm512_set1_ps(c->stepSize), isb = _mm512_set1_ps(c->invSqrtBc2), decay = _mm512_set1_ps(c->decay);
  const __m512 l2 = _mm512_set1_ps(c->l2), eps = _mm512_set1_ps(c->eps);
  for (size_t i = 0; i < n; i += 16) {
    const __mmask16 k = n - i >= 16 ? 0xFFFF : (__mmask16)((1u << (n - i)) - 1);
    const __m512 pi = _mm512_maskz_loadu_ps(k, p + i);
    const __m512 gi = _mm512_add_ps(_mm512_maskz_loadu_ps(k, g + i), _mm512_mul_ps(l2, pi));
    const __m512 mi = _mm512_add_ps(_mm512_mul_ps(b1, _mm512_maskz_loadu_ps(k, m + i)), _mm512_mul_ps(ob1, gi));
    const __m512 vi = _mm512_add_ps(_mm512_mul_ps(b2, _mm512_maskz_loadu_ps(k, v + i)), _mm512_mul_ps(_mm512_mul_ps(ob2, gi), gi));
    _mm512_mask_storeu_ps(m + i, k, mi);
    _mm512_mask_storeu_ps(v + i, k, vi);
    const __m512 denom = _mm512_add_ps(_mm512_mul_ps(_mm512_sqrt_ps(vi), isb), eps);
    _mm512_mask_storeu_ps(p + i, k, _mm512_sub_ps(_mm512_mul_ps(pi, decay), _mm512_mul_ps(step, _mm512_div_ps(mi, denom))));
  }
}

/* Full vectors only (AMD runs masked AVX2 stores in microcode); adam.c's scalar loop takes the tail. */
__attribute__((target("avx2")))
static size_t a2_adam(float *p, const float *g, float *m, float *v, size_t n, const vmath_adam_consts *c) {
  const __m256 b1 = _mm256_set1_ps(c->b1), ob1 = _mm256_set1_ps(c->ob1), b2 = _mm256_set1_ps(c->b2), ob2 = _mm256_set1_ps(c->ob2);
  const __m256 step = _mm256_set1_ps(c->stepSize), isb = _mm256_set1_ps(c->invSqrtBc2), decay = _mm256_set1_ps(c->decay);
  const __m256 l2 = _mm256_set1_ps(c->l2), eps = _mm256_set1_ps(c->eps);
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    const __m256 pi = _mm256_loadu_ps(p + i);
    const __m256 gi = _mm256_add_ps(_mm256_loadu_ps(g + i), _mm256_mul_ps(l2, pi));
    const __m256 mi = _mm256_add_ps(_mm256_mul_ps(b1, _mm256_loadu_ps(m + i)), _mm256_mul_ps(ob1, gi));
    const __m256 vi = _mm256_add_ps(_mm256_mul_ps(b2, _mm256_loadu_ps(v + i)), _mm256_mul_ps(_mm256_mul_ps(ob2, gi), gi));
    _mm256_storeu_ps(m + i, mi);
    _mm256_storeu_ps(v + i, vi);
    const __m256 denom = _mm256_add_ps(_mm256_mul_ps(_mm256_sqrt_ps(vi), isb), eps);
    _mm256_storeu_ps(p + i, _mm256_sub_ps(_mm256_mul_ps(pi, decay), _mm256_mul_ps(step, _mm256_div_ps(mi, denom))));
  }
  return i;
}

size_t vmath_adam(vmath_level lv, float *param, const float *grad, float *m, float *v, size_t n, const vmath_adam_consts *c) {
  if (lv == VMATH_AVX512) { a5_adam(param, grad, m, v, n, c); return n; }
  if (lv == VMATH_AVX2) return a2_adam(param, grad, m, v, n, c);
  return 0;
}

#endif
