/* Node-API binding: Float32Array arguments are used in place (zero copy; Node hands us the view's first
 * element, byte offset already applied). Every pointer/extent pair is bounds-checked here, because an
 * out-of-range index in C corrupts memory where the JS reference would silently read undefined.
 * Shapes and strides arrive packed in one Float64Array ("meta") to keep the call cheap. */
#include <math.h>
#include <node_api.h>
#include <stdint.h>
#include <string.h>

#include "aekit.h"

#define CHECK(call) do { if ((call) != napi_ok) { throw_pending(env, #call); return NULL; } } while (0)

static void throw_pending(napi_env env, const char *what) {
  bool pending = false;
  napi_is_exception_pending(env, &pending);
  if (!pending) napi_throw_error(env, NULL, what);
}

static napi_value fail(napi_env env, int range, const char *msg) {
  if (range) napi_throw_range_error(env, NULL, msg);
  else napi_throw_type_error(env, NULL, msg);
  return NULL;
}

/* Reads argument i as a Float32Array. */
static int arg_f32(napi_env env, napi_value v, float **data, size_t *len) {
  bool is = false;
  napi_typedarray_type type;
  void *ptr = NULL;
  if (napi_is_typedarray(env, v, &is) != napi_ok || !is) return 0;
  if (napi_get_typedarray_info(env, v, &type, len, &ptr, NULL, NULL) != napi_ok || type != napi_float32_array) return 0;
  *data = ptr;
  return 1;
}

static int arg_num(napi_env env, napi_value v, double *out) {
  return napi_get_value_double(env, v, out) == napi_ok;
}

/* An integral, non-negative (or any sign when `signedOk`) meta entry that fits a ptrdiff_t. */
static int meta_int(const double *meta, size_t len, size_t i, int signedOk, ptrdiff_t *out) {
  if (i >= len) return 0;
  double v = meta[i];
  if (!(v == floor(v)) || fabs(v) > 9007199254740991.0 || (!signedOk && v < 0)) return 0;
  *out = (ptrdiff_t)v;
  return 1;
}

/* Checks that offset + Σ i_d·stride_d stays in [0, len) over the whole index space. */
static int in_bounds(ptrdiff_t offset, const ptrdiff_t *st, const size_t *shape, int rank, size_t len) {
  size_t total = 1;
  for (int d = 0; d < rank; d++) total *= shape[d];
  if (total == 0) return 1;
  ptrdiff_t lo = offset, hi = offset;
  for (int d = 0; d < rank; d++) {
    ptrdiff_t span = (ptrdiff_t)(shape[d] - 1) * st[d];
    if (span > 0) hi += span; else lo += span;
  }
  return lo >= 0 && hi >= lo && (size_t)hi < len;
}

#define GET_ARGS(n)                                         \
  size_t argc = (n);                                        \
  napi_value argv[(n) > 0 ? (n) : 1];                       \
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL)); \
  if (argc < (n)) return fail(env, 0, "aekit native: too few arguments")

#define F32(i, ptr, len) if (!arg_f32(env, argv[i], &(ptr), &(len))) return fail(env, 0, "aekit native: argument " #i " must be a Float32Array")
#define NUM(i, x) if (!arg_num(env, argv[i], &(x))) return fail(env, 0, "aekit native: argument " #i " must be a number")

/* gemm(transA, transB, m, n, k, alpha, a, b, beta, c) */
static napi_value js_gemm(napi_env env, napi_callback_info info) {
  GET_ARGS(10);
  double tA, tB, m, n, k, alpha, beta;
  float *a, *b, *c;
  size_t la, lb, lc;
  NUM(0, tA); NUM(1, tB); NUM(2, m); NUM(3, n); NUM(4, k); NUM(5, alpha); F32(6, a, la); F32(7, b, lb); NUM(8, beta); F32(9, c, lc);
  if (!(m >= 0 && n >= 0 && k >= 0 && m <= INT32_MAX && n <= INT32_MAX && k <= INT32_MAX) || m != floor(m) || n != floor(n) || k != floor(k))
    return fail(env, 1, "gemm: m, n, k must be non-negative integers");
  if (la < (size_t)m * (size_t)k || lb < (size_t)k * (size_t)n || lc < (size_t)m * (size_t)n)
    return fail(env, 1, "gemm: an operand is shorter than its m, n, k imply");
  aekit_sgemm(tA != 0, tB != 0, (int)m, (int)n, (int)k, (float)alpha, a, b, (float)beta, c);
  return NULL;
}

