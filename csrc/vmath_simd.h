/* The vector math of vmath_x86.c, written once over a small set of macros and included once per ISA (inside a
 * `#pragma GCC target` region) with the macros defined for that ISA:
 *   VD (W doubles), VM (a lane mask), PFX(name), LOADF/STOREF (W floats ↔ VD), SET1, ADD SUB MUL DIV,
 *   FMA(a,b,c) = a·b + c and FNMA(a,b,c) = c − a·b (one rounding), MAX/MIN (return the 2nd operand when either
 *   is NaN, so MAX(c, x) keeps a NaN x), ROUND (to nearest), SQRT, LT LE GT EQ NAN_ (compare → VM), MOR,
 *   BLEND(m, a, b) = m ? b : a, and the bit operations AND OR XOR ANDNOT(a, b) = ~a & b on VD.
 *
 * Method. Inputs are float32, so every function is evaluated in double and rounded once to float: a
 * polynomial accurate to ~1e-10 relative then gives the correctly rounded float (or the neighbour on rare
 * near-ties), which is what the JS reference (double libm, rounded once) gives. Double also removes the
 * float traps: float denormals are normal doubles, 1 + x is exact for a float x with |x| ≥ 2⁻²⁹, and a
 * product of two floats is exact.
 * - exp: Cody–Waite range reduction x = n·ln2 + r, |r| ≤ ln2/2, with ln2 split in a 32-bit head (n·head
 *   exact) and a tail; exp(r) = 1 + r·q(r), q the Taylor series of (eʳ − 1)/r to degree 8 (truncation
 *   ≤ r⁹/10! ≈ 2e-11 relative); 2ⁿ built in the exponent bits. Keeping r·q apart gives expm1 without
 *   cancellation: expm1(x) = (2ⁿ − 1) + 2ⁿ·r·q.
 * - log: x = 2ᵉ·m with m ∈ [√½, √2); log m = 2·atanh(s), s = (m − 1)/(m + 1), |s| ≤ 0.1716, as the odd
 *   series 2s·Σ s²ᵏ/(2k + 1) to k = 5 (truncation ≤ s¹²/13 ≈ 5e-11 relative).
 * - log1p(x) = log(1 + x) (1 + x exact for |x| ≥ 2⁻²⁹), and x − x²/2 + x³/3 below 2⁻²⁰.
 * - tanh|x| = t/(t + 2) with t = expm1(2|x|), sign restored; sigmoid from e = exp(−|x|) as 1/(1 + e) or
 *   e/(1 + e); softplus = max(x, 0) + log1p(exp(−|x|)) with the reference's tails (x beyond ±20).
 * Special values follow the reference: NaN in → NaN out, exp clamps its argument to ±200 (beyond float's
 * range either way) so ±∞ give ∞ and 0, log gives −∞ at 0 and NaN below.
 */

#define VMATH_LN2_HI 0x1.62e42fee00000p-1 /* ln 2 to 32 significant bits: n·LN2_HI is exact for |n| < 2²¹ */
#define VMATH_LN2_LO 0x1.a39ef35793c76p-33
#define VMATH_LOG2E 0x1.71547652b82fep+0
#define VMATH_SQRT2 1.4142135623730951
/* Adding 1.5·2⁵² to an integral double |n| < 2⁵¹ puts n (two's complement) in the low mantissa bits. */
#define VMATH_SHIFTER 0x1.8p52

VMATH_FN VD PFX(neg)(VD x) { return XOR(x, SET1(-0.0)); }
VMATH_FN VD PFX(abs)(VD x) { return ANDNOT(SET1(-0.0), x); }

/* 2ⁿ for integral n in [−1022, 1023]: n + 1023 shifted into the exponent field. */
VMATH_FN VD PFX(exp2i)(VD n) {
  VD biased = ADD(n, SET1(VMATH_SHIFTER + 1023.0));
  return SHL52(biased);
}

