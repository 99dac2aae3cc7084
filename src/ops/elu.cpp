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
  // Where the negative piece rounds to -alpha (e^x below half an ULP of 1:
  // -(p + 1) ln 2 for bf16, f16, f32, f64) and where the derivative's e^x
  // leaves the normal range and drops below half the smallest subnormal
  // (emin ln 2 and (emin - p) ln 2: f16, f32/bf16, f64).
  const std::vector<double> negative_tail = {-6.23832, -8.31777, -17.3287, -37.4299,
                                             -9.70406, -87.3365, -708.396,
                                             -17.3287, -92.8817, -103.972, -745.133};
  // selu(x) = scale x overflows past (2 - 2^-p) 2^emax / scale: f16, bf16, f32, f64.
  std::vector<double> selu_points = negative_tail;
  for (double x : {62358.37, 3.2322968856994531e38, 3.2386222233995766e38, 1.7109464600266029e308})
    selu_points.push_back(x);

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
