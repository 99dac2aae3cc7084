// torch.optim.Adagrad in a chosen format; used like src/optim/sgd.hpp.
// Params (AdagradConfig::fields() order): lr, lr_decay, weight_decay,
// initial_accumulator_value, eps.
#pragma once
#include "src/optim/optimizer.hpp"

namespace numstab::optim {

struct AdagradConfig {
  double lr = 1e-2;
  double lr_decay = 0;
  double weight_decay = 0;
  double initial_accumulator_value = 0;
  double eps = 1e-10;

  static const std::vector<Field<AdagradConfig>>& fields() {
    static const std::vector<Field<AdagradConfig>> f{
        field<&AdagradConfig::lr>("lr", "learning rate"),
        field<&AdagradConfig::lr_decay>("lr_decay", "learning-rate decay: lr / (1 + (t-1) lr_decay)"),
        field<&AdagradConfig::weight_decay>("weight_decay", "L2 penalty: g + weight_decay p"),
        field<&AdagradConfig::initial_accumulator_value>("initial_accumulator_value",
                                                          "initial value of the sum of squares"),
        field<&AdagradConfig::eps>("eps", "added to the denominator")};
    return f;
  }
  static AdagradConfig from_params(const Params& p) { return with_params(AdagradConfig{}, p); }
  void validate() const {
    require(lr >= 0 && lr_decay >= 0 && weight_decay >= 0 && initial_accumulator_value >= 0 && eps >= 0,
            "adagrad: lr, lr_decay, weight_decay, initial_accumulator_value and eps must be >= 0");
  }
};

struct AdagradState {
  Vector sum{};  // sum of g^2, starts at initial_accumulator_value
  int64_t step = 0;
  std::vector<Vector*> slots() { return {&sum}; }
  std::vector<double*> scalars() { return {}; }
};

template <class Tag>
class Adagrad : public Optimizer<Tag, Adagrad<Tag>, AdagradConfig, AdagradState> {
 public:
  using Optimizer<Tag, Adagrad<Tag>, AdagradConfig, AdagradState>::Optimizer;

  void advance(Vector& p, const Vector& grad, Vector& update) {
    const AdagradConfig& config = this->config;
    AdagradState& state = this->state;
    const auto r = [this](double v) { return this->r(v); };
    const Eigen::Index n = p.size();
    if (state.sum.size() != n) state.sum = this->filled(n, config.initial_accumulator_value);
    const double t = static_cast<double>(++state.step);
    const double clr = this->scalar(config.lr / (1 + (t - 1) * config.lr_decay));
    const double wd = this->scalar(config.weight_decay), eps = this->rounded_eps(config.eps);
    for (Eigen::Index i = 0; i < n; ++i) {
      double g = grad[i];
      if (config.weight_decay != 0) g = r(g + r(wd * p[i]));
      double& s = state.sum[i];
      s = r(s + this->weighted_square(1, g));
      const double std_dev = r(r(std::sqrt(s)) + eps);
      update[i] = r(clr * this->divide(g, std_dev));
      p[i] = r(p[i] - update[i]);
    }
  }
};

}  // namespace numstab::optim
