// Smoke tier: the reference kernels on special values, exact answers, no oracle.
#include <gtest/gtest.h>

#include <cmath>

#include "properties/matcher.hpp"
#include "src/catalog.hpp"

namespace numstab {
namespace {

struct Case {
  const char* op;
  double x;
  double expected;  // NaN means "any NaN"
};

// Exact values every format represents, so one table serves all four.
const Case kCases[] = {
    {"tanh", 0.0, 0.0},           {"tanh", -0.0, -0.0},          {"tanh", INFINITY, 1.0},
    {"tanh", -INFINITY, -1.0},    {"tanh", NAN, NAN},
    {"sigmoid", 0.0, 0.5},        {"sigmoid", -0.0, 0.5},        {"sigmoid", INFINITY, 1.0},
    {"sigmoid", -INFINITY, 0.0},  {"sigmoid", NAN, NAN},
    {"tanh_grad", 0.0, 1.0},      {"tanh_grad", -0.0, 1.0},      {"tanh_grad", INFINITY, 0.0},
    {"tanh_grad", -INFINITY, 0.0}, {"tanh_grad", NAN, NAN},
    {"sigmoid_grad", 0.0, 0.25},  {"sigmoid_grad", INFINITY, 0.0},
    {"sigmoid_grad", -INFINITY, 0.0}, {"sigmoid_grad", NAN, NAN},
};

}  // namespace
void PrintTo(Format f, std::ostream* os) { *os << spec(f).name; }
namespace {

class SpecialValues : public ::testing::TestWithParam<Format> {};

TEST_P(SpecialValues, ReferenceKernelsGiveTheExactAnswer) {
  const Format f = GetParam();
  for (const Case& c : kCases) {
    const OpInfo& op = require_op(c.op);
    const Kernel k = reference_kernel(op, f, op.resolve_params({}));
    const double got = bits_to_double(f, props::run_one(k, f, double_to_bits(f, c.x)));
    if (std::isnan(c.expected)) {
      EXPECT_TRUE(std::isnan(got)) << c.op << "(" << c.x << ") in " << spec(f).name << " = " << got;
    } else {
      // Bitwise: the sign of a zero is part of the answer.
      EXPECT_EQ(double_to_bits(f, got), double_to_bits(f, c.expected))
          << c.op << "(" << c.x << ") in " << spec(f).name << " = " << hex_text(got)
          << ", expected " << hex_text(c.expected);
    }
  }
}

TEST_P(SpecialValues, SaturationAtTheLargestFiniteInput) {
  const Format f = GetParam();
  const auto& s = spec(f);
  const double big = std::ldexp(2.0 - std::ldexp(1.0, 1 - s.precision), s.emax);
  const auto at = [&](const char* name, double x) {
    const OpInfo& op = require_op(name);
    return bits_to_double(f, props::run_one(reference_kernel(op, f, {}), f, double_to_bits(f, x)));
  };
  EXPECT_EQ(at("tanh", big), 1.0);
  EXPECT_EQ(at("tanh", -big), -1.0);
  EXPECT_EQ(at("sigmoid", big), 1.0);
  EXPECT_EQ(at("sigmoid", -big), 0.0);
  EXPECT_EQ(at("tanh_grad", big), 0.0);
  EXPECT_EQ(at("sigmoid_grad", -big), 0.0);
}

INSTANTIATE_TEST_SUITE_P(AllFormats, SpecialValues,
                         ::testing::Values(Format::f64, Format::f32, Format::f16, Format::bf16),
                         [](const auto& info) { return std::string(spec(info.param).name); });

}  // namespace
}  // namespace numstab