/* fill(out, value) */
static napi_value js_fill(napi_env env, napi_callback_info info) {
  GET_ARGS(2);
  float *out; size_t n; double v;
  F32(0, out, n); NUM(1, v);
  aekit_fill(out, n, (float)v);
  return NULL;
}

/* unary(op, x, out, p0, p1) */
static napi_value js_unary(napi_env env, napi_callback_info info) {
  GET_ARGS(5);
  double op, p0, p1;
  float *x, *out; size_t lx, lo;
  NUM(0, op); F32(1, x, lx); F32(2, out, lo); NUM(3, p0); NUM(4, p1);
  if (!(op >= 0 && op < U_COUNT)) return fail(env, 1, "unary: unknown op");
  if (lx < lo) return fail(env, 1, "unary: x is shorter than out");
  aekit_unary((int)op, x, out, lo, p0, p1);
  return NULL;
}

/* Reads rank, shape and `nstrides` stride lists (after `skip` leading entries) from meta. */
typedef struct {
  int rank;
  size_t shape[AEKIT_MAX_RANK], total;
  ptrdiff_t st[4][AEKIT_MAX_RANK];
} meta_layout;

static int read_layout(napi_env env, napi_value v, int nstrides, int skip, meta_layout *L, double *head) {
  bool is = false;
  napi_typedarray_type type;
  void *ptr;
  size_t len;
  if (napi_is_typedarray(env, v, &is) != napi_ok || !is) return 0;
  if (napi_get_typedarray_info(env, v, &type, &len, &ptr, NULL, NULL) != napi_ok || type != napi_float64_array) return 0;
  const double *meta = ptr;
  ptrdiff_t r;
  if (!meta_int(meta, len, 0, 0, &r) || r > AEKIT_MAX_RANK) return 0;
  L->rank = (int)r;
  for (int i = 0; i < skip; i++) { if ((size_t)(1 + i) >= len) return 0; head[i] = meta[1 + i]; }
  size_t at = 1 + (size_t)skip;
  L->total = 1;
  for (int d = 0; d < r; d++) {
    ptrdiff_t s;
    if (!meta_int(meta, len, at++, 0, &s)) return 0;
    L->shape[d] = (size_t)s;
    L->total *= (size_t)s;
  }
  for (int k = 0; k < nstrides; k++)
    for (int d = 0; d < r; d++)
      if (!meta_int(meta, len, at++, 1, &L->st[k][d])) return 0;
  return 1;
}

/* binary(op, a, b, out, meta = [rank, ...shape, ...aStrides, ...bStrides]) */
static napi_value js_binary(napi_env env, napi_callback_info info) {
  GET_ARGS(5);
  double op;
  float *a, *b, *out; size_t la, lb, lo;
  meta_layout L;
  NUM(0, op); F32(1, a, la); F32(2, b, lb); F32(3, out, lo);
  if (!(op >= 0 && op < B_COUNT)) return fail(env, 1, "binary: unknown op");
  if (!read_layout(env, argv[4], 2, 0, &L, NULL)) return fail(env, 1, "binary: bad shape/strides");
  if (L.total == 0) return NULL;
  if (lo < L.total || !in_bounds(0, L.st[0], L.shape, L.rank, la) || !in_bounds(0, L.st[1], L.shape, L.rank, lb))
    return fail(env, 1, "binary: strides reach outside an operand");
  aekit_binary((int)op, a, L.st[0], b, L.st[1], out, L.shape, L.rank);
  return NULL;
}

/* where(cond, a, b, out, meta = [rank, ...shape, ...condStrides, ...aStrides, ...bStrides]) */
static napi_value js_where(napi_env env, napi_callback_info info) {
  GET_ARGS(5);
  float *c, *a, *b, *out; size_t lc, la, lb, lo;
  meta_layout L;
  F32(0, c, lc); F32(1, a, la); F32(2, b, lb); F32(3, out, lo);
  if (!read_layout(env, argv[4], 3, 0, &L, NULL)) return fail(env, 1, "where: bad shape/strides");
  if (L.total == 0) return NULL;
  if (lo < L.total || !in_bounds(0, L.st[0], L.shape, L.rank, lc) || !in_bounds(0, L.st[1], L.shape, L.rank, la) ||
      !in_bounds(0, L.st[2], L.shape, L.rank, lb))
    return fail(env, 1, "where: strides reach outside an operand");
  aekit_where(c, L.st[0], a, L.st[1], b, L.st[2], out, L.shape, L.rank);
  return NULL;
}

