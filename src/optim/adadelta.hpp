// torch.optim.Adadelta in a chosen format; used like src/optim/sgd.hpp.
// Params (AdadeltaConfig::fields() order): lr, rho, eps, weight_decay.
#pragma once
#include "src/optim/optimizer.hpp"

namespace numstab::optim {

struct AdadeltaConfig {
  double lr = 1.0;
  double rho = 0.9;
  double eps = 1e-6;
  double weight_decay = 0;

  static const std::vector<Field<AdadeltaConfig>>& fields() {
    static const std::vector<Field<AdadeltaConfig>> f{
        field<&AdadeltaConfig::lr>("lr", "learning rate"),
        field<&AdadeltaConfig::rho>("rho", "decay of the running averages"),
        field<&AdadeltaConfig::eps>("eps", "added to the denominator"),
        field<&AdadeltaConfig::weight_decay>("weight_decay", "L2 penalty: g + weight_decay p")};
    return f;
  }
  static AdadeltaConfig from_params(const Params& p) { return with_params(AdadeltaConfig{}, p); }
  void validate() const {
    require(lr >= 0 && eps >= 0 && weight_decay >= 0, "adadelta: lr, eps and weight_decay must be >= 0");
    require(rho >= 0 && rho <= 1, "adadelta: rho must be in [0, 1]");
  }
};

struct AdadeltaState {
  Vector square_avg{};  // v: running average of g^2
  Vector acc_delta{};   // u: running average of delta^2
  int64_t step = 0;
  std::vector<Vector*> slots() { return {&square_avg, &acc_delta}; }
  std::vector<double*> scalars() { return {}; }
};

template <class Tag>
class Adadelta : public Optimizer<Tag, Adadelta<Tag>, AdadeltaConfig, AdadeltaState> {
 public:
  using Optimizer<Tag, Adadelta<Tag>, AdadeltaConfig, AdadeltaState>::Optimizer;

  void advance(Vector& p, const Vector& grad, Vector& update) {
    const AdadeltaConfig& config = this->config;
    AdadeltaState& state = this->state;
    const auto r = [this](double v) { return this->r(v); };
    const Eigen::Index n = p.size();
    this->ensure(state.square_avg, n);
    this->ensure(state.acc_delta, n);
    ++state.step;
    const double lr = this->scalar(config.lr), rho = this->scalar(config.rho);
    const double wd = this->scalar(config.weight_decay), eps = this->rounded_eps(config.eps);
    for (Eigen::Index i = 0; i < n; ++i) {
      double g = grad[i];
      if (config.weight_decay != 0) g = r(g + r(wd * p[i]));
      double& v = state.square_avg[i];
      double& u = state.acc_delta[i];
      v = r(r(rho * v) + this->weighted_square(1 - config.rho, g));
      const double std_dev = r(std::sqrt(r(v + eps)));
      const double delta = r(this->divide(r(std::sqrt(r(u + eps))), std_dev) * g);
      u = r(r(rho * u) + r(this->scalar(1 - config.rho) * r(delta * delta)));
      update[i] = r(lr * delta);
      p[i] = r(p[i] - update[i]);
    }
  }
};

}  // namespace numstab::optim
