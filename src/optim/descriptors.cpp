// The built-in optimizers, one descriptor each (src/optim/descriptor.hpp), in
// catalog order. Their rows in the catalog, their kernels by name, the
// one-step checks and the oracle's dispatch all follow from these.
#include <string>

#include "oracles/optim/rules.hpp"
#include "src/optim/adadelta.hpp"
#include "src/optim/adagrad.hpp"
#include "src/optim/adam.hpp"
#include "src/optim/adamax.hpp"
#include "src/optim/nadam.hpp"
#include "src/optim/registry.hpp"
#include "src/optim/rmsprop.hpp"
#include "src/optim/sgd.hpp"

namespace numstab::optim {

namespace {
namespace oracle = optim_oracle;

// The catalog's notes: the sources, the rule, how the kernel rounds.
std::string notes(const std::string& rule) {
  return "torch.optim (PyTorch 2.x), single-tensor path, foreach/fused off, maximize off. " + rule +
         " Kernel: every tensor operation rounded once into the format (or into f32 with an f32 master "
         "copy); Python-side scalars (lr / bias_correction, 1 - beta) computed in double and rounded once.";
}

OptimizerDescriptor sgd() {
  return {"sgd", "stochastic gradient descent with momentum, dampening, Nesterov", param_specs<SgdConfig>(),
          notes("d = g + wd p; b_1 = d (no dampening at the first step), b_t = mu b + (1-d) d; "
                "d = nesterov ? d + mu b : b; p -= lr d."),
          {{"momentum_buffer"}}, {},
          {{}, {"momentum=0.9"}, {"momentum=0.9", "dampening=0.5"}, {"momentum=0.9", "nesterov=1"},
           {"lr=0.1", "momentum=0.5", "weight_decay=1e-4"}},
          make_kernel<Sgd>, oracle::sgd_rule};
}

OptimizerDescriptor adagrad() {
  return {"adagrad", "Adagrad: per-coordinate lr / sqrt(sum of g^2)", param_specs<AdagradConfig>(),
          notes("clr = lr / (1 + (t-1) lr_decay); s += g^2; p -= clr g / (sqrt(s) + eps)."),
          {{"sum", true}}, {},
          {{}, {"lr_decay=0.01", "weight_decay=1e-3"}, {"initial_accumulator_value=0.1"}},
          make_kernel<Adagrad>, oracle::adagrad_rule};
}

OptimizerDescriptor rmsprop() {
  return {"rmsprop", "RMSprop, optionally centered and with momentum", param_specs<RmspropConfig>(),
          notes("v = alpha v + (1-alpha) g^2; centered: m = lerp(m, g, 1-alpha), a = sqrt(v - m^2) "
                "else a = sqrt(v); a += eps; momentum: b = mu b + g/a, p -= lr b; else p -= lr g/a."),
          {{"square_avg", true, 1}, {"grad_avg"}, {"momentum_buffer"}}, {},
          {{}, {"centered=1"}, {"momentum=0.9"}, {"centered=1", "momentum=0.9", "weight_decay=1e-2"}},
          make_kernel<Rmsprop>, oracle::rmsprop_rule};
}

OptimizerDescriptor adadelta() {
  return {"adadelta", "Adadelta: unit-corrected steps from running averages", param_specs<AdadeltaConfig>(),
          notes("v = rho v + (1-rho) g^2; delta = sqrt(u + eps) / sqrt(v + eps) g; "
                "u = rho u + (1-rho) delta^2; p -= lr delta."),
          {{"square_avg", true}, {"acc_delta", true}}, {},
          {{}, {"rho=0.95", "weight_decay=1e-3"}, {"lr=0.5"}},
          make_kernel<Adadelta>, oracle::adadelta_rule};
}

std::vector<SlotSpec> adam_slots() { return {{"exp_avg"}, {"exp_avg_sq", true}, {"max_exp_avg_sq", true}}; }

OptimizerDescriptor adam() {
  return {"adam", "Adam, optionally AMSGrad", param_specs<AdamConfig>(),
          notes("g += wd p; m = lerp(m, g, 1-beta1); v = beta2 v + (1-beta2) g^2; "
                "denom = sqrt(v) / sqrt(1-beta2^t) + eps; p -= (lr / (1-beta1^t)) m / denom."),
          adam_slots(), {},
          {{}, {"amsgrad=1"}, {"weight_decay=1e-2"}, {"beta1=0.3", "beta2=0.99", "eps=1e-6"}},
          make_kernel<Adam>, oracle::adam_rule};
}

OptimizerDescriptor adamw() {
  return {"adamw", "AdamW: Adam with decoupled weight decay",
          param_specs(AdamConfig::adamw_defaults(), AdamConfig::fields(true)),
          notes("p *= 1 - lr wd; then Adam without weight decay."),
          adam_slots(), {},
          {{}, {"amsgrad=1"}, {"lr=0.01", "weight_decay=0.1"}},
          make_kernel<AdamW>, oracle::adamw_rule};
}

OptimizerDescriptor adamax() {
  return {"adamax", "Adamax: Adam with the infinity norm", param_specs<AdamaxConfig>(),
          notes("m = lerp(m, g, 1-beta1); u = max(beta2 u, |g| + eps); p -= (lr / (1-beta1^t)) m / u."),
          {{"exp_avg"}, {"exp_inf", true}}, {},
          {{}, {"weight_decay=1e-2"}, {"beta1=0.3"}},
          make_kernel<Adamax>, oracle::adamax_rule};
}

// prod of mu_1..mu_t, in double as the kernel keeps it.
double nadam_mu_product(const Params& hyper, int64_t steps) {
  const auto c = NadamConfig::from_params(hyper);
  double product = 1;
  for (int64_t t = 1; t <= steps; ++t) product *= c.mu(static_cast<double>(t));
  return product;
}

OptimizerDescriptor nadam() {
  return {"nadam", "NAdam: Adam with Nesterov momentum (Dozat 2016)", param_specs<NadamConfig>(),
          notes("mu_t = beta1 (1 - 0.5 0.96^(t psi)); m = lerp(m, g, 1-beta1); v = beta2 v + (1-beta2) g^2; "
                "denom = sqrt(v / (1-beta2^t)) + eps; p -= lr (1-mu_t)/(1-prod mu) g/denom "
                "+ lr mu_{t+1}/(1-prod mu * mu_{t+1}) m/denom (the product of mu kept in double)."),
          {{"exp_avg"}, {"exp_avg_sq", true}}, {{"mu_product", 1, nadam_mu_product}},
          {{}, {"weight_decay=1e-2"}, {"momentum_decay=0.01"}},
          make_kernel<Nadam>, oracle::nadam_rule};
}
}  // namespace

const std::vector<OptimizerDescriptor>& builtin_optimizers() {
  static const std::vector<OptimizerDescriptor> all = [] {
    std::vector<OptimizerDescriptor> out{sgd(), adagrad(), rmsprop(), adadelta(), adam(), adamw(), adamax(), nadam()};
    for (size_t k = 0; k < out.size(); ++k) {
      check_descriptor(out[k]);
      for (size_t j = 0; j < k; ++j)
        if (out[j].name == out[k].name) throw UsageError("optimizer '" + out[k].name + "' is built in twice");
    }
    return out;
  }();
  return all;
}

}  // namespace numstab::optim
