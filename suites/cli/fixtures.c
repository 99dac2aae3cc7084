/*
 * Example kernels under test for numstab, in the ABIs of the design contract
 * (../../../shared/design.md, "Kernels under test"):
 *
 *   --abi scalar   T    f(T x)
 *   --abi batch    void f(const T *x, T *y, size_t n)
 *
 * where T is float for f32 and uint16_t holding the IEEE binary16 bit pattern
 * for f16. The end-to-end tests in cli_test.sh load them with
 * `--kernel path/to/libnumstab_fixture_kernels.so:SYMBOL`; users can copy
 * them as templates for their own kernels.
 *
 * Some are correct, some are deliberately wrong; each says which and why.
 *
 * Plain C11, no compiler extensions (no _Float16): the binary16 conversions
 * below are written out bit by bit and are exact (decode) or correctly rounded
 * to nearest, ties to even, subnormals included (encode). They were checked
 * against GCC's _Float16 conversions, which are correctly rounded, on all 2^32
 * float inputs and on 10^8 random doubles.
 *
 * Built with -ffp-contract=off: the naive tanh below must stay exactly the
 * textbook expression, not a fused variant of it.
 */
#include <math.h>
#include <stddef.h>
#include <stdint.h>

#if defined(__GNUC__)
#define FIXTURE_API __attribute__((visibility("default")))
#else
#define FIXTURE_API
#endif

/* ---- IEEE binary16 <-> binary64 ---------------------------------------- */

/* Exact: every binary16 value is a binary64 (and a binary32) value. */
static double half_to_double(uint16_t h) {
  const int sign = h >> 15;
  const int exp = (h >> 10) & 0x1f;
  const int frac = h & 0x3ff;
  double v;
  if (exp == 0x1f)
    v = frac ? NAN : INFINITY;
  else if (exp == 0)
    v = ldexp((double)frac, -24); /* subnormal (or zero): frac * 2^-24 */
  else
    v = ldexp((double)(frac | 0x400), exp - 25); /* 1.frac * 2^(exp-15) */
  return sign ? -v : v;
}

/* q >= 0 with q < 2^52 rounded to an integer, ties to even; exact arithmetic
 * (q - floor(q) is exact for such q), independent of the FP rounding mode. */
static double round_ties_even(double q) {
  double r = floor(q);
  const double rest = q - r;
  if (rest > 0.5 || (rest == 0.5 && fmod(r, 2.0) != 0.0)) r += 1.0;
  return r;
}

/* Correctly rounded (to nearest, ties to even) binary64 -> binary16, one
 * rounding only. A float argument converts to double exactly, so this is also
 * the correctly rounded float -> half. */
static uint16_t half_from_double(double d) {
  const uint16_t sign = signbit(d) ? 0x8000 : 0;
  const double a = fabs(d);
  if (isnan(d)) return sign | 0x7e00; /* quiet NaN */
  if (a >= 65536.0) return sign | 0x7c00; /* 2^16 and beyond (and inf) */
  if (a < 0x1p-14) {
    /* Subnormal range: the result is k * 2^-24 with k in [0, 1024]; k = 1024
     * is the smallest normal, whose bit pattern is also 1024. Scaling by 2^24
     * is exact. */
    return sign | (uint16_t)round_ties_even(a * 0x1p24);
  }
  int e2;
  (void)frexp(a, &e2); /* a = m * 2^e2, m in [0.5, 1): a in [2^(e2-1), 2^e2) */
  const int e = e2 - 1; /* -14 <= e <= 15 */
  /* a * 2^(10-e) lies in [1024, 2048): the 11 significant bits, exactly. */
  const double k = round_ties_even(ldexp(a, 10 - e));
  /* k may round up to 2048: adding it to the biased exponent field carries
   * into the next binade (and into infinity past 65504: 65520 ties to even
   * there, i.e. to infinity, as IEEE 754 requires). */
  const unsigned bits = ((unsigned)(e + 15) << 10) + (unsigned)k - 1024u;
  return sign | (uint16_t)bits;
}

