/* Known-bad kernels: the textbook formulas that real code still ships. Each is
 * a public fixture that `numstab certify` must reject in its default sampling
 * mode at 4 ULP, with counterexamples where the defect lives (naive_test.cpp
 * holds the regions). Scalar ABI, f32: float f(float). */
#include <math.h>

/* inf/inf = NaN past |x| ~ 88.7. */
float naive_tanh(float x) { return (expf(x) - expf(-x)) / (expf(x) + expf(-x)); }

/* expf(-x) overflows past x < -88.7: 1/inf = 0 where sigmoid is still ~1e-39. */
float naive_sigmoid(float x) { return 1.0f / (1.0f + expf(-x)); }

/* The derivative from the output: 1 - t^2 cancels once t is near 1. */
float naive_tanh_grad(float x) {
  const float t = tanhf(x);
  return 1.0f - t * t;
}

/* s (1 - s): 1 - s cancels for large x, and is 0 once s rounds to 1. */
float naive_sigmoid_grad(float x) {
  const float s = 1.0f / (1.0f + expf(-x));
  return s * (1.0f - s);
}

/* exp(x) - 1 cancels near 0. */
float naive_expm1(float x) { return expf(x) - 1.0f; }

/* 1 + x drops x's low bits near 0. */
float naive_log1p(float x) { return logf(1.0f + x); }

/* log(1 + e^x): inf past x ~ 88.7, and 0 once 1 + e^x rounds to 1 (x < -17). */
float naive_softplus(float x) { return logf(1.0f + expf(x)); }

/* log(sigmoid(x)): -inf once sigmoid underflows, where the answer is about x. */
float naive_log_sigmoid(float x) { return logf(1.0f / (1.0f + expf(-x))); }

/* x / (1 + e^-x): x / inf = -0 past x < -88.7, where silu is still ~-1e-37. */
float naive_silu(float x) { return x / (1.0f + expf(-x)); }

/* alpha (e^x - 1) cancels for small negative x. */
float naive_elu(float x) { return x > 0 ? x : expf(x) - 1.0f; }

/* 1 + erf(x / sqrt 2) cancels for negative x. */
float naive_gelu(float x) { return 0.5f * x * (1.0f + erff(x * 0.70710678f)); }