/* exp(x) = scale·(1 + p): returns p = r·q(r) and sets *scale = 2ⁿ. */
VMATH_FN VD PFX(exp_parts)(VD x, VD *scale) {
  x = MIN(SET1(200.0), MAX(SET1(-200.0), x));
  VD n = ROUND(MUL(x, SET1(VMATH_LOG2E)));
  VD r = FNMA(n, SET1(VMATH_LN2_HI), x);
  r = FNMA(n, SET1(VMATH_LN2_LO), r);
  VD q = SET1(1.0 / 3628800);                       /* 1/10! … 1/2!, 1: q(r) = Σ rᵏ/(k+1)! */
  q = FMA(q, r, SET1(1.0 / 362880));
  q = FMA(q, r, SET1(1.0 / 40320));
  q = FMA(q, r, SET1(1.0 / 5040));
  q = FMA(q, r, SET1(1.0 / 720));
  q = FMA(q, r, SET1(1.0 / 120));
  q = FMA(q, r, SET1(1.0 / 24));
  q = FMA(q, r, SET1(1.0 / 6));
  q = FMA(q, r, SET1(0.5));
  q = FMA(q, r, SET1(1.0));
  *scale = PFX(exp2i)(n);
  return MUL(r, q);
}

VMATH_FN VD PFX(exp)(VD x) {
  VD s, p = PFX(exp_parts)(x, &s);
  return FMA(s, p, s);
}

VMATH_FN VD PFX(expm1)(VD x) {
  VD s, p = PFX(exp_parts)(x, &s);
  VD r = FMA(s, p, SUB(s, SET1(1.0)));
  /* NOTE: below 2⁻⁵⁴ expm1(x) = x in double (as fdlibm); returning x there also keeps the sign of −0. */
  return BLEND(LT(PFX(abs)(x), SET1(0x1p-54)), r, x);
}

/* log(x) for x > 0 finite and normal (as double); other inputs give garbage the callers replace. */
VMATH_FN VD PFX(log_finite)(VD x) {
  VD e = SUB(EXPONENT_BITS(x), SET1(0x1p52 + 1023.0));
  VD m = MANTISSA_1_2(x);                           /* x = 2ᵉ·m, m ∈ [1, 2) */
  VM big = GT(m, SET1(VMATH_SQRT2));
  m = BLEND(big, m, MUL(m, SET1(0.5)));
  e = BLEND(big, e, ADD(e, SET1(1.0)));
  VD s = DIV(SUB(m, SET1(1.0)), ADD(m, SET1(1.0)));
  VD z = MUL(s, s);
  VD p = SET1(1.0 / 11);
  p = FMA(p, z, SET1(1.0 / 9));
  p = FMA(p, z, SET1(1.0 / 7));
  p = FMA(p, z, SET1(1.0 / 5));
  p = FMA(p, z, SET1(1.0 / 3));
  p = FMA(p, z, SET1(1.0));
  VD s2 = ADD(s, s);
  return FMA(e, SET1(VMATH_LN2_HI), FMA(e, SET1(VMATH_LN2_LO), MUL(s2, p)));
}

/* log with the IEEE special cases: log(+∞) = ∞, log(0) = −∞, log(x < 0) = log(NaN) = NaN. */
VMATH_FN VD PFX(log)(VD x) {
  VD r = PFX(log_finite)(x);
  r = BLEND(EQ(x, SET1(__builtin_inf())), r, x);
  r = BLEND(EQ(x, SET1(0.0)), r, SET1(-__builtin_inf()));
  return BLEND(MOR(LT(x, SET1(0.0)), NAN_(x)), r, SET1(__builtin_nan("")));
}

/* log1p for |x| < 2⁻²⁰: x − x²/2 + x³/3 (next term x⁴/4 is below 2⁻⁶² relative). */
VMATH_FN VD PFX(log1p_small)(VD x) {
  return MUL(x, FNMA(x, FNMA(x, SET1(1.0 / 3), SET1(0.5)), SET1(1.0)));
}

VMATH_FN VD PFX(log1p)(VD x) {
  VD r = PFX(log)(ADD(SET1(1.0), x));
  return BLEND(LT(PFX(abs)(x), SET1(0x1p-20)), r, PFX(log1p_small)(x));
}

/* log1p(e) for e ∈ [0, 1] (a double): the rounding of 1 + e costs ≤ 1.2e-10 relative above 2⁻²⁰. */
VMATH_FN VD PFX(log1p_unit)(VD e) {
  VD r = PFX(log_finite)(ADD(SET1(1.0), e));
  return BLEND(LT(e, SET1(0x1p-20)), r, PFX(log1p_small)(e));
}

