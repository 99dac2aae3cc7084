// Each known-bad kernel is rejected by certify's default sampling (100000
// inputs, seed 1) at 4 ULP, and every counterexample lies where its defect
// lives: the sampler's tails, subnormals and thresholds are what find them.
// Written on the public API (numstab/testing.hpp), as a user's suite would be:
// the kernels are linked in, not loaded.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <iostream>

#include "numstab/testing.hpp"

extern "C" {
float naive_tanh(float), naive_sigmoid(float), naive_tanh_grad(float), naive_sigmoid_grad(float),
    naive_expm1(float), naive_log1p(float), naive_softplus(float), naive_log_sigmoid(float), naive_silu(float),
    naive_elu(float), naive_gelu(float);
}

namespace numstab {
namespace {

struct NaiveCase {
  const char* symbol;
  float (*kernel)(float);
  const char* op;
  double lo, hi;  // the defect region: every counterexample has lo <= x <= hi (or lo2..hi2)
  double lo2 = NAN, hi2 = NAN;
};

void PrintTo(const NaiveCase& c, std::ostream* os) { *os << c.symbol; }

const NaiveCase kCases[] = {
    {"naive_tanh", naive_tanh, "tanh", -INFINITY, -88.7, 88.7, INFINITY},
    {"naive_sigmoid", naive_sigmoid, "sigmoid", -INFINITY, -87},
    {"naive_tanh_grad", naive_tanh_grad, "tanh_grad", -INFINITY, -0.5, 0.5, INFINITY},
    {"naive_sigmoid_grad", naive_sigmoid_grad, "sigmoid_grad", 1, INFINITY, -INFINITY, -87},
    {"naive_expm1", naive_expm1, "expm1", -1, 1},
    {"naive_log1p", naive_log1p, "log1p", -0.5, 0.5},
    {"naive_softplus", naive_softplus, "softplus", -INFINITY, -1, 88.7, INFINITY},
    {"naive_log_sigmoid", naive_log_sigmoid, "log_sigmoid", -INFINITY, -87},
    {"naive_silu", naive_silu, "silu", -INFINITY, -87},
    {"naive_elu", naive_elu, "elu", -1, 0},
    {"naive_gelu", naive_gelu, "gelu", -INFINITY, -1},
};

class NaiveKernel : public ::testing::TestWithParam<NaiveCase> {};

TEST_P(NaiveKernel, RejectedWhereItsDefectLives) {
  const NaiveCase& c = GetParam();
  testing::Settings settings;  // the CLI's defaults: 100000 samples, seed 1
  settings.op = c.op;
  settings.max_ulp = 4;
  const testing::Certificate r = testing::certify(c.kernel, settings);
  ASSERT_TRUE(r.error.empty()) << r.error;
  std::cout << r.text;
  EXPECT_FALSE(r.passed);
  ASSERT_FALSE(r.counterexamples.empty());
  for (const testing::Counterexample& x : r.counterexamples) {
    const double input = std::strtod(x.input.c_str(), nullptr);
    const bool in_region = (input >= c.lo && input <= c.hi) || (!std::isnan(c.lo2) && input >= c.lo2 && input <= c.hi2);
    EXPECT_TRUE(in_region) << x.input << " (" << x.input_dec << "): got " << x.got << ", exact " << x.exact << ", "
                           << x.ulp << " ULP";
  }
}

INSTANTIATE_TEST_SUITE_P(Fixtures, NaiveKernel, ::testing::ValuesIn(kCases),
                         [](const auto& info) { return std::string(info.param.symbol); });

}  // namespace
}  // namespace numstab
