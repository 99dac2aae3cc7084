#include "src/kernels/tanh.hpp"
#include "oracles/tanh/oracle.hpp"
#include "oracles/fast_tiers.hpp"
#include "src/ops/families.hpp"

namespace numstab {

namespace {

// Rows are written with designated initialisers so that fields added to
// OpInfo later keep their defaults.
OpInfo unary(std::string name, std::string summary, std::string derivative_of, double lo, double hi,
             std::vector<double> thresholds, OracleFn oracle, ReferenceKernels reference,
             std::vector<Kink> kinks = {}) {
  return {.name = std::move(name),
          .family = "tanh",
          .summary = std::move(summary),
          .params = {},
          .domain = kAllReals,
          .kinks = std::move(kinks),
          .derivative_of = std::move(derivative_of),
          .sample_lo = lo,
          .sample_hi = hi,
          .thresholds = std::move(thresholds),
          .oracle = oracle,
          .reference = reference};
}

}  // namespace

void add_tanh_ops(std::vector<OpInfo>& ops) {
  // 13 ln2 and 27.5 ln2: where tanh rounds to 1 in f32 and f64.
  const std::vector<double> saturation = {9.01091, 19.0615};
  ops.push_back(unary("tanh", "hyperbolic tangent", "", -20, 20, saturation, &oracles::tanh,
                      make_reference<kernels::Tanh>()));
  ops.back().hard_inputs = "tanh.wc";
  ops.back().fast = &fast::tanh;
  ops.back().fast_independent_of_reference = true;
  ops.push_back(unary("tanh_grad", "derivative of tanh: sech^2(x)", "tanh", -20, 20, saturation,
                      &oracles::tanh_grad, make_reference<kernels::TanhGrad>()));
  ops.back().hard_inputs = "tanh_grad.wc";

  // softsign rounds to +-1 past 2^(p+1) - 1 (f16, bf16, f32, f64).
  ops.push_back(unary("softsign", "x / (1 + |x|) (PyTorch: input / (input.abs() + 1))", "", -20, 20,
                      {4095, 511, 33554431, 18014398509481983.0}, &oracles::softsign,
                      make_reference<kernels::Softsign>()));
  ops.back().hard_inputs = "softsign.wc";
  // softsign' = 1/(1+|x|)^2 turns subnormal past 2^(-emin/2) - 1 and rounds to
  // 0 past 2^((p - emin)/2) - 1 (f16; bf16 and f32; f64).
  ops.push_back(unary(
      "softsign_grad", "derivative of softsign: 1 / (1 + |x|)^2", "softsign", -20, 20,
      {127, 5791.62, 9.223372036854775808e18, 1.4757395258967641e20, 3.7778931862957162e22,
       6.703903964971299e153, 6.362424904190393e161},
      &oracles::softsign_grad, make_reference<kernels::SoftsignGrad>(),
      {{0, "softsign''(0) does not exist (one-sided -2 and 2); PyTorch differentiates "
           "input / (input.abs() + 1) (torch/nn/functional.py) through abs, whose backward is "
           "grad * self.sgn() with sgn(0) = 0 (tools/autograd/derivatives.yaml), which gives 0"}}));
  ops.back().hard_inputs = "softsign_grad.wc";

  // mish and mish': the minimum of mish (root of mish'); where mish rounds to x
  // and mish' to 1 (f16, bf16, f32, f64); where x e^x turns subnormal and
  // rounds to zero (f16, bf16, f32, f64).
  const std::vector<double> mish_points = {-1.1924312145154952, 4.49428, 3.43348, 9.01079, 19.0615,
                                           5.66791, 4.48607, 10.5092, 20.9163, -12.206, -20.3413,
                                           -91.8568, -97.4612, -108.66, -714.969, -751.756};
  ops.push_back(unary("mish", "x tanh(softplus(x)), softplus(x) = log(1 + e^x)", "", -30, 20,
                      mish_points, &oracles::mish, make_reference<kernels::Mish>()));
  ops.back().hard_inputs = "mish.wc";
  ops.push_back(unary("mish_grad",
                      "derivative of mish: tanh(sp) + x sigmoid(x) sech^2(sp), sp = softplus(x); "
                      "root at x ~ -1.19243",
                      "mish", -30, 20, mish_points, &oracles::mish_grad,
                      make_reference<kernels::MishGrad>()));
  ops.back().hard_inputs = "mish_grad.wc";

  // gelu_tanh and its derivative: the minimum (root of the derivative); where
  // gelu_tanh rounds to x and its derivative to 1 (f16, bf16, f32, f64); where
  // both turn subnormal and round to zero (f16, bf16, f32, f64); where a naive
  // x^3 overflows (f16, f32, f64).
  const std::vector<double> gelu_tanh_points = {
      -0.75246142207101626, 3.42138, 2.86096, 5.06138, 7.14507, 4.07096, 3.56019, 5.55883,
      7.49824, -4.0293, -5.28862, -10.1006, -10.3332, -10.7709, -21.1769, -21.5471, -4.3596,
      -5.55883, -10.235, -10.4637, -10.8945, -21.2238, -21.5927, 40.3109, 6.98146e12,
      5.643803094122288e102};
  ops.push_back(unary("gelu_tanh",
                      "PyTorch gelu(approximate='tanh'): 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 "
                      "x^3))), 0.044715 exact",
                      "", -25, 10, gelu_tanh_points, &oracles::gelu_tanh,
                      make_reference<kernels::GeluTanh>()));
  ops.back().hard_inputs = "gelu_tanh.wc";
  ops.push_back(unary("gelu_tanh_grad",
                      "derivative of gelu_tanh: 0.5 (1 + t) + 0.5 x (1 - t^2) sqrt(2/pi) (1 + "
                      "3 0.044715 x^2), t = tanh(u); root at x ~ -0.75246",
                      "gelu_tanh", -25, 10, gelu_tanh_points, &oracles::gelu_tanh_grad,
                      make_reference<kernels::GeluTanhGrad>()));
  ops.back().hard_inputs = "gelu_tanh_grad.wc";
}

}  // namespace numstab
