// Dynamic loss scaling with torch.amp.GradScaler semantics. The loss is
// multiplied by `scale` before backward, so small gradients of an f16/bf16
// backward pass do not underflow; the gradients are then unscaled in f32
// (g * (1/scale), PyTorch's inv_scale is an f32 tensor) and checked: a step
// with any inf/NaN gradient is skipped and the scale multiplied by
// backoff_factor; after growth_interval consecutive finite steps the scale is
// multiplied by growth_factor. The scale is an f32 value (PyTorch: f32 tensor).
// Params (catalog order, row "grad_scaler"): init_scale, growth_factor,
// backoff_factor, growth_interval.
#pragma once
#include <cmath>

#include "src/optim/optimizer.hpp"

namespace numstab::optim {

struct GradScalerConfig {
  double init_scale = 65536.0;
  double growth_factor = 2.0;
  double backoff_factor = 0.5;
  int64_t growth_interval = 2000;

  static GradScalerConfig from_params(const Params& p) {
    return {param_or(p, 0, 65536.0), param_or(p, 1, 2.0), param_or(p, 2, 0.5),
            static_cast<int64_t>(param_or(p, 3, 2000))};
  }
  void validate() const {
    require(init_scale > 0, "grad_scaler: init_scale must be > 0");
    require(growth_factor > 1, "grad_scaler: growth_factor must be > 1");
    require(backoff_factor > 0 && backoff_factor < 1, "grad_scaler: backoff_factor must be in (0, 1)");
    require(growth_interval >= 1, "grad_scaler: growth_interval must be >= 1");
  }
};

class GradScaler {
 public:
  explicit GradScaler(GradScalerConfig config = {}) : config_(config), scale_(round_to<F32>(config.init_scale)) {
    config_.validate();
  }
  explicit GradScaler(const Params& params) : GradScaler(GradScalerConfig::from_params(params)) {}

  double scale() const { return scale_; }
  int64_t growth_tracker() const { return growth_tracker_; }
  int64_t skipped_steps() const { return skipped_; }

  // The gradient a backward pass in format Tag produces for the scaled loss,
  // modelled as the exact gradient times the scale, rounded once into Tag.
  template <class Tag>
  Vector scaled_gradient(const Vector& exact_grad) const {
    Vector g(exact_grad.size());
    for (Eigen::Index i = 0; i < g.size(); ++i) g[i] = round_to<Tag>(exact_grad[i] * scale_);
    return g;
  }

  struct Unscaled {
    Vector grad{};  // f32 values
    bool found_inf = false;
  };
  // g * (1/scale) in f32, and whether any gradient is inf or NaN.
  Unscaled unscale(const Vector& scaled_grad) const {
    Unscaled out;
    const double inv_scale = round_to<F32>(1.0 / scale_);
    out.grad.resize(scaled_grad.size());
    for (Eigen::Index i = 0; i < scaled_grad.size(); ++i) {
      if (!std::isfinite(scaled_grad[i])) out.found_inf = true;
      out.grad[i] = round_to<F32>(scaled_grad[i] * inv_scale);
    }
    return out;
  }

  // GradScaler.step + update: unscale, call optimizer_step(unscaled f32 grad)
  // unless a gradient is inf/NaN, then update the scale. True when stepped.
  template <class StepFn>
  bool step(const Vector& scaled_grad, StepFn&& optimizer_step) {
    const Unscaled u = unscale(scaled_grad);
    if (!u.found_inf) optimizer_step(u.grad);
    update(u.found_inf);
    return !u.found_inf;
  }

  // torch._amp_update_scale_.
  void update(bool found_inf) {
    if (found_inf) {
      scale_ = round_to<F32>(scale_ * config_.backoff_factor);
      growth_tracker_ = 0;
      ++skipped_;
      return;
    }
    if (++growth_tracker_ == config_.growth_interval) {
      const double grown = round_to<F32>(scale_ * config_.growth_factor);
      if (std::isfinite(grown)) scale_ = grown;
      growth_tracker_ = 0;
    }
  }

 private:
  GradScalerConfig config_;
  double scale_;
  int64_t growth_tracker_ = 0;
  int64_t skipped_ = 0;
};

}  // namespace numstab::optim
