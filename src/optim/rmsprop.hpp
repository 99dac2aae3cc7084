// torch.optim.RMSprop in a chosen format; used like src/optim/sgd.hpp.
// Params (RmspropConfig::fields() order): lr, alpha, eps, weight_decay,
// momentum, centered.
#pragma once
#include "src/optim/optimizer.hpp"

namespace numstab::optim {

struct RmspropConfig {
  double lr = 1e-2;
  double alpha = 0.99;
  double eps = 1e-8;
  double weight_decay = 0;
  double momentum = 0;
  bool centered = false;

  static const std::vector<Field<RmspropConfig>>& fields() {
    static const std::vector<Field<RmspropConfig>> f{
        field<&RmspropConfig::lr>("lr", "learning rate"),
        field<&RmspropConfig::alpha>("alpha", "smoothing constant of the square average"),
        field<&RmspropConfig::eps>("eps", "added to the denominator"),
        field<&RmspropConfig::weight_decay>("weight_decay", "L2 penalty: g + weight_decay p"),
        field<&RmspropConfig::momentum>("momentum", "momentum factor"),
        field<&RmspropConfig::centered>("centered", "1: divide by the estimated variance")};
    return f;
  }
  static RmspropConfig from_params(const Params& p) { return with_params(RmspropConfig{}, p); }
  void validate() const {
    require(lr >= 0 && alpha >= 0 && eps >= 0 && weight_decay >= 0 && momentum >= 0,
            "rmsprop: lr, alpha, eps, weight_decay and momentum must be >= 0");
  }
};

struct RmspropState {
  Vector square_avg{};
  Vector grad_avg{};         // centered only
  Vector momentum_buffer{};  // momentum > 0 only
  int64_t step = 0;
  std::vector<Vector*> slots() { return {&square_avg, &grad_avg, &momentum_buffer}; }
  std::vector<double*> scalars() { return {}; }
};

template <class Tag>
class Rmsprop : public Optimizer<Tag, Rmsprop<Tag>, RmspropConfig, RmspropState> {
 public:
  using Optimizer<Tag, Rmsprop<Tag>, RmspropConfig, RmspropState>::Optimizer;

  void advance(Vector& p, const Vector& grad, Vector& update) {
    const RmspropConfig& config = this->config;
    RmspropState& state = this->state;
    const auto r = [this](double v) { return this->r(v); };
    const Eigen::Index n = p.size();
    this->ensure(state.square_avg, n);
    if (config.centered) this->ensure(state.grad_avg, n);
    if (config.momentum > 0) this->ensure(state.momentum_buffer, n);
    ++state.step;
    const double lr = this->scalar(config.lr), alpha = this->scalar(config.alpha);
    const double wd = this->scalar(config.weight_decay), mu = this->scalar(config.momentum);
    const double eps = this->rounded_eps(config.eps);
    for (Eigen::Index i = 0; i < n; ++i) {
      double g = grad[i];
      if (config.weight_decay != 0) g = r(g + r(wd * p[i]));
      double& v = state.square_avg[i];
      v = r(r(alpha * v) + this->weighted_square(1 - config.alpha, g));
      double avg;
      if (config.centered) {
        double& m = state.grad_avg[i];
        m = this->lerp(m, g, 1 - config.alpha);
        avg = r(std::sqrt(r(v - r(m * m))));  // addcmul(m, m, value=-1)
      } else {
        avg = r(std::sqrt(v));
      }
      avg = r(avg + eps);
      if (config.momentum > 0) {
        double& buf = state.momentum_buffer[i];
        buf = r(r(mu * buf) + this->divide(g, avg));
        update[i] = r(lr * buf);
      } else {
        update[i] = r(lr * this->divide(g, avg));
      }
      p[i] = r(p[i] - update[i]);
    }
  }
};

}  // namespace numstab::optim
