#include "src/dynamics/quadratic.hpp"

#include <cmath>

#include "src/arith.hpp"
#include "src/dynamics/random.hpp"
#include "src/errors.hpp"

namespace numstab::dynamics {

namespace {
template <class Tag>
GradientFn gradient_in(const Eigen::MatrixXd& A) {
  return [A](const Vector& x, Vector& g) {
    const Eigen::Index n = x.size();
    g.resize(n);
    for (Eigen::Index i = 0; i < n; ++i) {
      double acc = round_to<Tag>(A(i, 0) * x[0]);
      for (Eigen::Index j = 1; j < n; ++j) acc = round_to<Tag>(acc + round_to<Tag>(A(i, j) * x[j]));
      g[i] = acc;
    }
  };
}
}  // namespace

Quadratic make_quadratic(double L, double mu_min, int dim, uint64_t seed, Format format) {
  if (!(L > 0) || !(mu_min > 0) || mu_min > L || dim < 1)
    throw UsageError("quadratic: need 0 < mu <= L and dim >= 1");
  Quadratic q;
  q.format = format;
  q.L = L;
  q.mu_min = mu_min;
  q.spectrum.resize(dim);
  for (int i = 0; i < dim; ++i)
    q.spectrum[i] = dim == 1 ? L : mu_min * std::pow(L / mu_min, static_cast<double>(i) / (dim - 1));
  q.spectrum[dim - 1] = L;
  Rng rng(seed, 7);
  const Eigen::MatrixXd Q = random_orthogonal(dim, rng);
  Eigen::MatrixXd A = Q * q.spectrum.asDiagonal() * Q.transpose();
  A = (A + A.transpose()) / 2;  // exactly symmetric before rounding
  q.A = A.unaryExpr([&](double v) { return round_to(format, v); });
  q.eigenvalues = Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd>(q.A, Eigen::EigenvaluesOnly).eigenvalues();
  q.L_rounded = q.eigenvalues.maxCoeff();
  q.x0 = (Q * Vector::Ones(dim) / std::sqrt(static_cast<double>(dim))).unaryExpr([&](double v) {
    return round_to(format, v);
  });
  return q;
}

DescentProblem descent_problem(const Quadratic& q) {
  DescentProblem p;
  p.gradient = dispatch(q.format, [&](auto tag) { return gradient_in<decltype(tag)>(q.A); });
  p.x0 = q.x0;
  p.minimiser = Vector::Zero(q.x0.size());
  return p;
}

}  // namespace numstab::dynamics