VMATH_FN VD PFX(sigmoid)(VD x) {
  VD e = PFX(exp)(PFX(neg)(PFX(abs)(x)));
  VD s = DIV(SET1(1.0), ADD(SET1(1.0), e));
  /* x ≥ 0: 1/(1 + e^−x); x < 0 (and NaN): eˣ/(1 + eˣ) */
  return BLEND(LE(SET1(0.0), x), MUL(e, s), s);
}

VMATH_FN VD PFX(tanh)(VD x) {
  VD a = PFX(abs)(x);
  VD t = PFX(expm1)(ADD(a, a));
  VD y = DIV(t, ADD(t, SET1(2.0)));
  return OR(y, AND(x, SET1(-0.0)));
}

VMATH_FN VD PFX(softplus)(VD x) {
  VD e = PFX(exp)(PFX(neg)(PFX(abs)(x)));
  VD r = ADD(MAX(SET1(0.0), x), PFX(log1p_unit)(e));
  /* NOTE: the reference's tails: softplus(x) = x beyond 20, eˣ below −20 (e is eˣ there). */
  r = BLEND(GT(x, SET1(20.0)), r, x);
  return BLEND(LT(x, SET1(-20.0)), r, e);
}

/* max(a, 0) − a·b + log1p(exp(−|a|)), in the reference's order: (max − a·b) + log1p(…). a·b is exact. */
VMATH_FN VD PFX(bce)(VD a, VD b) {
  VD e = PFX(exp)(PFX(neg)(PFX(abs)(a)));
  VD head = SUB(MAX(SET1(0.0), a), MUL(a, b));
  return ADD(head, PFX(log1p_unit)(e));
}

/* Runs `expr` (of `v`) over n floats, W at a time; the tail goes through a zero-padded buffer. */
#define VMATH_MAP(expr) do {                                                       \
    size_t i_ = 0;                                                                 \
    for (; i_ + W <= n; i_ += W) { VD v = LOADF(x + i_); STOREF(out + i_, (expr)); } \
    if (i_ < n) {                                                                  \
      float tin_[W] = { 0 }, tout_[W];                                             \
      for (size_t k_ = 0; k_ < n - i_; k_++) tin_[k_] = x[i_ + k_];                \
      VD v = LOADF(tin_);                                                          \
      STOREF(tout_, (expr));                                                       \
      for (size_t k_ = 0; k_ < n - i_; k_++) out[i_ + k_] = tout_[k_];             \
    }                                                                              \
  } while (0)

VMATH_FN int PFX(unary)(int op, const float *x, float *out, size_t n, double p0) {
  switch (op) {
    case U_EXP: VMATH_MAP(PFX(exp)(v)); return 1;
    case U_LOG: VMATH_MAP(PFX(log)(v)); return 1;
    case U_LOG1P: VMATH_MAP(PFX(log1p)(v)); return 1;
    case U_EXPM1: VMATH_MAP(PFX(expm1)(v)); return 1;
    case U_SIGMOID: VMATH_MAP(PFX(sigmoid)(v)); return 1;
    case U_TANH: VMATH_MAP(PFX(tanh)(v)); return 1;
    case U_SOFTPLUS: VMATH_MAP(PFX(softplus)(v)); return 1;
    case U_LOGSIGMOID: VMATH_MAP(PFX(neg)(PFX(softplus)(PFX(neg)(v)))); return 1;
    case U_ELU: VMATH_MAP(BLEND(GT(v, SET1(0.0)), MUL(SET1(p0), PFX(expm1)(v)), v)); return 1;
    default: return 0;
  }
}

VMATH_FN VD PFX(load_or_splat)(const float *p, ptrdiff_t s) { return s ? LOADF(p) : SET1((double)*p); }

VMATH_FN void PFX(bce_logits)(const float *a, ptrdiff_t sa, const float *b, ptrdiff_t sb, float *o, size_t n) {
  size_t i = 0;
  for (; i + W <= n; i += W) STOREF(o + i, PFX(bce)(PFX(load_or_splat)(a + i * sa, sa), PFX(load_or_splat)(b + i * sb, sb)));
  if (i < n) {
    float ta[W] = { 0 }, tb[W] = { 0 }, to[W];
    for (size_t k = 0; k < n - i; k++) { ta[k] = a[(i + k) * sa]; tb[k] = b[(i + k) * sb]; }
    STOREF(to, PFX(bce)(LOADF(ta), LOADF(tb)));
    for (size_t k = 0; k < n - i; k++) o[i + k] = to[k];
  }
}

#undef VMATH_MAP
