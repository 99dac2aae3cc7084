// Each known-bad kernel is rejected by certify's default sampling (100000
// inputs, seed 1) at 4 ULP, and every counterexample lies where its defect
// lives: the sampler's tails, subnormals and thresholds are what find them.
#include <gtest/gtest.h>

#include <cmath>
#include <iostream>

#include "src/loader.hpp"
#include "src/record.hpp"

namespace numstab {
namespace {

struct NaiveCase {
  const char* symbol;
  const char* op;
  double lo, hi;  // the defect region: every counterexample has lo <= x <= hi (or lo2..hi2)
  double lo2 = NAN, hi2 = NAN;
};

void PrintTo(const NaiveCase& c, std::ostream* os) { *os << c.symbol; }

const NaiveCase kCases[] = {
    {"naive_tanh", "tanh", -INFINITY, -88.7, 88.7, INFINITY},
    {"naive_sigmoid", "sigmoid", -INFINITY, -87},
    {"naive_tanh_grad", "tanh_grad", -INFINITY, -0.5, 0.5, INFINITY},
    {"naive_sigmoid_grad", "sigmoid_grad", 1, INFINITY, -INFINITY, -87},
    {"naive_expm1", "expm1", -1, 1},
    {"naive_log1p", "log1p", -0.5, 0.5},
    {"naive_softplus", "softplus", -INFINITY, -1, 88.7, INFINITY},
    {"naive_log_sigmoid", "log_sigmoid", -INFINITY, -87},
    {"naive_silu", "silu", -INFINITY, -87},
    {"naive_elu", "elu", -1, 0},
    {"naive_gelu", "gelu", -INFINITY, -1},
};

class NaiveKernel : public ::testing::TestWithParam<NaiveCase> {};

TEST_P(NaiveKernel, RejectedWhereItsDefectLives) {
  const NaiveCase& c = GetParam();
  const OpInfo& op = require_op(c.op);
  SweepConfig cfg;
  cfg.op = &op;
  cfg.params = op.resolve_params({});
  cfg.format = Format::f32;
  cfg.bound = 4;
  cfg.seed = 1;
  const Kernel k = make_kernel(std::string(NUMSTAB_NAIVE_LIB) + ":" + c.symbol, Abi::scalar, op,
                               Format::f32, cfg.params);
  const InputSource src = InputSource::for_op(op, Format::f32, Mode::samples, 100000, 1, std::nullopt, false);
  const Record r = sweep(cfg, src, k);
  std::cout << to_text(r);
  EXPECT_FALSE(r.passed());
  ASSERT_FALSE(r.counterexamples.empty());
  for (const Counterexample& x : r.counterexamples) {
    const bool in_region = (x.input >= c.lo && x.input <= c.hi) ||
                           (!std::isnan(c.lo2) && x.input >= c.lo2 && x.input <= c.hi2);
    EXPECT_TRUE(in_region) << counterexample_text(r, x);
  }
}

INSTANTIATE_TEST_SUITE_P(Fixtures, NaiveKernel, ::testing::ValuesIn(kCases),
                         [](const auto& info) { return std::string(info.param.symbol); });

}  // namespace
}  // namespace numstab
