// torch.optim.Adamax in a chosen format; used like src/optim/sgd.hpp.
// Params (AdamaxConfig::fields() order): lr, beta1, beta2, eps, weight_decay.
#pragma once
#include "src/optim/optimizer.hpp"

namespace numstab::optim {

struct AdamaxConfig {
  double lr = 2e-3;
  double beta1 = 0.9;
  double beta2 = 0.999;
  double eps = 1e-8;
  double weight_decay = 0;

  static const std::vector<Field<AdamaxConfig>>& fields() {
    static const std::vector<Field<AdamaxConfig>> f{
        field<&AdamaxConfig::lr>("lr", "learning rate"),
        field<&AdamaxConfig::beta1>("beta1", "decay of the first-moment average (betas[0])"),
        field<&AdamaxConfig::beta2>("beta2", "decay of the second-moment average (betas[1])"),
        field<&AdamaxConfig::eps>("eps", "added to the denominator"),
        field<&AdamaxConfig::weight_decay>("weight_decay", "L2 penalty: g + weight_decay p")};
    return f;
  }
  static AdamaxConfig from_params(const Params& p) { return with_params(AdamaxConfig{}, p); }
  void validate() const {
    require(lr >= 0 && eps >= 0 && weight_decay >= 0, "adamax: lr, eps and weight_decay must be >= 0");
    require(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1, "adamax: betas must be in [0, 1)");
  }
};

struct AdamaxState {
  Vector exp_avg{};  // m
  Vector exp_inf{};  // u: exponentially weighted infinity norm
  int64_t step = 0;
  std::vector<Vector*> slots() { return {&exp_avg, &exp_inf}; }
  std::vector<double*> scalars() { return {}; }
};

template <class Tag>
class Adamax : public Optimizer<Tag, Adamax<Tag>, AdamaxConfig, AdamaxState> {
 public:
  using Optimizer<Tag, Adamax<Tag>, AdamaxConfig, AdamaxState>::Optimizer;

  void advance(Vector& p, const Vector& grad, Vector& update) {
    const AdamaxConfig& config = this->config;
    AdamaxState& state = this->state;
    const auto r = [this](double v) { return this->r(v); };
    const Eigen::Index n = p.size();
    this->ensure(state.exp_avg, n);
    this->ensure(state.exp_inf, n);
    const double t = static_cast<double>(++state.step);
    const double clr = this->scalar(config.lr / (1 - std::pow(config.beta1, t)));
    const double beta2 = this->scalar(config.beta2), wd = this->scalar(config.weight_decay);
    const double eps = this->rounded_eps(config.eps);
    for (Eigen::Index i = 0; i < n; ++i) {
      double g = grad[i];
      if (config.weight_decay != 0) g = r(g + r(wd * p[i]));
      double& m = state.exp_avg[i];
      double& u = state.exp_inf[i];
      m = this->lerp(m, g, 1 - config.beta1);
      u = std::max(r(beta2 * u), r(std::abs(g) + eps));
      update[i] = r(clr * this->divide(m, u));
      p[i] = r(p[i] - update[i]);
    }
  }
};

}  // namespace numstab::optim