/* ---- f32, correct -------------------------------------------------------- */

/* tanh, f32, scalar ABI: libm's tanhf (glibc: a few ULP at most). */
FIXTURE_API float fixture_tanhf(float x) { return tanhf(x); }

/* tanh, f32, batch ABI: the same values as fixture_tanhf. */
FIXTURE_API void fixture_tanhf_batch(const float *x, float *y, size_t n) {
  for (size_t i = 0; i < n; ++i) y[i] = tanhf(x[i]);
}

/* ---- f32, wrong ------------------------------------------------------------ */

/* tanh, f32, scalar ABI, the textbook formula (e^x - e^-x) / (e^x + e^-x).
 * WRONG in two ways: expf overflows past |x| ~ 88.72, giving inf/inf = NaN
 * where tanh is +-1 (a nonfinite mismatch), and e^x - e^-x cancels near 0
 * (many ULP). numstab must reject it. */
FIXTURE_API float fixture_tanhf_naive(float x) {
  const float ep = expf(x);
  const float em = expf(-x);
  return (ep - em) / (ep + em);
}

/* ---- f16 (uint16_t bit patterns) ----------------------------------------- */

/* tanh, f16, batch ABI, correct: exact decode, tanhf in float, one rounding
 * to half. tanhf's float error is far below a half ULP (2^13 times finer),
 * so the result is within 0.5 + 2^-12 or so half ULP: safe under a bound of 1
 * ULP (it is not guaranteed correctly rounded: that would need the float
 * result never to land on the wrong side of a half midpoint). */
FIXTURE_API void fixture_tanh_f16_batch(const uint16_t *x, uint16_t *y, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    const float xf = (float)half_to_double(x[i]); /* exact */
    y[i] = half_from_double((double)tanhf(xf));
  }
}

/* sigmoid, f16, batch ABI, DELIBERATELY ABOUT ONE ULP OFF for positive inputs.
 * The sigmoid is computed in double (error ~2^-51 relative, far below a half
 * ULP) and rounded once to half, so it is within 0.5 ULP (correctly rounded
 * unless the exact value is within ~2^-51 of a half midpoint). For x > 0 the
 * last bit of the result is then flipped: the result moves one half ULP to the
 * neighbouring value, and its error becomes 1 +- (the rounding error), so in
 * (0.5, 1.5]. Certify must therefore fail at --max-ulp 0.5 and pass at 1.5.
 *
 * One exception keeps the error below 1.5: for x > 0 the exact sigmoid lies in
 * (0.5, 1), but it rounds to exactly 1.0 (0x3c00) for x >~ 8.3; flipping the
 * last bit of 1.0 would give 0x3c01 = 1 + 2^-10, two ULP of the binade below
 * away. There the result steps down to 0x3bff = 1 - 2^-11 instead, the other
 * neighbour. (Results for x > 0 are never zero, subnormal or infinite; NaN
 * fails x > 0 and stays NaN.) Inputs x <= 0 are left correct. */
FIXTURE_API void fixture_sigmoid_f16_off_by_one(const uint16_t *x, uint16_t *y, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    const double xd = half_to_double(x[i]);
    uint16_t r = half_from_double(1.0 / (1.0 + exp(-xd)));
    if (xd > 0) r = (r == 0x3c00) ? 0x3bff : (uint16_t)(r ^ 1u);
    y[i] = r;
  }
}

/* WRONG near the f64 subnormals: silu(x) = x sigmoid(x) = x/2 + x^2/4 - ...,
 * computed as x / 2 (sigmoid(x) is 0.5 in double for |x| < 2^-54). Where x/2 is
 * a rounding midpoint (an odd subnormal quantum count), the exact value lies
 * toward zero of it by x^2/4, and ties-to-even picks the other neighbour for
 * half of those inputs: 0.5 + 2^-972 ULP off, a violation of --max-ulp 0.5
 * that a 256-bit oracle alone cannot see. Elsewhere within 0.5 ULP there. */
FIXTURE_API double fixture_silu_halved(double x) { return x * 0.5; }
