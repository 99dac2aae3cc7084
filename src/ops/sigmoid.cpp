#include "src/kernels/sigmoid.hpp"
#include "oracles/sigmoid/oracle.hpp"
#include "oracles/fast_tiers.hpp"
#include "oracles/independent_tiers.hpp"
#include "src/ops/families.hpp"

namespace numstab {

void add_sigmoid_ops(std::vector<OpInfo>& ops) {
  // 25 ln2, 54 ln2: where sigmoid rounds to 1 in f32 and f64; -88.7: e^-x
  // overflows f32; -150 ln2, -1075 ln2: sigmoid below half the smallest f32
  // and f64 subnormal.
  const std::vector<double> edges = {0, 17.3287, 37.4299, -88.7228, -103.972, -745.133};
  ops.push_back({"sigmoid", "sigmoid", "logistic function 1/(1+e^-x)", {}, kAllReals, {}, "", -40,
                 40, edges, &oracles::sigmoid, make_reference<kernels::Sigmoid>()});
  ops.back().hard_inputs = "sigmoid.wc";
  ops.back().independent_fast = &independent::sigmoid;
  ops.back().fast = &fast::sigmoid;
  ops.push_back({"sigmoid_grad", "sigmoid", "derivative of sigmoid: s(x)(1-s(x))", {}, kAllReals,
                 {}, "sigmoid", -40, 40, edges, &oracles::sigmoid_grad,
                 make_reference<kernels::SigmoidGrad>()});
  ops.back().hard_inputs = "sigmoid_grad.wc";
  ops.back().independent_fast = &independent::sigmoid_grad;

  // softplus and log_sigmoid (its mirror image), probed with both signs, in
  // the order f64, f32, f16, bf16 unless said: where softplus(x) starts to
  // round to x; where softplus(-x) ~ e^-x drops below half the smallest
  // subnormal (f64, f32, bf16, f16) and below the smallest normal (f64,
  // f32 = bf16, f16); ln of the largest finite (f64, f32, f16), where the naive
  // log(1 + e^x) overflows.
  const std::vector<double> softplus_edges = {
      33.2710646668774, 14.5560905533403, 6.23734790359379, 4.15106041085433, 745.133219101941,
      103.972077083992, 92.8817221950327, 17.3286795139986, 708.396418532264, 87.3365447505531,
      9.70406052783923, 709.782712893384, 88.7228390520684, 11.089866488461};
  const std::vector<ParamSpec> beta = {
      {"beta", 1.0, "softplus(x) = log(1 + e^(beta x)) / beta (PyTorch's default 1)", true}};
  // PyTorch's softplus(x, beta=1, threshold=20) returns x where beta x > 20
  // (docs: "reverts to the linear function when input * beta > threshold").
  const std::string softplus_summary =
      "log(1 + e^(beta x)) / beta, the mathematical softplus. PyTorch's threshold (20: x "
      "itself where beta x > 20) is not a parameter: it is an approximation, not part of the "
      "function, and an oracle that copied it would hide its cost: ~0.001 ULP in f32 "
      "(log1p(e^-20) = 2.1e-9, ULP(20) = 1.9e-6), but 5.8e5 ULP in f64 (ULP(20) = 3.6e-15)";
  ops.push_back({"softplus", "sigmoid", softplus_summary, beta,
                 "all reals (beta != 0; beta = 0 gives +inf)", {}, "", -120, 40, softplus_edges,
                 &oracles::softplus, make_reference<kernels::Softplus>()});
  ops.back().hard_inputs = "softplus.wc";
  ops.back().independent_fast = &independent::softplus;
  ops.push_back({"softplus_grad", "sigmoid",
                 "derivative of softplus: sigmoid(beta x) (PyTorch's threshold not applied: 1 "
                 "exactly only where sigmoid(beta x) rounds to 1)",
                 beta, "all reals", {}, "softplus", -40, 40, edges, &oracles::softplus_grad,
                 make_reference<kernels::SoftplusGrad>()});
  ops.back().hard_inputs = "softplus_grad.wc";
  ops.back().independent_fast = &independent::softplus_grad;
  ops.push_back({"log_sigmoid", "sigmoid",
                 "log(sigmoid(x)) = -softplus(-x); -0 at +inf and wherever it rounds to 0 "
                 "(PyTorch's min(x, 0) - log1p(e^-|x|) gives +0 there)",
                 {}, kAllReals, {}, "", -40, 120, softplus_edges, &oracles::log_sigmoid,
                 make_reference<kernels::LogSigmoid>()});
  ops.back().hard_inputs = "log_sigmoid.wc";
  ops.back().independent_fast = &independent::log_sigmoid;
  ops.push_back({"log_sigmoid_grad", "sigmoid",
                 "derivative of log_sigmoid: 1 - sigmoid(x) = sigmoid(-x)", {}, kAllReals, {},
                 "log_sigmoid", -40, 40, edges, &oracles::log_sigmoid_grad,
                 make_reference<kernels::LogSigmoidGrad>()});
  ops.back().hard_inputs = "log_sigmoid_grad.wc";
  ops.back().independent_fast = &independent::log_sigmoid_grad;

  // r = -1 - W(1/e): silu's minimum and silu_grad's root. Where silu rounds
  // to -0 (x + ln|x| = ln of half the smallest subnormal) and where silu(x)
  // starts to round to x, in f64, f32, f16, bf16. 88.72: where e^-x overflows
  // f32, so that a naive x / (1 + e^-x) returns -0 while silu(-89) = -2e-37 is
  // still normal.
  const double root = -0x1.474973c84120bp+0;  // f64 neighbour of r = -1.2784645427610737951
  const std::vector<double> silu_edges = {
      root,             -751.755630413524, -108.660303619326, -20.3413345127288, -97.4611763019623,
      36.8786987824724, 16.6769724251883,  8.0,               5.93754356100313,  88.7228390520684};
  // silu_grad: its root r and its maximum 1.0998 at 2.3994 (silu's inflection);
  // where (1 + x) e^x rounds to -0 and where silu' starts to round to 1, in
  // f64, f32, f16, bf16; f32's e^-x overflow as above.
  const std::vector<double> silu_grad_edges = {
      root,             2.3993572805154677, -751.754297533108, -108.650971330807,
      -20.2881715489126, -97.450754759753,  40.4108415134458,  19.5563440550012,
      9.799157684575,   7.40018730556705,   88.7228390520684};
  ops.push_back({"silu", "sigmoid", "x sigmoid(x) (swish); minimum -W(1/e) = -0.27846 at x = "
                 "-1 - W(1/e)", {}, kAllReals, {}, "", -120, 40, silu_edges, &oracles::silu,
                 make_reference<kernels::Silu>()});
  ops.back().hard_inputs = "silu.wc";
  ops.back().independent_fast = &independent::silu;
  ops.push_back({"silu_grad", "sigmoid",
                 "derivative of silu: sigmoid(x) (1 + x sigmoid(-x)); root at x = -1 - W(1/e) = "
                 "-1.27846, kept to full relative accuracy around it",
                 {}, kAllReals, {}, "silu", -120, 40, silu_grad_edges, &oracles::silu_grad,
                 make_reference<kernels::SiluGrad>()});
  ops.back().hard_inputs = "silu_grad.wc";
  ops.back().independent_fast = &independent::silu_grad;
}

}  // namespace numstab
