// torch.optim.NAdam in a chosen format; used like src/optim/sgd.hpp.
// Params (NadamConfig::fields() order): lr, beta1, beta2, eps, weight_decay,
// momentum_decay. PyTorch keeps the running product of mu_t in a scalar tensor
// (float32 unless the default dtype is float64); numstab keeps it in double.
#pragma once
#include "src/optim/optimizer.hpp"

namespace numstab::optim {

struct NadamConfig {
  double lr = 2e-3;
  double beta1 = 0.9;
  double beta2 = 0.999;
  double eps = 1e-8;
  double weight_decay = 0;
  double momentum_decay = 4e-3;

  static const std::vector<Field<NadamConfig>>& fields() {
    static const std::vector<Field<NadamConfig>> f{
        field<&NadamConfig::lr>("lr", "learning rate"),
        field<&NadamConfig::beta1>("beta1", "decay of the first-moment average (betas[0])"),
        field<&NadamConfig::beta2>("beta2", "decay of the second-moment average (betas[1])"),
        field<&NadamConfig::eps>("eps", "added to the denominator"),
        field<&NadamConfig::weight_decay>("weight_decay", "L2 penalty: g + weight_decay p"),
        field<&NadamConfig::momentum_decay>("momentum_decay", "psi of mu_t = beta1 (1 - 0.5 * 0.96^(t psi))")};
    return f;
  }
  static NadamConfig from_params(const Params& p) { return with_params(NadamConfig{}, p); }
  void validate() const {
    require(lr >= 0 && eps >= 0 && weight_decay >= 0 && momentum_decay >= 0,
            "nadam: lr, eps, weight_decay and momentum_decay must be >= 0");
    require(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1, "nadam: betas must be in [0, 1)");
  }
  // mu_t = beta1 (1 - 0.5 * 0.96^(t psi)), in double as PyTorch does in Python.
  double mu(double t) const { return beta1 * (1 - 0.5 * std::pow(0.96, t * momentum_decay)); }
};

struct NadamState {
  Vector exp_avg{};
  Vector exp_avg_sq{};
  double mu_product = 1;  // prod of mu_1..mu_t
  int64_t step = 0;
  std::vector<Vector*> slots() { return {&exp_avg, &exp_avg_sq}; }
  std::vector<double*> scalars() { return {&mu_product}; }
};

template <class Tag>
class Nadam : public Optimizer<Tag, Nadam<Tag>, NadamConfig, NadamState> {
 public:
  using Optimizer<Tag, Nadam<Tag>, NadamConfig, NadamState>::Optimizer;

  void advance(Vector& p, const Vector& grad, Vector& update) {
    const NadamConfig& config = this->config;
    NadamState& state = this->state;
    const auto r = [this](double v) { return this->r(v); };
    const Eigen::Index n = p.size();
    this->ensure(state.exp_avg, n);
    this->ensure(state.exp_avg_sq, n);
    const double t = static_cast<double>(++state.step);
    const double bias_correction2 = this->scalar(1 - std::pow(config.beta2, t));
    const double mu = config.mu(t), mu_next = config.mu(t + 1);
    state.mu_product *= mu;
    const double mu_product_next = state.mu_product * mu_next;
    const double grad_coef = this->scalar(config.lr * (1 - mu) / (1 - state.mu_product));
    const double avg_coef = this->scalar(config.lr * mu_next / (1 - mu_product_next));
    const double beta2 = this->scalar(config.beta2), wd = this->scalar(config.weight_decay);
    const double eps = this->rounded_eps(config.eps);
    for (Eigen::Index i = 0; i < n; ++i) {
      double g = grad[i];
      if (config.weight_decay != 0) g = r(g + r(wd * p[i]));
      double& m = state.exp_avg[i];
      double& v = state.exp_avg_sq[i];
      m = this->lerp(m, g, 1 - config.beta1);
      v = r(r(beta2 * v) + this->weighted_square(1 - config.beta2, g));
      const double denom = r(r(std::sqrt(r(v / bias_correction2))) + eps);
      // Two addcdiv_ calls: p -= grad_coef g/denom, then p -= avg_coef m/denom.
      const double first = r(grad_coef * this->divide(g, denom));
      const double second = r(avg_coef * this->divide(m, denom));
      p[i] = r(r(p[i] - first) - second);
      update[i] = r(first + second);  // for the stagnation check only
    }
  }
};

}  // namespace numstab::optim
