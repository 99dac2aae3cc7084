#include "src/kernels/elementary.hpp"
#include "oracles/elementary/oracle.hpp"
#include "oracles/fast_tiers.hpp"
#include "oracles/independent_tiers.hpp"
#include "src/ops/families.hpp"

namespace numstab {

void add_elementary_ops(std::vector<OpInfo>& ops) {
  // ln of the largest finite value (f64, f32, bf16, f16): e^x overflows past
  // these; ln of half the smallest subnormal (f64, f32, bf16, f16): e^x rounds
  // to 0 below; ln of the smallest normal (f64, f32 = bf16): subnormal below.
  const std::vector<double> exp_edges = {709.782712893384, 88.7228390520684, 88.7189252123519,
                                         11.089866488461,  -745.133219101941, -103.972077083992,
                                         -92.8817221950327, -17.3286795139986, -708.396418532264,
                                         -87.3365447505531, -9.70406052783923};
  // (p + 1) ln2 (f64, f32, f16, bf16): expm1 rounds to -1 below minus these.
  std::vector<double> expm1_edges = exp_edges;
  expm1_edges.insert(expm1_edges.end(), {37.429947750237, 17.3286795139986, 8.31776616671934,
                                         6.23832462503951});
  // Where erf rounds to 1 (erfc(x) = 2^-(p+1): f64, f32, f16, bf16); erfc's
  // result turns subnormal (f64, f32 = bf16, f16) and rounds to 0 (f64, f32,
  // bf16, f16 = f32's erf edge).
  const std::vector<double> erf_edges = {5.92158719579451, 3.91920584363672, 2.59390051313449,
                                         2.19009996835377, 26.543258454251,  9.19454944913467,
                                         2.83463028557139, 27.2260171111084, 10.0541949288181,
                                         9.48966159001421};

  ops.push_back({"exp", "elementary", "exponential e^x", {}, kAllReals, {}, "", -746, 710,
                 exp_edges, &oracles::exp, make_reference<kernels::Exp>()});
  ops.back().hard_inputs = "exp.wc";
  ops.back().independent_fast = &independent::exp;
  ops.back().fast = &fast::exp;
  ops.push_back({"log", "elementary", "natural logarithm",
                 {}, "x >= 0: log(+-0) = -inf, log(x < 0) = NaN, log(+inf) = +inf", {}, "", 0, 4,
                 {1.0}, &oracles::log, make_reference<kernels::Log>()});
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
                 {-1.0, 0.0}, &oracles::log1p, make_reference<kernels::Log1p>()});
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
