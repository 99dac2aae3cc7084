// torch.optim.Adam and torch.optim.AdamW (decoupled weight decay) in a chosen
// format; used like src/optim/sgd.hpp. Params (catalog order): lr, beta1, beta2,
// eps, weight_decay, amsgrad.
#pragma once
#include "src/optim/optimizer.hpp"

namespace numstab::optim {

struct AdamConfig {
  double lr = 1e-3;
  double beta1 = 0.9;
  double beta2 = 0.999;
  double eps = 1e-8;
  double weight_decay = 0;
  bool amsgrad = false;
  bool decoupled = false;  // AdamW: p *= 1 - lr wd instead of g += wd p

  static AdamConfig from_params(const Params& p, bool decoupled = false) {
    const double wd_default = decoupled ? 1e-2 : 0;
    return {param_or(p, 0, 1e-3), param_or(p, 1, 0.9), param_or(p, 2, 0.999), param_or(p, 3, 1e-8),
            param_or(p, 4, wd_default), param_or(p, 5, 0) != 0, decoupled};
  }
  Params to_params() const { return {lr, beta1, beta2, eps, weight_decay, amsgrad ? 1.0 : 0.0}; }
  void validate() const {
    require(lr >= 0, "adam: lr must be >= 0");
    require(eps >= 0, "adam: eps must be >= 0");
    require(beta1 >= 0 && beta1 < 1, "adam: beta1 must be in [0, 1)");
    require(beta2 >= 0 && beta2 < 1, "adam: beta2 must be in [0, 1)");
    require(weight_decay >= 0, "adam: weight_decay must be >= 0");
  }
};

struct AdamState {
  Vector exp_avg{};         // m
  Vector exp_avg_sq{};      // v
  Vector max_exp_avg_sq{};  // amsgrad's running maximum of v
  int64_t step = 0;         // t of the previous step
};

template <class Tag>
class Adam : public OptimizerBase<Tag> {
 public:
  using Config = AdamConfig;
  using State = AdamState;
  explicit Adam(AdamConfig config, StepOptions options = {}) : OptimizerBase<Tag>(options), config(config) {
    config.validate();
  }
  explicit Adam(const Params& params, StepOptions options = {})
      : Adam(AdamConfig::from_params(params), options) {}

  void step(Vector& params, const Vector& grad) {
    Vector& p = this->begin_step(params, grad);
    const auto r = [this](double v) { return this->r(v); };
    const Eigen::Index n = p.size();
    if (state.exp_avg.size() != n) state.exp_avg = Vector::Zero(n);
    if (state.exp_avg_sq.size() != n) state.exp_avg_sq = Vector::Zero(n);
    if (config.amsgrad && state.max_exp_avg_sq.size() != n) state.max_exp_avg_sq = Vector::Zero(n);
    const double t = static_cast<double>(++state.step);
    // Python-side scalars, in double, each rounded once where a tensor op takes it.
    const double step_size = this->scalar(config.lr / (1 - std::pow(config.beta1, t)));
    const double bc2_sqrt = this->scalar(std::sqrt(1 - std::pow(config.beta2, t)));
    const double beta2 = this->scalar(config.beta2), wd = this->scalar(config.weight_decay);
    const double eps = this->rounded_eps(config.eps);
    const double decay = this->scalar(1 - config.lr * config.weight_decay);
    Vector update(n);
    for (Eigen::Index i = 0; i < n; ++i) {
      double g = grad[i];
      if (config.weight_decay != 0) {
        if (config.decoupled) p[i] = r(p[i] * decay);
        else g = r(g + r(wd * p[i]));
      }
      double& m = state.exp_avg[i];
      double& v = state.exp_avg_sq[i];
      m = this->lerp(m, g, 1 - config.beta1);
      v = r(r(beta2 * v) + this->weighted_square(1 - config.beta2, g));
      double vhat = v;
      if (config.amsgrad) vhat = state.max_exp_avg_sq[i] = std::max(state.max_exp_avg_sq[i], v);
      const double denom = r(r(r(std::sqrt(vhat)) / bc2_sqrt) + eps);
      update[i] = r(step_size * this->divide(m, denom));
      p[i] = r(p[i] - update[i]);
    }
    this->end_step(params, update);
  }

  AdamConfig config;
  AdamState state{};
};

// AdamW: Adam with decoupled weight decay (default 1e-2).
template <class Tag>
class AdamW : public Adam<Tag> {
 public:
  explicit AdamW(AdamConfig config, StepOptions options = {}) : Adam<Tag>(with_decoupled(config), options) {}
  explicit AdamW(const Params& params, StepOptions options = {})
      : Adam<Tag>(AdamConfig::from_params(params, true), options) {}

 private:
  static AdamConfig with_decoupled(AdamConfig c) {
    c.decoupled = true;
    return c;
  }
};

}  // namespace numstab::optim