/* copyStrided(src, dst, meta = [rank, srcOffset, dstOffset, ...shape, ...srcStrides, ...dstStrides]) */
static napi_value js_copy_strided(napi_env env, napi_callback_info info) {
  GET_ARGS(3);
  float *src, *dst; size_t ls, ld;
  meta_layout L;
  double head[2];
  F32(0, src, ls); F32(1, dst, ld);
  if (!read_layout(env, argv[2], 2, 2, &L, head)) return fail(env, 1, "copyStrided: bad shape/strides");
  if (L.total == 0) return NULL;
  ptrdiff_t so = (ptrdiff_t)head[0], dof = (ptrdiff_t)head[1];
  if (head[0] != so || head[1] != dof || !in_bounds(so, L.st[0], L.shape, L.rank, ls) || !in_bounds(dof, L.st[1], L.shape, L.rank, ld))
    return fail(env, 1, "copyStrided: offsets/strides reach outside an operand");
  aekit_copy_strided(src + so, L.st[0], dst + dof, L.st[1], L.shape, L.rank);
  return NULL;
}

/* reduce(op, x, out, meta = [rank, ...shape, ...isReduced (0/1)]) */
static napi_value js_reduce(napi_env env, napi_callback_info info) {
  GET_ARGS(4);
  double op;
  float *x, *out; size_t lx, lo;
  meta_layout L;
  NUM(0, op); F32(1, x, lx); F32(2, out, lo);
  if (!(op >= 0 && op < R_COUNT)) return fail(env, 1, "reduce: unknown op");
  if (!read_layout(env, argv[3], 1, 0, &L, NULL)) return fail(env, 1, "reduce: bad shape/axes");
  unsigned char red[AEKIT_MAX_RANK];
  size_t outSize = 1;
  for (int d = 0; d < L.rank; d++) {
    red[d] = L.st[0][d] != 0;
    if (!red[d]) outSize *= L.shape[d];
  }
  if (lx < L.total || lo < outSize) return fail(env, 1, "reduce: x or out is shorter than the shape implies");
  aekit_reduce((int)op, x, L.shape, red, L.rank, out);
  return NULL;
}

/* argReduce(isMax, x, out, outer, len, inner) */
static napi_value js_arg_reduce(napi_env env, napi_callback_info info) {
  GET_ARGS(6);
  double isMax, outer, len, inner;
  float *x, *out; size_t lx, lo;
  NUM(0, isMax); F32(1, x, lx); F32(2, out, lo); NUM(3, outer); NUM(4, len); NUM(5, inner);
  if (!(outer >= 0 && len >= 1 && inner >= 0) || outer != floor(outer) || len != floor(len) || inner != floor(inner))
    return fail(env, 1, "argReduce: bad shape");
  if (lx < (size_t)(outer * len * inner) || lo < (size_t)(outer * inner))
    return fail(env, 1, "argReduce: x or out is shorter than the shape implies");
  aekit_arg_reduce(isMax != 0, x, (size_t)outer, (size_t)len, (size_t)inner, out);
  return NULL;
}

/* A count argument: a non-negative integer. */
static int arg_count(napi_env env, napi_value v, size_t *out) {
  double d;
  if (!arg_num(env, v, &d) || !(d >= 0 && d <= 9007199254740991.0) || d != floor(d)) return 0;
  *out = (size_t)d;
  return 1;
}

#define COUNT(i, x) if (!arg_count(env, argv[i], &(x))) return fail(env, 1, "aekit native: argument " #i " must be a non-negative integer")

static int read_geom(napi_env env, napi_value v, aekit_conv_geom *g) {
  bool is = false;
  napi_typedarray_type type;
  void *ptr;
  size_t len;
  if (napi_is_typedarray(env, v, &is) != napi_ok || !is) return 0;
  if (napi_get_typedarray_info(env, v, &type, &len, &ptr, NULL, NULL) != napi_ok || type != napi_float64_array || len < 13) return 0;
  const double *m = ptr;
  int f[13];
  for (int i = 0; i < 13; i++) {
    if (!(m[i] == floor(m[i]) && m[i] >= 0 && m[i] <= INT32_MAX)) return 0;
    f[i] = (int)m[i];
  }
  *g = (aekit_conv_geom){ f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8], f[9], f[10], f[11], f[12] };
  return g->strideH > 0 && g->strideW > 0;
}

/* im2col(x, out, geom, images) / col2im(cols, out, geom, images); geom = the 13 Conv2dGeometry fields in
 * declaration order. */
