// torch.optim.SGD in a chosen format. HOW TO USE (every optimizer of
// src/optim/ works the same way):
//   optim::Sgd<F32> opt(optim::SgdConfig{.lr = 0.1, .momentum = 0.9});   // named fields, or
//   optim::Sgd<F32> opt(optim::require_optimizer("sgd").resolve_params({"momentum=0.9"}));  // by name
//   Eigen::VectorXd p = ..., g = ...;   // values representable in the format (F64/F32/F16/BF16)
//   opt.step(p, g);                      // p updated in place, every operation rounded to the format
//   opt.hazards().names();               // what went wrong in that step (src/optim/optimizer.hpp)
// Params follow SgdConfig::fields() (the catalog row's order): lr, momentum,
// dampening, weight_decay, nesterov (0/1); missing trailing values take PyTorch's
// defaults, the initialisers below. Bad values (negative lr, nesterov without
// momentum or with dampening) throw UsageError like PyTorch's ValueError.
// `opt.state` holds the momentum buffer (empty until the first step, when
// PyTorch sets it to the gradient WITHOUT dampening) and the step count; it may
// be set to start from a chosen state. StepOptions{.f32_master = true} with
// F16/BF16 keeps an f32 master copy and f32 state (AMP style); `p` is then
// rounded from the master after each step. Hyperparameters (lr, momentum,
// 1 - dampening) are rounded once into the compute format, as a tensor op
// receives a Python float.
#pragma once
#include "src/optim/optimizer.hpp"

namespace numstab::optim {

struct SgdConfig {
  double lr = 1e-3;
  double momentum = 0;
  double dampening = 0;
  double weight_decay = 0;
  bool nesterov = false;

  static const std::vector<Field<SgdConfig>>& fields() {
    static const std::vector<Field<SgdConfig>> f{
        field<&SgdConfig::lr>("lr", "learning rate"),
        field<&SgdConfig::momentum>("momentum", "momentum factor mu"),
        field<&SgdConfig::dampening>("dampening", "dampening d of the gradient in the buffer: b = mu b + (1-d) g"),
        field<&SgdConfig::weight_decay>("weight_decay", "L2 penalty: g + weight_decay p"),
        field<&SgdConfig::nesterov>("nesterov", "1: Nesterov momentum g + mu b (needs momentum > 0, dampening 0)")};
    return f;
  }
  static SgdConfig from_params(const Params& p) { return with_params(SgdConfig{}, p); }
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
  std::vector<Vector*> slots() { return {&momentum_buffer}; }
  std::vector<double*> scalars() { return {}; }
};

template <class Tag>
class Sgd : public Optimizer<Tag, Sgd<Tag>, SgdConfig, SgdState> {
 public:
  using Optimizer<Tag, Sgd<Tag>, SgdConfig, SgdState>::Optimizer;

  // p <- p - lr * d, with d = g + wd p, then the momentum rules of torch.optim.SGD.
  void advance(Vector& p, const Vector& grad, Vector& update) {
    const SgdConfig& config = this->config;
    SgdState& state = this->state;
    const auto r = [this](double v) { return this->r(v); };
    const double lr = this->scalar(config.lr), mu = this->scalar(config.momentum);
    const double wd = this->scalar(config.weight_decay), keep = this->scalar(1 - config.dampening);
    const bool first = state.momentum_buffer.size() != p.size();
    if (config.momentum != 0 && first) state.momentum_buffer = Vector::Zero(p.size());
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
  }
};

}  // namespace numstab::optim
