#include "src/kernels/elementary.hpp"
#include "oracles/elementary/oracle.hpp"
#include "oracles/fast_tiers.hpp"
#include "oracles/independent_tiers.hpp"
#include "src/ops/families.hpp"

namespace numstab {

void add_elementary_ops(std::vector<OpInfo>& ops) {
  const std::vector<Probe> exp_edges = {
      {709.782712893384, "f64: e^x overflows past ln of the largest finite"},
      {88.7228390520684, "f32: e^x overflows past ln of the largest finite"},
      {88.7189252123519, "bf16: e^x overflows past ln of the largest finite"},
      {11.089866488461, "f16: e^x overflows past ln of the largest finite"},
      {-745.133219101941, "f64: e^x rounds to 0 below ln of half the smallest subnormal"},
      {-103.972077083992, "f32: e^x rounds to 0 below ln of half the smallest subnormal"},
      {-92.8817221950327, "bf16: e^x rounds to 0 below ln of half the smallest subnormal"},
      {-17.3286795139986, "f16: e^x rounds to 0 below ln of half the smallest subnormal"},
      {-708.396418532264, "f64: e^x is subnormal below ln of the smallest normal"},
      {-87.3365447505531, "f32 and bf16: e^x is subnormal below ln of the smallest normal"},
      {-9.70406052783923, "f16: e^x is subnormal below ln of the smallest normal"}};
  // expm1 rounds to -1 below -(p + 1) ln 2.
  std::vector<Probe> expm1_edges = exp_edges;
  expm1_edges.insert(expm1_edges.end(), {{37.429947750237, "f64: expm1 rounds to -1 below minus 54 ln 2"},
                                         {17.3286795139986, "f32: expm1 rounds to -1 below minus 25 ln 2"},
                                         {8.31776616671934, "f16: expm1 rounds to -1 below minus 12 ln 2"},
                                         {6.23832462503951, "bf16: expm1 rounds to -1 below minus 9 ln 2"}});
  // erf rounds to 1 where erfc(x) = 2^-(p+1); erfc's edges (f16's zero is f32's erf edge).
  const std::vector<Probe> erf_edges = {
      {5.92158719579451, "f64: erf rounds to 1 (erfc = 2^-54)"},
      {3.91920584363672, "f32: erf rounds to 1 (erfc = 2^-25); f16: erfc rounds to 0"},
      {2.59390051313449, "f16: erf rounds to 1 (erfc = 2^-12)"},
      {2.19009996835377, "bf16: erf rounds to 1 (erfc = 2^-9)"},
      {26.543258454251, "f64: erfc turns subnormal"},
      {9.19454944913467, "f32 and bf16: erfc turns subnormal"},
      {2.83463028557139, "f16: erfc turns subnormal"},
      {27.2260171111084, "f64: erfc rounds to 0"},
      {10.0541949288181, "f32: erfc rounds to 0"},
      {9.48966159001421, "bf16: erfc rounds to 0"}};

  ops.push_back({"exp", "elementary", "exponential e^x", {}, kAllReals, {}, "", -746, 710,
                 exp_edges, &oracles::exp, make_reference<kernels::Exp>()});
  ops.back().hard_inputs = "exp.wc";
  ops.back().independent_fast = &independent::exp;
  ops.back().fast = &fast::exp;
  ops.push_back({"log", "elementary", "natural logarithm",
                 {}, "x >= 0: log(+-0) = -inf, log(x < 0) = NaN, log(+inf) = +inf", {}, "", 0, 4,
                 {{1.0, "log's root: log(1) = 0"}}, &oracles::log, make_reference<kernels::Log>()});
  ops.back().hard_inputs = "log.wc";
  ops.back().independent_fast = &independent::log;
  ops.back().fast = &fast::log;
  ops.push_back({"expm1", "elementary", "e^x - 1, accurate near 0", {}, kAllReals, {}, "", -40,
                 710, expm1_edges, &oracles::expm1, make_reference<kernels::Expm1>()});
  ops.back().hard_inputs = "expm1.wc";
  ops.back().independent_fast = &independent::expm1;
  ops.back().fast = &fast::expm1;
  ops.push_back({"log1p", "elementary", "log(1 + x), accurate near 0",
                 {}, "x >= -1: log1p(-1) = -inf, log1p(x < -1) = NaN", {}, "", -1, 4,
                 {{-1.0, "log1p's pole: log1p(-1) = -inf"}, {0.0, "log1p's root: log1p(0) = 0"}},
                 &oracles::log1p, make_reference<kernels::Log1p>()});
  ops.back().hard_inputs = "log1p.wc";
  ops.back().independent_fast = &independent::log1p;
  ops.back().fast = &fast::log1p;
  ops.push_back({"erf", "elementary", "error function 2/sqrt(pi) int_0^x e^-t^2 dt", {},
                 kAllReals, {}, "", -6, 6, erf_edges, &oracles::erf,
                 make_reference<kernels::Erf>()});
  ops.back().hard_inputs = "erf.wc";
  ops.back().independent_fast = &independent::erf;
  ops.back().fast = &fast::erf;
  // Uniform samples stop where f32's erfc underflows: MPFR needs ~2 ms per erfc
  // in [10, 27] (f64's tail), which the suite's Erfc.FarTailF64 samples instead.
  ops.push_back({"erfc", "elementary",
                 "complementary error function 1 - erf(x), accurate in the tail", {}, kAllReals,
                 {}, "", -6, 10.1, erf_edges, &oracles::erfc, make_reference<kernels::Erfc>()});
  ops.back().hard_inputs = "erfc.wc";
  ops.back().independent_fast = &independent::erfc;
  ops.back().fast = &fast::erfc;
}

}  // namespace numstab