static napi_value conv_common(napi_env env, napi_callback_info info, int adjoint) {
  GET_ARGS(4);
  float *in, *out; size_t li, lo, images;
  aekit_conv_geom g;
  F32(0, in, li); F32(1, out, lo);
  if (!read_geom(env, argv[2], &g)) return fail(env, 1, "im2col/col2im: bad geometry");
  COUNT(3, images);
  if (images > INT32_MAX) return fail(env, 1, "im2col/col2im: too many images");
  size_t image = (size_t)g.channels * g.height * g.width * images;
  size_t cols = (size_t)g.channels * g.kernelH * g.kernelW * g.outH * g.outW * images;
  if (adjoint ? (li < cols || lo < image) : (li < image || lo < cols))
    return fail(env, 1, "im2col/col2im: an operand is shorter than the geometry implies");
  if (adjoint) aekit_col2im(in, &g, out, (int)images);
  else aekit_im2col(in, &g, out, (int)images);
  return NULL;
}
static napi_value js_im2col(napi_env env, napi_callback_info info) { return conv_common(env, info, 0); }
static napi_value js_col2im(napi_env env, napi_callback_info info) { return conv_common(env, info, 1); }

/* adamUpdate(param, grad, m, v, lr, beta1, beta2, eps, step, weightDecay, decoupled) */
static napi_value js_adam(napi_env env, napi_callback_info info) {
  GET_ARGS(11);
  float *p, *g, *m, *v; size_t lp, lg, lm, lv;
  double dec;
  aekit_adam_step s;
  F32(0, p, lp); F32(1, g, lg); F32(2, m, lm); F32(3, v, lv);
  NUM(4, s.lr); NUM(5, s.beta1); NUM(6, s.beta2); NUM(7, s.eps); NUM(8, s.step); NUM(9, s.weightDecay); NUM(10, dec);
  s.decoupled = dec != 0;
  if (lg < lp || lm < lp || lv < lp) return fail(env, 1, "adamUpdate: grad, m or v is shorter than param");
  aekit_adam_update(p, g, m, v, lp, &s);
  return NULL;
}

/* An activation code: -1 (identity) or a unary op with a backward from its output. */
static int valid_act(double act) {
  return act == -1 || act == U_RELU || act == U_SIGMOID || act == U_TANH || act == U_LEAKYRELU || act == U_ELU ||
         act == U_SOFTPLUS;
}

/* biasAct(x, bias, out, outer, channels, inner, act, p0) */
static napi_value js_bias_act(napi_env env, napi_callback_info info) {
  GET_ARGS(8);
  float *x, *bias, *out; size_t lx, lb, lo, outer, channels, inner;
  double act, p0;
  F32(0, x, lx); F32(1, bias, lb); F32(2, out, lo); COUNT(3, outer); COUNT(4, channels); COUNT(5, inner); NUM(6, act);
  NUM(7, p0);
  if (!valid_act(act)) return fail(env, 1, "biasAct: unknown activation");
  size_t n = outer * channels * inner;
  if (lx < n || lo < n || lb < channels) return fail(env, 1, "biasAct: an operand is shorter than outer×channels×inner");
  aekit_bias_act(x, bias, out, outer, channels, inner, (int)act, p0);
  return NULL;
}

/* biasActBackward(y, dy, dx, dbias | null, outer, channels, inner, act, p0) */
static napi_value js_bias_act_backward(napi_env env, napi_callback_info info) {
  GET_ARGS(9);
  float *y, *dy, *dx, *dbias = NULL; size_t ly, ldy, ldx, ldb = 0, outer, channels, inner;
  double act, p0;
  napi_valuetype type;
  F32(0, y, ly); F32(1, dy, ldy); F32(2, dx, ldx);
  CHECK(napi_typeof(env, argv[3], &type));
  if (type != napi_null) F32(3, dbias, ldb);
  COUNT(4, outer); COUNT(5, channels); COUNT(6, inner); NUM(7, act); NUM(8, p0);
  if (!valid_act(act)) return fail(env, 1, "biasActBackward: unknown activation");
  size_t n = outer * channels * inner;
  if (ly < n || ldy < n || ldx < n || (dbias && ldb < channels))
    return fail(env, 1, "biasActBackward: an operand is shorter than outer×channels×inner");
  aekit_bias_act_backward(y, dy, dx, dbias, outer, channels, inner, (int)act, p0);
  return NULL;
}

/* bceWithLogitsRows(x, y, rows, cols, rowLoss, grad | null, repeats) */
static napi_value js_bce_logits_rows(napi_env env, napi_callback_info info) {
  GET_ARGS(7);
  float *x, *y, *loss, *grad = NULL; size_t lx, ly, ll, lg = 0, rows, cols, repeats;
  napi_valuetype type;
  F32(0, x, lx); F32(1, y, ly); COUNT(2, rows); COUNT(3, cols); F32(4, loss, ll);
  CHECK(napi_typeof(env, argv[5], &type));
  if (type != napi_null) F32(5, grad, lg);
  COUNT(6, repeats);
  if (repeats < 1 || rows % repeats != 0) return fail(env, 1, "bceWithLogitsRows: repeats must be ≥ 1 and divide rows");
  size_t n = rows * cols;
  if (lx < n || ly < n / repeats || ll < rows || (grad && lg < n))
    return fail(env, 1, "bceWithLogitsRows: an operand is shorter than rows×cols");
  napi_value r;
  CHECK(napi_create_double(env, (double)aekit_bce_logits_rows(x, y, rows, cols, repeats, loss, grad), &r));
  return r;
}

