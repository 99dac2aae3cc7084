// softmax, log_softmax and logsumexp from the frameworks through gradcheck:
// value and VJP against MPFR with gradcheck's derived bounds
// (src/gradcheck/gradcheck.hpp: Blanchard, Higham & Higham 2021), f32, n = 16,
// 200 seeded vectors (seed 1; every fourth spread up to the overflow range).
// Where a framework breaks a bound, the test asserts the failure and where.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <iostream>

#include "src/errors.hpp"
#include "src/frameworks/framework.hpp"
#include "src/gradcheck/gradcheck.hpp"

namespace numstab {
namespace {

using gradcheck::GradcheckRequest;
using gradcheck::GradcheckResult;

GradcheckRequest request(const char* framework, const char* op) {
  GradcheckRequest r;
  r.op = op;
  r.format = Format::f32;
  r.kernel = r.grad_kernel = framework;
  r.n = 16;
  r.cases = 200;
  r.seed = 1;
  frameworks::VectorKernels k = frameworks::framework_vector_kernels(framework, op, Format::f32, "avx2");
  r.forward_callable = k.forward;
  r.vjp_callable = k.vjp;
  r.framework = k.describe;
  return r;
}

GradcheckResult check(const GradcheckRequest& r) {
  const GradcheckResult result = gradcheck::run_gradcheck(r);
  std::cout << gradcheck::to_text(result);
  return result;
}

bool part_passed(const GradcheckResult& r, const std::string& part) {
  for (const auto& g : r.records)
    if (g.part == part) return g.passed;
  ADD_FAILURE() << "no " << part << " record";
  return false;
}

TEST(FrameworkGradcheck, TorchSoftmaxAndLogSoftmaxWithinTheirBounds) {
  for (const char* op : {"softmax", "log_softmax"}) {
    const GradcheckResult r = check(request("torch", op));
    EXPECT_TRUE(r.passed) << op;
    EXPECT_EQ(gradcheck::to_json(r).at("framework").at("isa"), "avx2");
  }
}

// The check can fail: torch's forward with a VJP that drops softmax's <dy, y>
// term (dx = y * dy) is caught.
TEST(FrameworkGradcheck, TorchSoftmaxWithAVjpMissingATermFails) {
  GradcheckRequest r = request("torch", "softmax");
  const auto forward = r.forward_callable;
  r.vjp_callable = [forward](const void* x, const void* dy, void* dx, size_t n) {
    std::vector<float> y(n);
    forward(x, y.data(), n);
    const auto* d = static_cast<const float*>(dy);
    auto* out = static_cast<float*>(dx);
    for (size_t i = 0; i < n; ++i) out[i] = y[i] * d[i];
  };
  const GradcheckResult result = check(r);
  EXPECT_FALSE(result.passed);
  EXPECT_EQ(result.worst.part, "vjp");
}

// Autograd's logsumexp backward is dy * exp(x - y) with y the rounded
// logsumexp: where |x| dwarfs log n, y rounds to max x and every exp(x_i - y)
// is 1 (seed 1, case 43: sixteen equal x = 6.2e20, each dx_i = dy, not dy/16).
// The forward is within its bound.
TEST(FrameworkGradcheck, TorchLogsumexpVjpLosesTheSoftmaxWhereXDwarfsLogN) {
  const GradcheckResult r = check(request("torch", "logsumexp"));
  EXPECT_TRUE(part_passed(r, "forward"));
  EXPECT_FALSE(part_passed(r, "vjp"));
  EXPECT_EQ(r.worst.part, "vjp");
  EXPECT_GT(r.worst_ratio, 1e6);
}

// oneDNN's softmax returns 0 for outputs below FLT_MIN (its exp flushes, as
// eltwise_exp does from -86.99): seed 1, case 180, 0 for 5.4e-39.
TEST(FrameworkGradcheck, OnednnSoftmaxFlushesSubnormalOutputs) {
  const GradcheckResult r = check(request("onednn", "softmax"));
  EXPECT_FALSE(part_passed(r, "forward"));
  EXPECT_EQ(r.worst.part, "forward");
  EXPECT_EQ(r.worst.got, 0.0);
}

// oneDNN's log_softmax is off by an absolute 3.4e-6 at -1.909 on inputs in
// [-1.5, 1.7] (seed 1, case 151; 2.5 times the bound), an error of the size of
// its eltwise_log's near 1 (log(1) = -0x1.8p-20 = -1.4e-6); its VJP is within
// its bound.
TEST(FrameworkGradcheck, OnednnLogSoftmaxCarriesItsLogsAbsoluteError) {
  const GradcheckResult r = check(request("onednn", "log_softmax"));
  EXPECT_FALSE(part_passed(r, "forward"));
  EXPECT_TRUE(part_passed(r, "vjp"));
  EXPECT_EQ(r.worst.part, "forward");
  EXPECT_GT(r.worst.error, 1e-6);
}

TEST(FrameworkGradcheck, OpTheFrameworkLacksNamesTheOpsItHas) {
  try {
    frameworks::framework_vector_kernels("onednn", "logsumexp", Format::f32, "");
    ADD_FAILURE() << "onednn logsumexp accepted";
  } catch (const UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("onednn has: softmax, log_softmax"), std::string::npos) << e.what();
  }
  EXPECT_THROW(frameworks::framework_vector_kernels("torch", "layernorm", Format::f32, ""), UsageError);
  EXPECT_THROW(frameworks::framework_vector_kernels("onednn", "softmax", Format::f64, ""), UsageError);
}

}  // namespace
}  // namespace numstab
