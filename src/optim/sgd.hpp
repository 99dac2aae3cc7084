// torch.optim.SGD in a chosen format. HOW TO USE (all eight optimizers of
// src/optim/ work the same way):
//   optim::Sgd<F32> opt(optim::SgdConfig{.lr = 0.1, .momentum = 0.9});   // named fields, or
//   optim::Sgd<F32> opt(require_composite("sgd").resolve_params({"momentum=0.9"}));  // catalog row
//   Eigen::VectorXd p = ..., g = ...;   // values representable in the format (F64/F32/F16/BF16)
//   opt.step(p, g);                      // p updated in place, every operation rounded to the format
//   opt.hazards().names();               // what went wrong in that step (src/optim/optimizer.hpp)
// Params follow the catalog row's order (src/ops/optimizers.cpp): lr, momentum,
// dampening, weight_decay, nesterov (0/1); missing trailing values take PyTorch's
// defaults. Bad values (negative lr, nesterov without momentum or with dampening)
// throw UsageError like PyTorch's ValueError. `opt.state` holds the momentum
// buffer (empty until the first step, when PyTorch sets it to the gradient
// WITHOUT dampening) and the step count; it may be set to start from a chosen
// state. StepOptions{.f32_master = true} with F16/BF16 keeps an f32 master copy
// and f32 state (AMP style); `p` is then rounded from the master after each step.
// Hyperparameters (lr, momentum, 1 - dampening) are rounded once into the
// compute format, as a tensor op receives a Python float.
#pragma once
#include "src/optim/optimizer.hpp"

namespace numstab::optim {

struct SgdConfig {
  double lr = 1e-3;
  double momentum = 0;
  double dampening = 0;
  double weight_decay = 0;
  bool nesterov = false;

  static SgdConfig from_params(const Params& p) {
    return {param_or(p, 0, 1e-3), param_or(p, 1, 0), param_or(p, 2, 0), param_or(p, 3, 0),
            param_or(p, 4, 0) != 0};
  }
  Params to_params() const { return {lr, momentum, dampening, weight_decay, nesterov ? 1.0 : 0.0}; }
  void validate() const {
    require(lr >= 0, "sgd: lr must be >= 0");
    require(momentum >= 0, "sgd: momentum must be >= 0");
    require(weight_decay >= 0, "sgd: weight_decay must be >= 0");
    require(!nesterov || (momentum > 0 && dampening == 0),
            "sgd: nesterov needs momentum > 0 and dampening = 0");
  }
};

struct SgdState {
  Vector momentum_buffer{};  // empty until the first step with momentum
  int64_t step = 0;
};

template <class Tag>
class Sgd : public OptimizerBase<Tag> {
 public:
  using Config = SgdConfig;
  using State = SgdState;
  explicit Sgd(SgdConfig config, StepOptions options = {}) : OptimizerBase<Tag>(options), config(config) {
    config.validate();
  }
  explicit Sgd(const Params& params, StepOptions options = {})
      : Sgd(SgdConfig::from_params(params), options) {}

  // p <- p - lr * d, with d = g + wd p, then the momentum rules of torch.optim.SGD.
  void step(Vector& params, const Vector& grad) {
    Vector& p = this->begin_step(params, grad);
    const auto r = [this](double v) { return this->r(v); };
    const double lr = this->scalar(config.lr), mu = this->scalar(config.momentum);
    const double wd = this->scalar(config.weight_decay), keep = this->scalar(1 - config.dampening);
    const bool first = state.momentum_buffer.size() != p.size();
    if (config.momentum != 0 && first) state.momentum_buffer = Vector::Zero(p.size());
    Vector update(p.size());
    for (Eigen::Index i = 0; i < p.size(); ++i) {
      double d = grad[i];
      if (config.weight_decay != 0) d = r(d + r(wd * p[i]));
      if (config.momentum != 0) {
        double& buf = state.momentum_buffer[i];
        buf = first ? d : r(r(mu * buf) + r(keep * d));  // first step: the gradient, undampened
        d = config.nesterov ? r(d + r(mu * buf)) : buf;
      }
      update[i] = r(lr * d);
      p[i] = r(p[i] - update[i]);
    }
    ++state.step;
    this->end_step(params, update);
  }

  SgdConfig config;
  SgdState state{};
};

}  // namespace numstab::optim