/* reparameterize(mu, logVar, eps, z, dzdLogVar | null) */
static napi_value js_reparameterize(napi_env env, napi_callback_info info) {
  GET_ARGS(5);
  float *mu, *lv, *eps, *z, *d = NULL; size_t lm, ll, le, lz, ld = 0;
  napi_valuetype type;
  F32(0, mu, lm); F32(1, lv, ll); F32(2, eps, le); F32(3, z, lz);
  CHECK(napi_typeof(env, argv[4], &type));
  if (type != napi_null) F32(4, d, ld);
  if (lm < lz || ll < lz || le < lz || (d && ld < lz)) return fail(env, 1, "reparameterize: an operand is shorter than z");
  aekit_reparameterize(mu, lv, eps, z, d, lz);
  return NULL;
}

static napi_value string_array(napi_env env, const char *const *names, int n) {
  napi_value arr, s;
  CHECK(napi_create_array_with_length(env, (size_t)n, &arr));
  for (int i = 0; i < n; i++) {
    CHECK(napi_create_string_utf8(env, names[i], NAPI_AUTO_LENGTH, &s));
    CHECK(napi_set_element(env, arr, (uint32_t)i, s));
  }
  return arr;
}

static napi_value js_isa_available(napi_env env, napi_callback_info info) {
  (void)info;
  const char *names[8];
  return string_array(env, names, aekit_isa_available(names, 8));
}

static napi_value js_cpu_features(napi_env env, napi_callback_info info) {
  (void)info;
  const char *names[16];
  return string_array(env, names, aekit_cpu_features(names, 16));
}

static napi_value js_isa(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value s;
  CHECK(napi_create_string_utf8(env, aekit_isa_current(), NAPI_AUTO_LENGTH, &s));
  return s;
}

/* setIsa(name) -> boolean: false when this CPU cannot run that path. */
static napi_value js_set_isa(napi_env env, napi_callback_info info) {
  GET_ARGS(1);
  char name[32];
  size_t len;
  if (napi_get_value_string_utf8(env, argv[0], name, sizeof name, &len) != napi_ok) return fail(env, 0, "setIsa: name must be a string");
  napi_value r;
  CHECK(napi_get_boolean(env, aekit_isa_select(name) == 0, &r));
  return r;
}

static napi_value js_threads(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value r;
  CHECK(napi_create_int32(env, aekit_threads(), &r));
  return r;
}

static napi_value js_set_threads(napi_env env, napi_callback_info info) {
  GET_ARGS(1);
  double n;
  NUM(0, n);
  napi_value r;
  CHECK(napi_create_int32(env, aekit_set_threads(n >= 1 && n <= 1e6 ? (int)n : 1), &r));
  return r;
}

#define FN(name, fn) { name, NULL, fn, NULL, NULL, NULL, napi_enumerable, NULL }

static napi_value init(napi_env env, napi_value exports) {
  napi_property_descriptor fns[] = {
    FN("gemm", js_gemm), FN("fill", js_fill), FN("unary", js_unary), FN("binary", js_binary),
    FN("where", js_where), FN("copyStrided", js_copy_strided), FN("reduce", js_reduce),
    FN("argReduce", js_arg_reduce), FN("im2col", js_im2col), FN("col2im", js_col2im), FN("adamUpdate", js_adam),
    FN("biasAct", js_bias_act), FN("biasActBackward", js_bias_act_backward),
    FN("bceWithLogitsRows", js_bce_logits_rows), FN("reparameterize", js_reparameterize),
    FN("isaAvailable", js_isa_available), FN("cpuFeatures", js_cpu_features), FN("isa", js_isa),
    FN("setIsa", js_set_isa), FN("threads", js_threads), FN("setThreads", js_set_threads),
  };
  CHECK(napi_define_properties(env, exports, sizeof fns / sizeof fns[0], fns));
  napi_value table;
  CHECK(napi_create_string_utf8(env, aekit_op_table(), NAPI_AUTO_LENGTH, &table));
  CHECK(napi_set_named_property(env, exports, "opTable", table));
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
