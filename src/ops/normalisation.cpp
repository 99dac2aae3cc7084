// Catalog rows of the normalisation layers. Kernels: src/norms/normalise.hpp;
// oracles: oracles/norms/; bounds: src/norms/check.hpp.
#include "src/ops/families.hpp"

namespace numstab {

void add_normalisation_ops(std::vector<CompositeOpInfo>& ops) {
  const char backward[] =
      " Backward: input gradient dx = r (g - mean(g) - xhat mean(g xhat)), g = dy w, r = 1 / sqrt(var + eps); "
      "weight gradient dy xhat and bias gradient dy, summed over the batch. Statistics: mean from a pairwise "
      "sum, biased variance by the two_pass algorithm (textbook kept to show one-pass failing at large "
      "offsets).";
  ops.push_back({"batchnorm", OpKind::normalisation,
                 "(x - mean) / sqrt(var + eps) * w + b per channel, statistics over the batch (training)",
                 {{"eps", 1e-5, "added to the variance"}}, {"two_pass", "textbook"},
                 std::string("torch.nn.functional.batch_norm(training=True): biased variance (divided by N) in the "
                             "normalisation (the running_var update uses the unbiased one; not modelled). w, b: one "
                             "scalar per channel.") + backward});
  ops.push_back({"layernorm", OpKind::normalisation,
                 "(x - mean) / sqrt(var + eps) * w + b over the last dimension",
                 {{"eps", 1e-5, "added to the variance"}}, {"two_pass", "textbook"},
                 std::string("torch.nn.functional.layer_norm: biased variance; w, b one per element.") + backward});
  ops.push_back({"rmsnorm", OpKind::normalisation, "x / sqrt(mean(x^2) + eps) * w over the last dimension",
                 {{"eps", 0, "added to the mean square; 0 means PyTorch's default None = torch.finfo(dtype).eps "
                             "(2^-52, 2^-23, 2^-10, 2^-7 for f64, f32, f16, bf16)"}},
                 {},
                 "torch.nn.functional.rms_norm. Backward: dx = r (g - xhat mean(g xhat)), g = dy w, "
                 "r = 1 / sqrt(mean(x^2) + eps); weight gradient dy xhat."});
}

}  // namespace numstab
