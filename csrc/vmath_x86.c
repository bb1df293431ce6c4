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

int vmath_adam(vmath_level lv, float *param, const float *grad, float *m, float *v, size_t n, const vmath_adam_consts *c) {
  if (lv == VMATH_AVX512) a5_adam(param, grad, m, v, n, c);
  else if (lv == VMATH_AVX2) a2_adam(param, grad, m, v, n, c);
  else return 0;
  return 1;
}

#endif
