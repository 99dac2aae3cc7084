#include "src/kernels/tanh.hpp"
#include "oracles/tanh/oracle.hpp"
#include "oracles/fast_tiers.hpp"
#include "src/ops/families.hpp"

namespace numstab {

namespace {

// Rows are written with designated initialisers so that fields added to
// OpInfo later keep their defaults.
OpInfo unary(std::string name, std::string summary, std::string derivative_of, double lo, double hi,
             std::vector<Probe> thresholds, OracleFn oracle, ReferenceKernels reference,
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

std::vector<Probe> saturation() {
  return {{9.01091, "f32: tanh rounds to 1 past 13 ln 2"},
                                       {19.0615, "f64: tanh rounds to 1 past 27.5 ln 2"}};
}

// mish and mish' share their probes; x e^x is mish's negative tail.
std::vector<Probe> mish_points() {
  return {
    {-1.1924312145154952, "mish_grad's root: the minimum of mish"},
    {4.49428, "f16: mish rounds to x"},
    {3.43348, "bf16: mish rounds to x"},
    {9.01079, "f32: mish rounds to x"},
    {19.0615, "f64: mish rounds to x"},
    {5.66791, "f16: mish_grad rounds to 1"},
    {4.48607, "bf16: mish_grad rounds to 1"},
    {10.5092, "f32: mish_grad rounds to 1"},
    {20.9163, "f64: mish_grad rounds to 1"},
    {-12.206, "f16: x e^x turns subnormal"},
    {-20.3413, "f16: x e^x rounds to zero"},
    {-91.8568, "f32 and bf16: x e^x turns subnormal"},
    {-97.4612, "bf16: x e^x rounds to zero"},
    {-108.66, "f32: x e^x rounds to zero"},
    {-714.969, "f64: x e^x turns subnormal"},
    {-751.756, "f64: x e^x rounds to zero"}};
}

// gelu_tanh and its derivative share their probes.
std::vector<Probe> gelu_tanh_points() {
  return {
    {-0.75246142207101626, "gelu_tanh_grad's root: the minimum of gelu_tanh"},
    {3.42138, "f16: gelu_tanh rounds to x"},
    {2.86096, "bf16: gelu_tanh rounds to x"},
    {5.06138, "f32: gelu_tanh rounds to x"},
    {7.14507, "f64: gelu_tanh rounds to x"},
    {4.07096, "f16: gelu_tanh_grad rounds to 1"},
    {3.56019, "bf16: gelu_tanh_grad rounds to 1"},
    {5.55883, "f32: gelu_tanh_grad rounds to 1"},
    {7.49824, "f64: gelu_tanh_grad rounds to 1"},
    {-4.0293, "f16: gelu_tanh turns subnormal"},
    {-5.28862, "f16: gelu_tanh rounds to zero"},
    {-10.1006, "f32 and bf16: gelu_tanh turns subnormal"},
    {-10.3332, "bf16: gelu_tanh rounds to zero"},
    {-10.7709, "f32: gelu_tanh rounds to zero"},
    {-21.1769, "f64: gelu_tanh turns subnormal"},
    {-21.5471, "f64: gelu_tanh rounds to zero"},
    {-4.3596, "f16: gelu_tanh_grad turns subnormal"},
    {-5.55883, "f16: gelu_tanh_grad rounds to zero"},
    {-10.235, "f32 and bf16: gelu_tanh_grad turns subnormal"},
    {-10.4637, "bf16: gelu_tanh_grad rounds to zero"},
    {-10.8945, "f32: gelu_tanh_grad rounds to zero"},
    {-21.2238, "f64: gelu_tanh_grad turns subnormal"},
    {-21.5927, "f64: gelu_tanh_grad rounds to zero"},
    {40.3109, "f16: a naive x^3 overflows"},
    {6.98146e12, "f32: a naive x^3 overflows"},
    {5.643803094122288e102, "f64: a naive x^3 overflows"}};
}

}  // namespace

void add_tanh_ops(std::vector<OpInfo>& ops) {
  ops.push_back(unary("tanh", "hyperbolic tangent", "", -20, 20, saturation(), &oracles::tanh,
                      make_reference<kernels::Tanh>()));
  ops.back().hard_inputs = "tanh.wc";
  ops.back().fast = &fast::tanh;
  ops.back().fast_independent_of_reference = true;
  ops.push_back(unary("tanh_grad", "derivative of tanh: sech^2(x)", "tanh", -20, 20, saturation(),
                      &oracles::tanh_grad, make_reference<kernels::TanhGrad>()));
  ops.back().hard_inputs = "tanh_grad.wc";

  ops.push_back(unary("softsign", "x / (1 + |x|) (PyTorch: input / (input.abs() + 1))", "", -20, 20,
                      {{4095, "f16: softsign rounds to +-1 past 2^12 - 1"},
                       {511, "bf16: softsign rounds to +-1 past 2^9 - 1"},
                       {33554431, "f32: softsign rounds to +-1 past 2^25 - 1"},
                       {18014398509481983.0, "f64: softsign rounds to +-1 past 2^54 - 1"}},
                      &oracles::softsign,
                      make_reference<kernels::Softsign>()));
  ops.back().hard_inputs = "softsign.wc";
  // softsign' = 1/(1+|x|)^2 turns subnormal past 2^(-emin/2) - 1 and rounds to
  // 0 past 2^((p - emin)/2) - 1.
  ops.push_back(unary(
      "softsign_grad", "derivative of softsign: 1 / (1 + |x|)^2", "softsign", -20, 20,
      {{127, "f16: softsign_grad turns subnormal past 2^7 - 1"},
       {5791.62, "f16: softsign_grad rounds to 0 past 2^12.5 - 1"},
       {9.223372036854775808e18, "f32 and bf16: softsign_grad turns subnormal past 2^63 - 1"},
       {1.4757395258967641e20, "bf16: softsign_grad rounds to 0 past 2^67 - 1"},
       {3.7778931862957162e22, "f32: softsign_grad rounds to 0 past 2^75 - 1"},
       {6.703903964971299e153, "f64: softsign_grad turns subnormal past 2^511 - 1"},
       {6.362424904190393e161, "f64: softsign_grad rounds to 0 past 2^537.5 - 1"}},
      &oracles::softsign_grad, make_reference<kernels::SoftsignGrad>(),
      {{0, "softsign''(0) does not exist (one-sided -2 and 2); PyTorch differentiates "
           "input / (input.abs() + 1) (torch/nn/functional.py) through abs, whose backward is "
           "grad * self.sgn() with sgn(0) = 0 (tools/autograd/derivatives.yaml), which gives 0"}}));
  ops.back().hard_inputs = "softsign_grad.wc";

  ops.push_back(unary("mish", "x tanh(softplus(x)), softplus(x) = log(1 + e^x)", "", -30, 20,
                      mish_points(), &oracles::mish, make_reference<kernels::Mish>()));
  ops.back().hard_inputs = "mish.wc";
  ops.push_back(unary("mish_grad",
                      "derivative of mish: tanh(sp) + x sigmoid(x) sech^2(sp), sp = softplus(x); "
                      "root at x ~ -1.19243",
                      "mish", -30, 20, mish_points(), &oracles::mish_grad,
                      make_reference<kernels::MishGrad>()));
  ops.back().hard_inputs = "mish_grad.wc";

  ops.push_back(unary("gelu_tanh",
                      "PyTorch gelu(approximate='tanh'): 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 "
                      "x^3))), 0.044715 exact",
                      "", -25, 10, gelu_tanh_points(), &oracles::gelu_tanh,
                      make_reference<kernels::GeluTanh>()));
  ops.back().hard_inputs = "gelu_tanh.wc";
  ops.push_back(unary("gelu_tanh_grad",
                      "derivative of gelu_tanh: 0.5 (1 + t) + 0.5 x (1 - t^2) sqrt(2/pi) (1 + "
                      "3 0.044715 x^2), t = tanh(u); root at x ~ -0.75246",
                      "gelu_tanh", -25, 10, gelu_tanh_points(), &oracles::gelu_tanh_grad,
                      make_reference<kernels::GeluTanhGrad>()));
  ops.back().hard_inputs = "gelu_tanh_grad.wc";
}

}  // namespace numstab
