#include "src/kernels/gelu.hpp"
#include "oracles/gelu/oracle.hpp"
#include "src/ops/families.hpp"

namespace numstab {

void add_gelu_ops(std::vector<OpInfo>& ops) {
  // The minimum of gelu (root of gelu'); where gelu rounds to x and gelu' to 1
  // (f16, bf16, f32, f64); where gelu and gelu' turn subnormal and round to
  // zero (f16, bf16, f32, f64: gelu(-38.6) ~ 2^-1075, gelu(-40) ~ -1.5e-348).
  const std::vector<double> points = {
      -0.75179152469356446, 3.4871, 2.88563, 5.41998, 8.29236, 4.18944, 3.61379, 6.02981,
      8.79458, -4.17957, -5.72385, -13.1462, -13.5615, -14.3561, -37.6159, -38.5801, -4.52712,
      -6.02981, -13.3419, -13.7535, -14.5413, -37.7122, -38.6748, -40};
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
