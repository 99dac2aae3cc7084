#include "src/kernels/sigmoid.hpp"
#include "oracles/sigmoid/oracle.hpp"
#include "oracles/fast_tiers.hpp"
#include "oracles/independent_tiers.hpp"
#include "src/ops/families.hpp"

namespace numstab {

namespace {

std::vector<Probe> sigmoid_edges() {
  return {{0, "sigmoid's centre: sigmoid(0) = 1/2"},
                                  {17.3287, "f32: sigmoid rounds to 1 past 25 ln 2"},
                                  {37.4299, "f64: sigmoid rounds to 1 past 54 ln 2"},
                                  {-88.7228, "f32: e^-x overflows below -88.72"},
                                  {-103.972, "f32: sigmoid is below half the smallest subnormal past -150 ln 2"},
                                  {-745.133, "f64: sigmoid is below half the smallest subnormal past -1075 ln 2"}};
}

// softplus and log_sigmoid (its mirror image), probed with both signs.
std::vector<Probe> softplus_edges() {
  return {
    {33.2710646668774, "f64: softplus(x) starts to round to x"},
    {14.5560905533403, "f32: softplus(x) starts to round to x"},
    {6.23734790359379, "f16: softplus(x) starts to round to x"},
    {4.15106041085433, "bf16: softplus(x) starts to round to x"},
    {745.133219101941, "f64: softplus(-x) ~ e^-x drops below half the smallest subnormal"},
    {103.972077083992, "f32: softplus(-x) ~ e^-x drops below half the smallest subnormal"},
    {92.8817221950327, "bf16: softplus(-x) ~ e^-x drops below half the smallest subnormal"},
    {17.3286795139986, "f16: softplus(-x) ~ e^-x drops below half the smallest subnormal"},
    {708.396418532264, "f64: softplus(-x) ~ e^-x drops below the smallest normal"},
    {87.3365447505531, "f32 and bf16: softplus(-x) ~ e^-x drops below the smallest normal"},
    {9.70406052783923, "f16: softplus(-x) ~ e^-x drops below the smallest normal"},
    {709.782712893384, "f64: the naive log(1 + e^x) overflows past ln of the largest finite"},
    {88.7228390520684, "f32: the naive log(1 + e^x) overflows past ln of the largest finite"},
    {11.089866488461, "f16: the naive log(1 + e^x) overflows past ln of the largest finite"}};
}

std::vector<ParamSpec> softplus_beta() {
  return {
    {"beta", 1.0, "softplus(x) = log(1 + e^(beta x)) / beta (PyTorch's default 1)", true}};
}
// PyTorch's softplus(x, beta=1, threshold=20) returns x where beta x > 20
// (docs: "reverts to the linear function when input * beta > threshold").
std::string softplus_summary() {
  return "log(1 + e^(beta x)) / beta, the mathematical softplus. PyTorch's threshold (20: x "
    "itself where beta x > 20) is not a parameter: it is an approximation, not part of the "
    "function, and an oracle that copied it would hide its cost: ~0.001 ULP in f32 "
    "(log1p(e^-20) = 2.1e-9, ULP(20) = 1.9e-6), but 5.8e5 ULP in f64 (ULP(20) = 3.6e-15)";
}

// r = -1 - W(1/e): silu's minimum and silu_grad's root.
const double root = -0x1.474973c84120bp+0;  // f64 neighbour of r = -1.2784645427610737951
// silu rounds to -0 where x + ln|x| = ln of half the smallest subnormal.
std::vector<Probe> silu_edges() {
  return {
    {root, "silu's minimum -W(1/e) at -1 - W(1/e) (its f64 neighbour)"},
    {-751.755630413524, "f64: silu rounds to -0"},
    {-108.660303619326, "f32: silu rounds to -0"},
    {-20.3413345127288, "f16: silu rounds to -0"},
    {-97.4611763019623, "bf16: silu rounds to -0"},
    {36.8786987824724, "f64: silu(x) starts to round to x"},
    {16.6769724251883, "f32: silu(x) starts to round to x"},
    {8.0, "f16: silu(x) starts to round to x"},
    {5.93754356100313, "bf16: silu(x) starts to round to x"},
    {88.7228390520684, "f32: e^-x overflows below -88.72, so a naive x / (1 + e^-x) gives -0 "
                       "while silu(-89) = -2e-37 is normal"}};
}
std::vector<Probe> silu_grad_edges() {
  return {
    {root, "silu_grad's root -1 - W(1/e) (its f64 neighbour)"},
    {2.3993572805154677, "silu_grad's maximum 1.0998 (silu's inflection)"},
    {-751.754297533108, "f64: silu_grad ~ (1 + x) e^x rounds to -0"},
    {-108.650971330807, "f32: silu_grad ~ (1 + x) e^x rounds to -0"},
    {-20.2881715489126, "f16: silu_grad ~ (1 + x) e^x rounds to -0"},
    {-97.450754759753, "bf16: silu_grad ~ (1 + x) e^x rounds to -0"},
    {40.4108415134458, "f64: silu_grad starts to round to 1"},
    {19.5563440550012, "f32: silu_grad starts to round to 1"},
    {9.799157684575, "f16: silu_grad starts to round to 1"},
    {7.40018730556705, "bf16: silu_grad starts to round to 1"},
    {88.7228390520684, "f32: e^-x overflows below -88.72"}};
}

}  // namespace

void add_sigmoid_ops(std::vector<OpInfo>& ops) {
  ops.push_back({"sigmoid", "sigmoid", "logistic function 1/(1+e^-x)", {}, kAllReals, {}, "", -40,
                 40, sigmoid_edges(), &oracles::sigmoid, make_reference<kernels::Sigmoid>()});
  ops.back().hard_inputs = "sigmoid.wc";
  ops.back().independent_fast = &independent::sigmoid;
  ops.back().fast = &fast::sigmoid;
  ops.push_back({"sigmoid_grad", "sigmoid", "derivative of sigmoid: s(x)(1-s(x))", {}, kAllReals,
                 {}, "sigmoid", -40, 40, sigmoid_edges(), &oracles::sigmoid_grad,
                 make_reference<kernels::SigmoidGrad>()});
  ops.back().hard_inputs = "sigmoid_grad.wc";
  ops.back().independent_fast = &independent::sigmoid_grad;

  ops.push_back({"softplus", "sigmoid", softplus_summary(), softplus_beta(),
                 "all reals (beta != 0; beta = 0 gives +inf)", {}, "", -120, 40, softplus_edges(),
                 &oracles::softplus, make_reference<kernels::Softplus>()});
  ops.back().hard_inputs = "softplus.wc";
  ops.back().independent_fast = &independent::softplus;
  ops.push_back({"softplus_grad", "sigmoid",
                 "derivative of softplus: sigmoid(beta x) (PyTorch's threshold not applied: 1 "
                 "exactly only where sigmoid(beta x) rounds to 1)",
                 softplus_beta(), "all reals", {}, "softplus", -40, 40, sigmoid_edges(), &oracles::softplus_grad,
                 make_reference<kernels::SoftplusGrad>()});
  ops.back().hard_inputs = "softplus_grad.wc";
  ops.back().independent_fast = &independent::softplus_grad;
  ops.push_back({"log_sigmoid", "sigmoid",
                 "log(sigmoid(x)) = -softplus(-x); -0 at +inf and wherever it rounds to 0 "
                 "(PyTorch's min(x, 0) - log1p(e^-|x|) gives +0 there)",
                 {}, kAllReals, {}, "", -40, 120, softplus_edges(), &oracles::log_sigmoid,
                 make_reference<kernels::LogSigmoid>()});
  ops.back().hard_inputs = "log_sigmoid.wc";
  ops.back().independent_fast = &independent::log_sigmoid;
  ops.push_back({"log_sigmoid_grad", "sigmoid",
                 "derivative of log_sigmoid: 1 - sigmoid(x) = sigmoid(-x)", {}, kAllReals, {},
                 "log_sigmoid", -40, 40, sigmoid_edges(), &oracles::log_sigmoid_grad,
                 make_reference<kernels::LogSigmoidGrad>()});
  ops.back().hard_inputs = "log_sigmoid_grad.wc";
  ops.back().independent_fast = &independent::log_sigmoid_grad;

  ops.push_back({"silu", "sigmoid", "x sigmoid(x) (swish); minimum -W(1/e) = -0.27846 at x = "
                 "-1 - W(1/e)", {}, kAllReals, {}, "", -120, 40, silu_edges(), &oracles::silu,
                 make_reference<kernels::Silu>()});
  ops.back().hard_inputs = "silu.wc";
  ops.back().independent_fast = &independent::silu;
  ops.push_back({"silu_grad", "sigmoid",
                 "derivative of silu: sigmoid(x) (1 + x sigmoid(-x)); root at x = -1 - W(1/e) = "
                 "-1.27846, kept to full relative accuracy around it",
                 {}, kAllReals, {}, "silu", -120, 40, silu_grad_edges(), &oracles::silu_grad,
                 make_reference<kernels::SiluGrad>()});
  ops.back().hard_inputs = "silu_grad.wc";
  ops.back().independent_fast = &independent::silu_grad;
}

}  // namespace numstab
