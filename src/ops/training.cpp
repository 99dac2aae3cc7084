// Catalog rows of the training utilities (gradient clipping, dynamic loss scaling).
// Kernels: src/optim/clipping.hpp, src/optim/grad_scaler.hpp.
#include "src/ops/families.hpp"

namespace numstab {

void add_training_ops(std::vector<CompositeOpInfo>& ops) {
  ops.push_back({"clip_grad_value", OpKind::training, "clamp every gradient component to [-clip_value, clip_value]",
                 {{"clip_value", 1.0, "clamp bound (required in PyTorch; numstab's default 1)"}},
                 {},
                 "torch.nn.utils.clip_grad_value_: g_i = min(max(g_i, -c), c); exact in every format "
                 "(c rounded once into the format)."});
  ops.push_back({"clip_grad_norm", OpKind::training, "rescale all gradients when their total 2-norm exceeds max_norm",
                 {{"max_norm", 1.0, "largest allowed total norm (required in PyTorch; numstab's default 1)"}},
                 {"scaled", "naive"},
                 "torch.nn.utils.clip_grad_norm_ (norm_type 2): total_norm = ||g||_2 over all gradients, "
                 "clip_coef = min(max_norm / (total_norm + 1e-6), 1), g *= clip_coef. 'scaled' (default) "
                 "computes the norm as m sqrt(sum (g_i/m)^2) with m = max |g_i|, in the gradients' format, so "
                 "it is finite whenever the true norm is; 'naive' sums the squares in the format and "
                 "overflows in f16 once sum g_i^2 > 65504."});
  ops.push_back({"grad_scaler", OpKind::training, "dynamic loss scaling (torch.amp.GradScaler)",
                 {{"init_scale", 65536.0, "initial scale 2^16"},
                  {"growth_factor", 2.0, "scale multiplier after growth_interval finite steps"},
                  {"backoff_factor", 0.5, "scale multiplier after a step with inf/NaN gradients"},
                  {"growth_interval", 2000.0, "consecutive finite steps before growth"}},
                 {},
                 "The loss is multiplied by the scale before backward; gradients are unscaled (in f32) "
                 "before the optimizer step; a step whose scaled gradients hold inf/NaN is skipped and the "
                 "scale multiplied by backoff_factor; after growth_interval consecutive finite steps the "
                 "scale is multiplied by growth_factor."});
}

}  // namespace numstab
