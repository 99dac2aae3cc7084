#include "src/kernels/gelu.hpp"
#include "oracles/gelu/oracle.hpp"
#include "src/ops/families.hpp"

namespace numstab {

void add_gelu_ops(std::vector<OpInfo>& ops) {
  // gelu and gelu' share their probes.
  const std::vector<Probe> points = {
      {-0.75179152469356446, "gelu_grad's root: the minimum of gelu"},
      {3.4871, "f16: gelu rounds to x"},
      {2.88563, "bf16: gelu rounds to x"},
      {5.41998, "f32: gelu rounds to x"},
      {8.29236, "f64: gelu rounds to x"},
      {4.18944, "f16: gelu_grad rounds to 1"},
      {3.61379, "bf16: gelu_grad rounds to 1"},
      {6.02981, "f32: gelu_grad rounds to 1"},
      {8.79458, "f64: gelu_grad rounds to 1"},
      {-4.17957, "f16: gelu turns subnormal"},
      {-5.72385, "f16: gelu rounds to zero"},
      {-13.1462, "f32 and bf16: gelu turns subnormal"},
      {-13.5615, "bf16: gelu rounds to zero"},
      {-14.3561, "f32: gelu rounds to zero"},
      {-37.6159, "f64: gelu turns subnormal"},
      {-38.5801, "f64: gelu rounds to zero (gelu(-38.6) ~ 2^-1075)"},
      {-4.52712, "f16: gelu_grad turns subnormal"},
      {-6.02981, "f16: gelu_grad rounds to zero"},
      {-13.3419, "f32 and bf16: gelu_grad turns subnormal"},
      {-13.7535, "bf16: gelu_grad rounds to zero"},
      {-14.5413, "f32: gelu_grad rounds to zero"},
      {-37.7122, "f64: gelu_grad turns subnormal"},
      {-38.6748, "f64: gelu_grad rounds to zero"},
      {-40, "gelu(-40) ~ -1.5e-348: zero in every format"}};
  const auto row = [&](std::string name, std::string summary, std::string derivative_of,
                       OracleFn oracle, ReferenceKernels reference) {
    return OpInfo{.name = std::move(name),
                  .family = "gelu",
                  .summary = std::move(summary),
                  .params = {},
                  .domain = kAllReals,
                  .kinks = {},
                  .derivative_of = std::move(derivative_of),
                  .sample_lo = -40,
                  .sample_hi = 10,
                  .thresholds = points,
                  .oracle = oracle,
                  .reference = reference};
  };
  ops.push_back(row("gelu",
                    "PyTorch gelu(approximate='none'): x Phi(x) = 0.5 x erfc(-x / sqrt 2)", "",
                    &oracles::gelu, make_reference<kernels::Gelu>()));
  ops.back().hard_inputs = "gelu.wc";
  ops.push_back(row("gelu_grad", "derivative of gelu: Phi(x) + x phi(x); root at x ~ -0.75179",
                    "gelu", &oracles::gelu_grad, make_reference<kernels::GeluGrad>()));
  ops.back().hard_inputs = "gelu_grad.wc";
}

}  // namespace numstab
