// Catalog rows of the losses. Kernels: src/losses/losses.hpp; oracles:
// oracles/losses/; bounds: src/losses/check.hpp.
#include "src/ops/families.hpp"

namespace numstab {

namespace {
const char kReductions[] =
    " Reductions (PyTorch's `reduction` argument) are the algorithms: mean (default) divides the "
    "pairwise sum of the terms by their count, sum does not. Gradient: w.r.t. the input, for "
    "grad_output 1.";
}  // namespace

void add_loss_ops(std::vector<CompositeOpInfo>& ops) {
  const std::vector<std::string> reductions = {"mean", "sum"};
  const auto row = [&](const char* name, const char* summary, std::vector<ParamSpec> params, std::string notes) {
    ops.push_back({name, OpKind::loss, summary, std::move(params), reductions, notes + kReductions});
  };
  row("mse", "(x - y)^2", {}, "torch.nn.functional.mse_loss; gradient 2 (x - y).");
  row("l1", "|x - y|", {}, "torch.nn.functional.l1_loss; gradient sign(x - y), 0 at x = y.");
  row("huber", "0.5 d^2 for |d| < delta, delta (|d| - delta / 2) otherwise, d = x - y",
      {{"delta", 1, "where the quadratic piece becomes linear"}},
      "torch.nn.functional.huber_loss; gradient clamp(d, -delta, delta).");
  row("bce", "-(y log x + (1 - y) log(1 - x)), x a probability", {},
      "torch.nn.functional.binary_cross_entropy: each log clamped to >= -100 (so x = 0 or 1 costs at "
      "most 100), log(1 - x) as log1p(-x). Gradient: PyTorch's backward formula (x - y) / max((1 - x) x, "
      "1e-12) (1e-12 rounded to the format: 0 in f16, so x = 0 or 1 gives +-inf or NaN there).");
  row("bce_with_logits", "bce of sigmoid(x), x a logit", {},
      "torch.nn.functional.binary_cross_entropy_with_logits (no weight, no pos_weight): max(x, 0) - x y + "
      "log1p(exp(-|x|)), stable at logits of +-1e4 where log(sigmoid(x)) is -inf. Gradient sigmoid(x) - y.");
  row("cross_entropy", "-log_softmax(x_i)[t_i] over the rows of N x C logits, t_i class indices", {},
      "torch.nn.functional.cross_entropy with class-index targets (ignore_index -100 and label_smoothing 0 "
      "not modelled); log_softmax is vecops' shifted kernel. Gradient softmax(x_i) - onehot(t_i).");
  row("nll", "-x_i[t_i] over the rows of N x C log-probabilities", {},
      "torch.nn.functional.nll_loss with class-index targets; gradient -onehot(t_i).");
  row("kl_div", "y (log y - x), x log-probabilities, y probabilities", {},
      "torch.nn.functional.kl_div with log_target false: 0 where y = 0 (0 log 0 = 0, xlogy). mean divides by "
      "all N elements, which PyTorch warns is not the KL divergence: reduction='batchmean' (sum / batch "
      "size) is. Gradient -y.");
}

}  // namespace numstab
