// Framework kernels (src/frameworks/) certified through the sweep as the CLI
// runs them. Bounds are numstab's (neither PyTorch nor oneDNN states a ULP
// bound for these kernels): 4 ULP in f32, 1 ULP in bf16 (the kernels compute in
// float and round once). Sampled rows: 20000 inputs, seed 20261126; bf16 rows:
// all 65536 inputs.
#include <gtest/gtest.h>

#include <cmath>
#include <iostream>
#include <optional>
#include <string>

#include "src/catalog.hpp"
#include "src/errors.hpp"
#include "src/frameworks/framework.hpp"
#include "src/record.hpp"

namespace numstab {
namespace {

constexpr uint64_t kSeed = 20261126;
constexpr uint64_t kSamples = 20000;

struct Run {
  const char* op;  // what the record is judged as
  Format format;
  double bound;
  std::optional<Range> range = std::nullopt;
  Params params = {};  // the judged op's parameters (defaults when empty)
  uint64_t samples = kSamples;
};

Record certify(const Run& run, const Kernel& kernel) {
  const OpInfo& op = require_op(run.op);
  SweepConfig cfg;
  cfg.op = &op;
  cfg.params = run.params.empty() ? op.resolve_params({}) : run.params;
  cfg.format = run.format;
  cfg.seed = kSeed;
  cfg.bound = run.bound;
  const InputSource src = InputSource::for_op(op, run.format, run.format == Format::f32 ? Mode::samples : Mode::exhaustive,
                                              run.samples, kSeed, run.range, false);
  const Record r = sweep(cfg, src, kernel);
  std::cout << to_text(r);
  return r;
}

Kernel framework(const char* name, const char* op, Format f, Params p = {}) {
  const OpInfo& info = require_op(op);
  return frameworks::framework_kernel(name, info, f, p.empty() ? info.resolve_params({}) : p, {});
}

struct Row {
  const char* framework;
  const char* op;
  Format format;
  double bound;
};
void PrintTo(const Row& r, std::ostream* os) {
  *os << r.framework << " " << r.op << " " << spec(r.format).name << " within " << r.bound << " ULP";
}
std::string row_name(const testing::TestParamInfo<Row>& info) {
  return std::string(info.param.framework) + "_" + info.param.op + "_" + spec(info.param.format).name;
}

class FrameworkWithinBound : public testing::TestWithParam<Row> {};

// Rows measured within numstab's bound (max error, seed 20261126): each fails
// the day the framework's kernel drifts past it.
TEST_P(FrameworkWithinBound, Certifies) {
  const Row& row = GetParam();
  const Record r = certify({row.op, row.format, row.bound}, framework(row.framework, row.op, row.format));
  EXPECT_TRUE(r.passed()) << row.framework << " " << row.op << ": max " << r.max_ulp << " ULP at " << std::hexfloat
                          << r.argmax << std::defaultfloat << " (" << r.argmax << "), got " << r.argmax_got;
  EXPECT_LE(r.max_ulp, row.bound);
}
INSTANTIATE_TEST_SUITE_P(Sampled, FrameworkWithinBound,
                         testing::Values(Row{"torch", "tanh", Format::f32, 4}, Row{"torch", "exp", Format::f32, 4},
                                         Row{"torch", "erf", Format::f32, 4}, Row{"torch", "softplus", Format::f32, 4},
                                         Row{"torch", "tanh", Format::bf16, 1}, Row{"torch", "exp", Format::bf16, 1},
                                         Row{"torch", "softplus_grad", Format::bf16, 1},
                                         Row{"torch", "elu_grad", Format::bf16, 1},
                                         Row{"onednn", "tanh", Format::f32, 4},
                                         Row{"onednn", "leaky_relu", Format::f32, 4}),
                         row_name);

// Findings (4000 samples, seed 20261126: most inputs need MPFR, the errors being far off): PyTorch's and oneDNN's gelu (erf form) compute x/2 (1 + erf(x/sqrt 2)),
// which cancels for negative x: at x = -10.17 both return 0 where the exact
// result, -1.3e-23, is a normal float (1.7e7 ULP), and gelu(-inf) is NaN.
TEST(FrameworkFindings, GeluErfCancelsForNegativeInputs) {
  for (const char* fw : {"torch", "onednn"}) {
    const Record r = certify({"gelu", Format::f32, 4, std::nullopt, {}, 4000}, framework(fw, "gelu", Format::f32));
    EXPECT_FALSE(r.passed()) << fw;
    EXPECT_GT(r.max_ulp_normal, 1e6) << fw;
    EXPECT_LT(r.argmax, -3) << fw << ": the worst input lies in the cancelling region";
    EXPECT_GE(r.mismatches[static_cast<int>(Mismatch::nonfinite)], 1u) << fw << ": gelu(-inf) is NaN";
  }
}

// Autograd's tanh and sigmoid backward take the forward's result: 1 - y^2 and
// y (1 - y) lose every digit where y rounds to +-1 (|x| > 9 for tanh).
TEST(FrameworkFindings, BackwardFromTheResultLosesTheSaturatedTail) {
  for (const char* op : {"tanh_grad", "sigmoid_grad"}) {
    const Record r = certify({op, Format::f32, 4}, framework("torch", op, Format::f32));
    EXPECT_FALSE(r.passed()) << op;
    EXPECT_GT(r.max_ulp_normal, 1e6) << op;
    EXPECT_GT(std::fabs(r.argmax), 8) << op << ": the worst input lies where the result saturates";
  }
}

// A wrong parameter mapping is caught: the same framework call with another
// parameter than the judged op's fails where the right mapping passes.
TEST(FrameworkMapping, WrongParameterIsCaught) {
  const Record right = certify({"leaky_relu", Format::f32, 4}, framework("torch", "leaky_relu", Format::f32, {0.01}));
  EXPECT_TRUE(right.passed());
  const Record wrong = certify({"leaky_relu", Format::f32, 4}, framework("torch", "leaky_relu", Format::f32, {0.02}));
  EXPECT_FALSE(wrong.passed());
  const Record beta = certify({"softplus", Format::f32, 4}, framework("torch", "softplus", Format::f32, {2.0}));
  EXPECT_FALSE(beta.passed()) << "softplus with beta 2 judged as beta 1";
}

// gelu mapped to ATen's "tanh" approximation and judged as the exact gelu: on
// x in [0, 8], where the right mapping's error stays below 7 ULP (measured:
// 6.75 at x = 0x1.be5b2ep-4), the approximation is hundreds of ULP off.
TEST(FrameworkMapping, GeluMappedToTheTanhApproximationIsCaught) {
  const Range positive{0, 8};
  const Record right = certify({"gelu", Format::f32, 7, positive}, framework("torch", "gelu", Format::f32));
  EXPECT_TRUE(right.passed());
  const Record wrong = certify({"gelu", Format::f32, 7, positive}, framework("torch", "gelu_tanh", Format::f32));
  EXPECT_FALSE(wrong.passed());
  EXPECT_GT(wrong.max_ulp, 100 * right.max_ulp);
}

// The tail position (ATen's scalar loop) is another kernel than the vector
// body for gelu; position_check finds the inputs and reports both values.
TEST(FrameworkPosition, TorchGeluBodyAndTailDiffer) {
  const OpInfo& op = require_op("gelu");
  const Kernel k = framework("torch", "gelu", Format::f32);
  const InputSource src = InputSource::for_op(op, Format::f32, Mode::samples, kSamples, kSeed, std::nullopt, false);
  const nlohmann::json pos = frameworks::position_check(k, src, Format::f32);
  std::cout << pos.dump(1) << "\n";
  EXPECT_GT(pos["differ"].get<uint64_t>(), pos["zero_sign_only"].get<uint64_t>());
  ASSERT_FALSE(pos["examples"].empty());
  EXPECT_NE(pos["examples"][0]["body"]["hex"], pos["examples"][0]["tail"]["hex"]);
}

// The check itself can fail: a kernel whose tail is one ULP off everywhere.
TEST(FrameworkPosition, ATailThatDiffersIsReported) {
  const OpInfo& op = require_op("tanh");
  Kernel k = framework("torch", "tanh", Format::f32);
  const InputSource src = InputSource::for_op(op, Format::f32, Mode::samples, 1000, kSeed, Range{0.5, 2}, false);
  EXPECT_EQ(frameworks::position_check(k, src, Format::f32)["differ"], 0u) << "torch tanh: same in body and tail";
  const auto body = k.run;
  k.run_tail = [body](const void* x, void* y, size_t n) {
    body(x, y, n);
    for (size_t i = 0; i < n; ++i) static_cast<float*>(y)[i] = std::nextafter(static_cast<float*>(y)[i], 0.0f);
  };
  EXPECT_EQ(frameworks::position_check(k, src, Format::f32)["differ"], 1000u);
}

// Names a framework lacks: one line naming what it has.
TEST(FrameworkNames, MissingOpNamesTheOpsItHas) {
  try {
    framework("onednn", "selu", Format::f32);
    FAIL() << "onednn has no selu";
  } catch (const UsageError& e) {
    const std::string msg = e.what();
    EXPECT_EQ(msg.find('\n'), std::string::npos);
    EXPECT_NE(msg.find("onednn has: exp, log, tanh"), std::string::npos) << msg;
  }
  EXPECT_THROW(framework("onednn", "gelu", Format::f64), UsageError);
  EXPECT_THROW(framework("torch", "gelu", Format::f16), UsageError);  // ATen 1.13: no CPU Half gelu
}

}  // namespace
}  // namespace numstab
