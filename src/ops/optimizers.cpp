// Catalog rows of the optimizers (PyTorch update rules and defaults). The
// kernels (src/optim/<name>.hpp) read their parameters in the order given here;
// booleans are 0/1; two-valued betas are two params, beta1 and beta2.
#include "src/ops/families.hpp"

namespace numstab {

void add_optimizer_ops(std::vector<CompositeOpInfo>& ops) {
  const ParamSpec lr_decay{"lr_decay", 0, "learning-rate decay: lr / (1 + (t-1) lr_decay)"};
  const auto lr = [](double v) { return ParamSpec{"lr", v, "learning rate"}; };
  const auto eps = [](double v) { return ParamSpec{"eps", v, "added to the denominator"}; };
  const auto wd = [](double v) { return ParamSpec{"weight_decay", v, "L2 penalty: g + weight_decay p"}; };
  const ParamSpec beta1{"beta1", 0.9, "decay of the first-moment average (betas[0])"};
  const ParamSpec beta2{"beta2", 0.999, "decay of the second-moment average (betas[1])"};
  const ParamSpec amsgrad{"amsgrad", 0, "1: use the running maximum of v (AMSGrad)"};
  const std::string source = "torch.optim (PyTorch 2.x), single-tensor path, foreach/fused off, maximize off. ";
  const std::string fmt_rule =
      "Kernel: every tensor operation rounded once into the format (or into f32 with an f32 master "
      "copy); Python-side scalars (lr / bias_correction, 1 - beta) computed in double and rounded once.";

  ops.push_back({"sgd", OpKind::optimizer, "stochastic gradient descent with momentum, dampening, Nesterov",
                 {lr(1e-3), {"momentum", 0, "momentum factor mu"},
                  {"dampening", 0, "dampening d of the gradient in the buffer: b = mu b + (1-d) g"},
                  wd(0), {"nesterov", 0, "1: Nesterov momentum g + mu b (needs momentum > 0, dampening 0)"}},
                 {},
                 source + "d = g + wd p; b_1 = d (no dampening at the first step), b_t = mu b + (1-d) d; "
                          "d = nesterov ? d + mu b : b; p -= lr d. " + fmt_rule});
  ops.push_back({"adagrad", OpKind::optimizer, "Adagrad: per-coordinate lr / sqrt(sum of g^2)",
                 {lr(1e-2), lr_decay, wd(0),
                  {"initial_accumulator_value", 0, "initial value of the sum of squares"}, eps(1e-10)},
                 {},
                 source + "clr = lr / (1 + (t-1) lr_decay); s += g^2; p -= clr g / (sqrt(s) + eps). " + fmt_rule});
  ops.push_back({"rmsprop", OpKind::optimizer, "RMSprop, optionally centered and with momentum",
                 {lr(1e-2), {"alpha", 0.99, "smoothing constant of the square average"}, eps(1e-8), wd(0),
                  {"momentum", 0, "momentum factor"}, {"centered", 0, "1: divide by the estimated variance"}},
                 {},
                 source + "v = alpha v + (1-alpha) g^2; centered: m = lerp(m, g, 1-alpha), a = sqrt(v - m^2) "
                          "else a = sqrt(v); a += eps; momentum: b = mu b + g/a, p -= lr b; else p -= lr g/a. " + fmt_rule});
  ops.push_back({"adadelta", OpKind::optimizer, "Adadelta: unit-corrected steps from running averages",
                 {lr(1.0), {"rho", 0.9, "decay of the running averages"}, eps(1e-6), wd(0)},
                 {},
                 source + "v = rho v + (1-rho) g^2; delta = sqrt(u + eps) / sqrt(v + eps) g; "
                          "u = rho u + (1-rho) delta^2; p -= lr delta. " + fmt_rule});
  ops.push_back({"adam", OpKind::optimizer, "Adam, optionally AMSGrad",
                 {lr(1e-3), beta1, beta2, eps(1e-8), wd(0), amsgrad},
                 {},
                 source + "g += wd p; m = lerp(m, g, 1-beta1); v = beta2 v + (1-beta2) g^2; "
                          "denom = sqrt(v) / sqrt(1-beta2^t) + eps; p -= (lr / (1-beta1^t)) m / denom. " + fmt_rule});
  ops.push_back({"adamw", OpKind::optimizer, "AdamW: Adam with decoupled weight decay",
                 {lr(1e-3), beta1, beta2, eps(1e-8), {"weight_decay", 1e-2, "decoupled decay: p *= 1 - lr wd"}, amsgrad},
                 {},
                 source + "p *= 1 - lr wd; then Adam without weight decay. " + fmt_rule});
  ops.push_back({"adamax", OpKind::optimizer, "Adamax: Adam with the infinity norm",
                 {lr(2e-3), beta1, beta2, eps(1e-8), wd(0)},
                 {},
                 source + "m = lerp(m, g, 1-beta1); u = max(beta2 u, |g| + eps); p -= (lr / (1-beta1^t)) m / u. " + fmt_rule});
  ops.push_back({"nadam", OpKind::optimizer, "NAdam: Adam with Nesterov momentum (Dozat 2016)",
                 {lr(2e-3), beta1, beta2, eps(1e-8), wd(0),
                  {"momentum_decay", 4e-3, "psi of mu_t = beta1 (1 - 0.5 * 0.96^(t psi))"}},
                 {},
                 source + "mu_t = beta1 (1 - 0.5 0.96^(t psi)); m = lerp(m, g, 1-beta1); v = beta2 v + (1-beta2) g^2; "
                          "denom = sqrt(v / (1-beta2^t)) + eps; p -= lr (1-mu_t)/(1-prod mu) g/denom "
                          "+ lr mu_{t+1}/(1-prod mu * mu_{t+1}) m/denom (the product of mu kept in double). " + fmt_rule});
}

}  // namespace numstab
