#include "oracles/losses/oracle.hpp"

#include <boost/multiprecision/mpfr.hpp>

#include "oracles/vecops/oracle.hpp"
#include "src/errors.hpp"

namespace numstab::oracles::losses {

namespace {
Real clamped_log(const Real& v) {  // max(log v, -100), log 0 = -inf
  if (v <= 0) return Real(-100);
  Real l = log(v);
  return l < -100 ? Real(-100) : l;
}
constexpr const char* kLosses[] = {"mse", "l1", "huber", "bce", "bce_with_logits", "kl_div"};
}  // namespace

Real loss_term(std::string_view loss, double x, double y, double delta) {
  const Real X = x, Y = y, D = X - Y;
  if (loss == "mse") return D * D;
  if (loss == "l1") return abs(D);
  if (loss == "huber") {
    const Real a = abs(D);
    return a < delta ? Real(D * D / 2) : Real(delta * (a - Real(delta) / 2));
  }
  if (loss == "bce") return -(Y * clamped_log(X) + (1 - Y) * clamped_log(1 - X));
  if (loss == "bce_with_logits") {
    // -(y log sigmoid(x) + (1 - y) log(1 - sigmoid(x))) = (1 - y) x + log(1 + e^-x);
    // written with e^-|x| so that MPFR never forms e^(1e4) needlessly.
    const Real softplus_minus = X > 0 ? Real(log1p(exp(-X))) : Real(log1p(exp(X)) - X);
    return (1 - Y) * X + softplus_minus;
  }
  if (loss == "kl_div") return y == 0 ? Real(0) : Real(Y * (log(Y) - X));  // 0 log 0 = 0
  throw unknown_name("loss", loss, kLosses);
}

Real grad_term(std::string_view loss, double x, double y, double delta, double bce_eps) {
  const Real X = x, Y = y, D = X - Y;
  if (loss == "mse") return 2 * D;
  if (loss == "l1") return Real(D > 0 ? 1 : (D < 0 ? -1 : 0));
  if (loss == "huber") return D < -delta ? Real(-delta) : (D > delta ? Real(delta) : D);
  if (loss == "bce") {
    Real p = (1 - X) * X;
    if (p < bce_eps) p = bce_eps;
    return D / p;
  }
  if (loss == "bce_with_logits") return 1 / (1 + exp(-X)) - Y;
  if (loss == "kl_div") return -Y;
  throw unknown_name("loss", loss, kLosses);
}

Real cross_entropy_term(const Eigen::VectorXd& row, int target) {
  return logsumexp_exact(row) - row[target];
}

Real cross_entropy_grad(const Eigen::VectorXd& row, int target, int j) {
  const RealVector s = softmax_exact(row);
  return j == target ? Real(s[j] - 1) : s[j];
}

}  // namespace numstab::oracles::losses
