/*
 * Example vector kernels for `numstab gradcheck`, in the batch ABI:
 *
 *   forward  void f(const T *x, T *y, size_t n)
 *   VJP      void f_vjp(const T *x, const T *dy, T *dx, size_t n)   dx = J(x)^T dy
 *
 * on one vector of length n (T = double for f64, float for f32). Users can copy
 * them as templates. Which are correct and which are deliberately broken:
 *
 *   softmax_f64, softmax_f32            correct, shifted by the maximum
 *   softmax_vjp_f64, softmax_vjp_f32    correct: dx = y * (dy - <dy, y>)
 *   softmax_vjp_no_dot_f64 / _f32       BROKEN: dx = y * dy (the <dy, y> term is missing)
 *   softmax_unshifted_f64               BROKEN for large inputs: e^x overflows past 709.78
 *
 * Built with -ffp-contract=off so the formulas stay as written.
 */
#include <math.h>
#include <stddef.h>

#if defined(__GNUC__)
#define FIXTURE_API __attribute__((visibility("default")))
#else
#define FIXTURE_API
#endif

/* ---- f64 ---------------------------------------------------------------- */

FIXTURE_API void softmax_f64(const double *x, double *y, size_t n) {
  double max = -INFINITY, sum = 0;
  size_t i;
  for (i = 0; i < n; ++i)
    if (x[i] > max || isnan(x[i])) max = x[i];
  for (i = 0; i < n; ++i) {
    y[i] = exp(x[i] - max);
    sum += y[i];
  }
  for (i = 0; i < n; ++i) y[i] /= sum;
}

FIXTURE_API void softmax_vjp_f64(const double *x, const double *dy, double *dx, size_t n) {
  double dot = 0;
  size_t i;
  softmax_f64(x, dx, n); /* dx holds y for now */
  for (i = 0; i < n; ++i) dot += dy[i] * dx[i];
  for (i = 0; i < n; ++i) dx[i] = dx[i] * (dy[i] - dot);
}

FIXTURE_API void softmax_vjp_no_dot_f64(const double *x, const double *dy, double *dx, size_t n) {
  size_t i;
  softmax_f64(x, dx, n);
  for (i = 0; i < n; ++i) dx[i] = dx[i] * dy[i];
}

FIXTURE_API void softmax_unshifted_f64(const double *x, double *y, size_t n) {
  double sum = 0;
  size_t i;
  for (i = 0; i < n; ++i) {
    y[i] = exp(x[i]);
    sum += y[i];
  }
  for (i = 0; i < n; ++i) y[i] /= sum;
}

/* ---- f32: float arithmetic, exp evaluated in double and rounded once ---- */

static float expf_rounded(float v) { return (float)exp((double)v); }

FIXTURE_API void softmax_f32(const float *x, float *y, size_t n) {
  float max = -INFINITY, sum = 0;
  size_t i;
  for (i = 0; i < n; ++i)
    if (x[i] > max || isnan(x[i])) max = x[i];
  for (i = 0; i < n; ++i) {
    y[i] = expf_rounded(x[i] - max);
    sum += y[i];
  }
  for (i = 0; i < n; ++i) y[i] /= sum;
}

FIXTURE_API void softmax_vjp_f32(const float *x, const float *dy, float *dx, size_t n) {
  float dot = 0;
  size_t i;
  softmax_f32(x, dx, n);
  for (i = 0; i < n; ++i) dot += dy[i] * dx[i];
  for (i = 0; i < n; ++i) dx[i] = dx[i] * (dy[i] - dot);
}

FIXTURE_API void softmax_vjp_no_dot_f32(const float *x, const float *dy, float *dx, size_t n) {
  size_t i;
  softmax_f32(x, dx, n);
  for (i = 0; i < n; ++i) dx[i] = dx[i] * dy[i];
}

/* ---- layernorm (no affine, eps 1e-5), f64: gradcheck by finite differences --
 *
 *   y = (x - mean) / sqrt(var + eps), var the biased variance (PyTorch)
 *   layernorm_vjp_f64           correct: dx = (dy - mean(dy) - y mean(dy y)) / sigma
 *   layernorm_vjp_no_mean_f64   BROKEN: the mean(dy) term is missing
 */
static double layernorm_stats(const double *x, size_t n, double *mean) {
  double m = 0, v = 0;
  size_t i;
  for (i = 0; i < n; ++i) m += x[i];
  m /= (double)n;
  for (i = 0; i < n; ++i) v += (x[i] - m) * (x[i] - m);
  *mean = m;
  return sqrt(v / (double)n + 1e-5);
}

FIXTURE_API void layernorm_f64(const double *x, double *y, size_t n) {
  double mean;
  const double sigma = layernorm_stats(x, n, &mean);
  size_t i;
  for (i = 0; i < n; ++i) y[i] = (x[i] - mean) / sigma;
}

static void layernorm_vjp(const double *x, const double *dy, double *dx, size_t n, int with_mean) {
  double mean, mean_dy = 0, mean_dy_y = 0;
  const double sigma = layernorm_stats(x, n, &mean);
  size_t i;
  for (i = 0; i < n; ++i) {
    mean_dy += dy[i];
    mean_dy_y += dy[i] * (x[i] - mean) / sigma;
  }
  mean_dy /= (double)n;
  mean_dy_y /= (double)n;
  for (i = 0; i < n; ++i)
    dx[i] = (dy[i] - (with_mean ? mean_dy : 0.0) - (x[i] - mean) / sigma * mean_dy_y) / sigma;
}

FIXTURE_API void layernorm_vjp_f64(const double *x, const double *dy, double *dx, size_t n) {
  layernorm_vjp(x, dy, dx, n, 1);
}

FIXTURE_API void layernorm_vjp_no_mean_f64(const double *x, const double *dy, double *dx, size_t n) {
  layernorm_vjp(x, dy, dx, n, 0);
}
