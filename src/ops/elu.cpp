#include "src/kernels/elu.hpp"
#include "oracles/elu/oracle.hpp"
#include "oracles/independent_tiers.hpp"
#include "src/ops/families.hpp"

namespace numstab {

// PyTorch computes selu as elu(x, alpha, scale) and celu as elu(x, alpha, 1,
// 1/alpha) (aten/src/ATen/native/Activation.cpp); elu_backward_kernel in
// aten/src/ATen/native/cpu/Activation.cpp takes the negative piece for x <= 0.
void add_elu_ops(std::vector<OpInfo>& ops) {
  const std::vector<ParamSpec> elu_alpha = {{"alpha", 1, "the negative piece tends to -alpha"}};
  const std::vector<ParamSpec> celu_alpha = {
      {"alpha", 1, "the negative piece tends to -alpha; x is divided by it (nonzero)"}};
  const std::vector<Kink> elu_kinks = {
      {0, "elu'(0) = alpha, the negative piece's slope (PyTorch elu_backward in cpu/Activation.cpp: "
          "x <= 0 ? grad * alpha * e^x : grad); no kink for alpha = 1"}};
  const std::vector<Kink> selu_kinks = {
      {0, "selu'(0) = scale * alpha ~ 1.7581 (PyTorch elu_backward with selu's alpha and scale: "
          "x <= 0 ? grad * scale * alpha * e^x : grad * scale)"}};
  const std::vector<Kink> celu_kinks = {
      {0, "celu'(0) = 1 (PyTorch elu_backward with input_scale 1/alpha: x <= 0 ? "
          "grad * e^(x/alpha) : grad); celu is C^1, so both pieces agree"}};
  // The negative piece rounds to -alpha where e^x drops below half an ULP of
  // 1, at -(p + 1) ln 2; the derivative's e^x leaves the normal range at
  // emin ln 2 and drops below half the smallest subnormal at (emin - p) ln 2.
  const std::vector<Probe> negative_tail = {
      {-6.23832, "bf16: the negative piece rounds to -alpha below -9 ln 2"},
      {-8.31777, "f16: the negative piece rounds to -alpha below -12 ln 2"},
      {-17.3287, "f32: the negative piece rounds to -alpha below -25 ln 2"},
      {-37.4299, "f64: the negative piece rounds to -alpha below -54 ln 2"},
      {-9.70406, "f16: the derivative's e^x turns subnormal below -14 ln 2"},
      {-87.3365, "f32 and bf16: the derivative's e^x turns subnormal below -126 ln 2"},
      {-708.396, "f64: the derivative's e^x turns subnormal below -1022 ln 2"},
      {-17.3287, "f16: the derivative's e^x rounds to 0 below -25 ln 2"},
      {-92.8817, "bf16: the derivative's e^x rounds to 0 below -134 ln 2"},
      {-103.972, "f32: the derivative's e^x rounds to 0 below -150 ln 2"},
      {-745.133, "f64: the derivative's e^x rounds to 0 below -1075 ln 2"}};
  // selu(x) = scale x overflows past (2 - 2^-p) 2^emax / scale.
  std::vector<Probe> selu_points = negative_tail;
  selu_points.insert(selu_points.end(), {{62358.37, "f16: scale x overflows"},
                                         {3.2322968856994531e38, "bf16: scale x overflows"},
                                         {3.2386222233995766e38, "f32: scale x overflows"},
                                         {1.7109464600266029e308, "f64: scale x overflows"}});

  ops.push_back({"elu", "elu", "x for x >= 0, alpha (e^x - 1) for x < 0", elu_alpha, kAllReals,
                 elu_kinks, "", -20, 10, negative_tail, &oracles::elu, make_reference<kernels::Elu>()});
  ops.back().hard_inputs = "elu.wc";
  ops.back().independent_fast = &independent::elu;
  ops.push_back({"elu_grad", "elu", "derivative of elu: 1 for x > 0, alpha e^x for x <= 0",
                 elu_alpha, kAllReals, elu_kinks, "elu", -20, 10, negative_tail, &oracles::elu_grad,
                 make_reference<kernels::EluGrad>()});
  ops.back().hard_inputs = "elu_grad.wc";
  ops.back().independent_fast = &independent::elu_grad;
  ops.push_back({"selu", "elu",
                 "scale * elu(x, alpha), alpha = 1.6732632423543772848170429916717, "
                 "scale = 1.0507009873554804934193349852946 (exact decimals)",
                 {}, kAllReals, selu_kinks, "", -20, 10, selu_points, &oracles::selu,
                 make_reference<kernels::Selu>()});
  ops.back().hard_inputs = "selu.wc";
  ops.back().independent_fast = &independent::selu;
  ops.push_back({"selu_grad", "elu", "derivative of selu: scale for x > 0, scale alpha e^x for x <= 0",
                 {}, kAllReals, selu_kinks, "selu", -20, 10, negative_tail, &oracles::selu_grad,
                 make_reference<kernels::SeluGrad>()});
  ops.back().hard_inputs = "selu_grad.wc";
  ops.back().independent_fast = &independent::selu_grad;
  ops.push_back({"celu", "elu", "max(0, x) + min(0, alpha (e^(x/alpha) - 1))", celu_alpha, kAllReals,
                 celu_kinks, "", -20, 10, negative_tail, &oracles::celu,
                 make_reference<kernels::Celu>()});
  ops.back().hard_inputs = "celu.wc";
  ops.back().independent_fast = &independent::celu;
  ops.push_back({"celu_grad", "elu", "derivative of celu: 1 for x > 0, e^(x/alpha) for x <= 0",
                 celu_alpha, kAllReals, celu_kinks, "celu", -20, 10, negative_tail,
                 &oracles::celu_grad, make_reference<kernels::CeluGrad>()});
  ops.back().hard_inputs = "celu_grad.wc";
  ops.back().independent_fast = &independent::celu_grad;
}

}  // namespace numstab
