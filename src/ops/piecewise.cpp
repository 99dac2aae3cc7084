#include "src/kernels/piecewise.hpp"
#include "oracles/piecewise/oracle.hpp"
#include "oracles/fast_tiers.hpp"
#include "src/ops/families.hpp"

namespace numstab {

namespace {
// The fast tier from the definitions (oracles/piecewise/fast.cpp), not from
// the reference kernel: it may judge the reference kernel too.
void with_exact_tier(OpInfo& op, FastOracleFn fast) {
  op.fast = fast;
  op.fast_independent_of_reference = true;
}

// Kink conventions are PyTorch's CPU kernels today (aten/src/ATen/native/
// cpu/Activation.cpp, tools/autograd/derivatives.yaml); relu6 is
// hardtanh(x, 0, 6) there (aten/src/ATen/native/Activation.cpp), so it
// inherits hardtanh_backward.
std::vector<Kink> relu_kinks() {
  return {
    {0, "relu'(0) = 0 (PyTorch: derivatives.yaml gives relu threshold_backward(grad, result, 0), "
        "which is 0 where result <= 0)"}};
}
std::vector<Kink> relu6_kinks() {
  return {
    {0, "relu6'(0) = 0 (PyTorch: relu6 = hardtanh(x, 0, 6); hardtanh_backward in "
        "cpu/Activation.cpp is 0 where x <= min_val or x >= max_val)"},
    {6, "relu6'(6) = 0 (same hardtanh_backward rule)"}};
}
std::vector<Kink> leaky_kinks() {
  return {
    {0, "leaky_relu'(0) = alpha (PyTorch leaky_relu_backward in cpu/Activation.cpp: "
        "x > 0 ? grad : grad * negative_slope)"}};
}
std::vector<Kink> hardtanh_kinks() {
  return {
    {-1, "hardtanh'(min_val) = 0 (PyTorch hardtanh_backward in cpu/Activation.cpp: "
         "(x <= min_val || x >= max_val) ? 0 : grad); -1 by default"},
    {1, "hardtanh'(max_val) = 0 (same rule); 1 by default"}};
}
std::vector<Kink> hardsigmoid_kinks() {
  return {
    {-3, "hardsigmoid'(-3) = 0 (PyTorch hardsigmoid_backward in cpu/Activation.cpp: "
         "(x > -3 && x < 3) ? grad / 6 : 0)"},
    {3, "hardsigmoid'(3) = 0 (same rule)"}};
}
std::vector<Kink> hardswish_kinks() {
  return {
    {-3, "hardswish'(-3) = 0 (PyTorch hardswish_backward in cpu/Activation.cpp: "
         "x <= -3 ? 0 : x < 3 ? grad * (x/3 + 1/2) : grad)"},
    {3, "hardswish'(3) = 1 (same rule)"}};
}
std::vector<ParamSpec> leaky_alpha() {
  return {{"alpha", 0.01, "slope for x < 0 (PyTorch negative_slope)"}};
}
std::vector<ParamSpec> hardtanh_bounds() {
  return {{"min_val", -1, "lower end of the linear piece", false, "max_val"},
                                       {"max_val", 1, "upper end of the linear piece"}};
}
std::vector<Probe> hardswish_points() {
  return {
    {-1.5, "hardswish's minimum -0.375, where its derivative crosses 0"}};
}
// Where 0.01 x leaves the normal range: 2^emin / 0.01.
std::vector<Probe> leaky_points() {
  return {{-6.103515625e-3, "f16: 0.01 x turns subnormal"},
                                         {-1.1754943508222875e-36, "f32 and bf16: 0.01 x turns subnormal"},
                                         {-2.2250738585072014e-306, "f64: 0.01 x turns subnormal"}};
}

}  // namespace

void add_piecewise_ops(std::vector<OpInfo>& ops) {
  ops.push_back({"relu", "piecewise", "max(x, 0); relu(-0) = -0 as PyTorch's CPU clamp_min", {},
                 kAllReals, relu_kinks(), "", -8, 8, {}, &oracles::relu,
                 make_reference<kernels::Relu>()});
  ops.back().hard_inputs = kNoHardInputs;
  with_exact_tier(ops.back(), &fast::relu);
  ops.push_back({"relu_grad", "piecewise", "derivative of relu: 1 for x > 0, else 0", {}, kAllReals,
                 relu_kinks(), "relu", -8, 8, {}, &oracles::relu_grad,
                 make_reference<kernels::ReluGrad>()});
  ops.back().hard_inputs = kNoHardInputs;
  with_exact_tier(ops.back(), &fast::relu_grad);
  ops.push_back({"relu6", "piecewise", "min(max(x, 0), 6)", {}, kAllReals, relu6_kinks(), "", -4, 10,
                 {}, &oracles::relu6, make_reference<kernels::Relu6>()});
  ops.back().hard_inputs = kNoHardInputs;
  with_exact_tier(ops.back(), &fast::relu6);
  ops.push_back({"relu6_grad", "piecewise", "derivative of relu6: 1 on (0, 6), else 0", {},
                 kAllReals, relu6_kinks(), "relu6", -4, 10, {}, &oracles::relu6_grad,
                 make_reference<kernels::Relu6Grad>()});
  ops.back().hard_inputs = kNoHardInputs;
  with_exact_tier(ops.back(), &fast::relu6_grad);
  ops.push_back({"leaky_relu", "piecewise", "x for x > 0, alpha x otherwise", leaky_alpha(), kAllReals,
                 leaky_kinks(), "", -8, 8, leaky_points(), &oracles::leaky_relu,
                 make_reference<kernels::LeakyRelu>()});
  ops.back().hard_inputs = "leaky_relu.wc";
  with_exact_tier(ops.back(), &fast::leaky_relu);
  ops.push_back({"leaky_relu_grad", "piecewise", "derivative of leaky_relu: 1 for x > 0, else alpha",
                 leaky_alpha(), kAllReals, leaky_kinks(), "leaky_relu", -8, 8, {},
                 &oracles::leaky_relu_grad, make_reference<kernels::LeakyReluGrad>()});
  ops.back().hard_inputs = kNoHardInputs;
  with_exact_tier(ops.back(), &fast::leaky_relu_grad);
  ops.push_back({"hardtanh", "piecewise", "min(max(x, min_val), max_val)", hardtanh_bounds(), kAllReals,
                 hardtanh_kinks(), "", -3, 3, {}, &oracles::hardtanh,
                 make_reference<kernels::Hardtanh>()});
  ops.back().hard_inputs = kNoHardInputs;
  with_exact_tier(ops.back(), &fast::hardtanh);
  ops.push_back({"hardtanh_grad", "piecewise",
                 "derivative of hardtanh: 1 on (min_val, max_val), else 0", hardtanh_bounds(), kAllReals,
                 hardtanh_kinks(), "hardtanh", -3, 3, {}, &oracles::hardtanh_grad,
                 make_reference<kernels::HardtanhGrad>()});
  ops.back().hard_inputs = kNoHardInputs;
  with_exact_tier(ops.back(), &fast::hardtanh_grad);
  ops.push_back({"hardsigmoid", "piecewise", "relu6(x + 3) / 6", {}, kAllReals, hardsigmoid_kinks(),
                 "", -6, 6, {}, &oracles::hardsigmoid, make_reference<kernels::Hardsigmoid>()});
  ops.back().hard_inputs = kNoHardInputs;
  with_exact_tier(ops.back(), &fast::hardsigmoid);
  ops.push_back({"hardsigmoid_grad", "piecewise", "derivative of hardsigmoid: 1/6 on (-3, 3), else 0",
                 {}, kAllReals, hardsigmoid_kinks(), "hardsigmoid", -6, 6, {},
                 &oracles::hardsigmoid_grad, make_reference<kernels::HardsigmoidGrad>()});
  ops.back().hard_inputs = kNoHardInputs;
  with_exact_tier(ops.back(), &fast::hardsigmoid_grad);
  ops.push_back({"hardswish", "piecewise",
                 "x relu6(x + 3) / 6; -0 for x <= -3 (x times +0, as PyTorch's CPU kernel)", {},
                 kAllReals, hardswish_kinks(), "", -6, 6, hardswish_points(), &oracles::hardswish,
                 make_reference<kernels::Hardswish>()});
  ops.back().hard_inputs = "hardswish.wc";
  with_exact_tier(ops.back(), &fast::hardswish);
  ops.push_back({"hardswish_grad", "piecewise",
                 "derivative of hardswish: 0 for x <= -3, (2x + 3)/6 on (-3, 3), 1 for x >= 3", {},
                 kAllReals, hardswish_kinks(), "hardswish", -6, 6, hardswish_points(),
                 &oracles::hardswish_grad, make_reference<kernels::HardswishGrad>()});
  ops.back().hard_inputs = kNoHardInputs;
  with_exact_tier(ops.back(), &fast::hardswish_grad);
}

}  // namespace numstab
