// The seed survey's worked example done right: y = 2x + 1 + noise, x ~ U[0, 1),
// noise ~ N(0, 0.1^2), n = 100 (the survey's numbers), fitted by minimising
// PyTorch's MSELoss mean((w x + b - y)^2) with full-batch GD and mini-batch SGD
// (src/optim/sgd.hpp), against the OLS solution and its standard errors.
#pragma once
#include <cstdint>

#include <Eigen/Dense>

#include "src/dynamics/divergence.hpp"
#include "src/formats.hpp"

namespace numstab::dynamics {

struct RegressionData {
  Eigen::VectorXd x{}, y{};  // in f64
  double true_w = 2, true_b = 1, noise_sd = 0.1;
};
RegressionData make_regression_data(int n, uint64_t seed, double noise_sd = 0.1);

// Ordinary least squares with its standard errors (sigma^2 = RSS / (n - 2)):
// se(w) = sigma / sqrt(Sxx), se(b) = sigma sqrt(1/n + mean(x)^2 / Sxx).
struct OlsFit {
  double w = 0, b = 0, se_w = 0, se_b = 0, sigma = 0;
  Eigen::Matrix2d hessian = Eigen::Matrix2d::Zero();  // of the MSE loss: (2/n) [[sum x^2, sum x], [sum x, n]]
  double L = 0, mu = 0;                               // its largest and smallest eigenvalues (Eigen)
};
OlsFit ordinary_least_squares(const RegressionData& d);

// The MSE loss as a problem for the engine: theta = (w, b), gradient
// (2/n) sum (w x_i + b - y_i) (x_i, 1) computed in `format` (one rounding per
// operation, data rounded into the format), start theta0, minimiser the OLS fit.
DescentProblem regression_problem(const RegressionData& d, const OlsFit& ols, Format format,
                                  const Eigen::Vector2d& theta0);

// Full-batch gradient descent (SGD without momentum on the full gradient).
Eigen::Vector2d fit_full_batch_gd(const RegressionData& d, Format format, double lr, int steps,
                                  const Eigen::Vector2d& theta0);

// Mini-batch SGD: batches of `batch` indices drawn with replacement (as in the
// survey), lr divided by 10 after each third of the steps (StepLR, gamma 0.1)
// so that the stationary noise of constant-lr SGD (std ~ sqrt(lr)) ends well
// below the statistical error. Plain SGD (no momentum), as in the survey.
Eigen::Vector2d fit_minibatch_sgd(const RegressionData& d, Format format, double lr, int steps, int batch,
                                  uint64_t seed, const Eigen::Vector2d& theta0);

}  // namespace numstab::dynamics
