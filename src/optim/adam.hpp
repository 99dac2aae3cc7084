// torch.optim.Adam and torch.optim.AdamW (decoupled weight decay) in a chosen
// format; used like src/optim/sgd.hpp. Params (AdamConfig::fields() order): lr,
// beta1, beta2, eps, weight_decay, amsgrad.
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

  // AdamW's defaults: Adam's, with a decoupled weight decay of 1e-2.
  static AdamConfig adamw_defaults() {
    AdamConfig c;
    c.weight_decay = 1e-2;
    c.decoupled = true;
    return c;
  }
  // The same fields for both; only the meaning of weight_decay differs.
  static const std::vector<Field<AdamConfig>>& fields(bool decoupled = false) {
    const auto list = [](const char* weight_decay_meaning) {
      return std::vector<Field<AdamConfig>>{
          field<&AdamConfig::lr>("lr", "learning rate"),
          field<&AdamConfig::beta1>("beta1", "decay of the first-moment average (betas[0])"),
          field<&AdamConfig::beta2>("beta2", "decay of the second-moment average (betas[1])"),
          field<&AdamConfig::eps>("eps", "added to the denominator"),
          field<&AdamConfig::weight_decay>("weight_decay", weight_decay_meaning),
          field<&AdamConfig::amsgrad>("amsgrad", "1: use the running maximum of v (AMSGrad)")};
    };
    static const auto coupled = list("L2 penalty: g + weight_decay p");
    static const auto decoupled_list = list("decoupled decay: p *= 1 - lr wd");
    return decoupled ? decoupled_list : coupled;
  }
  static AdamConfig from_params(const Params& p, bool decoupled = false) {
    return with_params(decoupled ? adamw_defaults() : AdamConfig{}, p);
  }
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
  std::vector<Vector*> slots() { return {&exp_avg, &exp_avg_sq, &max_exp_avg_sq}; }
  std::vector<double*> scalars() { return {}; }
};

template <class Tag>
class Adam : public Optimizer<Tag, Adam<Tag>, AdamConfig, AdamState> {
 public:
  using Optimizer<Tag, Adam<Tag>, AdamConfig, AdamState>::Optimizer;

  void advance(Vector& p, const Vector& grad, Vector& update) {
    const AdamConfig& config = this->config;
    AdamState& state = this->state;
    const auto r = [this](double v) { return this->r(v); };
    const Eigen::Index n = p.size();
    this->ensure(state.exp_avg, n);
    this->ensure(state.exp_avg_sq, n);
    if (config.amsgrad) this->ensure(state.max_exp_avg_sq, n);
    const double t = static_cast<double>(++state.step);
    // Python-side scalars, in double, each rounded once where a tensor op takes it.
    const double step_size = this->scalar(config.lr / (1 - std::pow(config.beta1, t)));
    const double bc2_sqrt = this->scalar(std::sqrt(1 - std::pow(config.beta2, t)));
    const double beta2 = this->scalar(config.beta2), wd = this->scalar(config.weight_decay);
    const double eps = this->rounded_eps(config.eps);
    const double decay = this->scalar(1 - config.lr * config.weight_decay);
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
  }
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
