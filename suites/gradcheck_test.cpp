// run_gradcheck (src/gradcheck/gradcheck.hpp) on numstab's reference kernels and
// on the example kernels of suites/gradcheck/fixtures.c (loaded with dlopen):
// a correct forward/VJP pair passes, a VJP missing the <dy, y> term and an
// unshifted forward fail with the worst element named, bad invocations throw
// UsageError. The CLI command is tested end to end by suites/gradcheck/.
#include <gtest/gtest.h>

#include <string>

#include "src/catalog.hpp"
#include "src/errors.hpp"
#include "src/gradcheck/gradcheck.hpp"

namespace numstab {
namespace {

using gradcheck::GradcheckRequest;
using gradcheck::run_gradcheck;

#ifdef NUMSTAB_GRADCHECK_FIXTURES
const std::string kLib = NUMSTAB_GRADCHECK_FIXTURES;
#else
const std::string kLib;
#endif

#define REQUIRE_FIXTURES() \
  if (kLib.empty()) GTEST_SKIP() << "fixture library not configured (suites/gradcheck/CMakeLists.txt)"

GradcheckRequest softmax_request(Format f, const std::string& fwd, const std::string& vjp) {
  GradcheckRequest r;
  r.op = "softmax";
  r.format = f;
  // ":symbol" means the symbol in the fixture library.
  r.kernel = fwd.rfind(':', 0) == 0 ? kLib + fwd : fwd;
  r.grad_kernel = vjp.rfind(':', 0) == 0 ? kLib + vjp : vjp;
  r.n = 16;
  r.cases = 40;
  r.seed = 20261126;
  return r;
}

std::string with_colon(const std::string& s) { return ":" + s; }

TEST(Gradcheck, ReferenceKernelsPassEveryOpAndFormat) {
  for (const char* op : {"softmax", "log_softmax", "logsumexp"})
    for (Format f : kAllFormats) {
      GradcheckRequest r;
      r.op = op;
      r.format = f;
      r.n = 12;
      r.cases = 24;
      r.seed = 3;
      const auto result = run_gradcheck(r);
      EXPECT_EQ(result.exit_status, 0) << op << " " << spec(f).name << "\n" << to_text(result);
      ASSERT_EQ(result.records.size(), 2u);
    }
}

TEST(Gradcheck, CorrectFixturePairPasses) {
  REQUIRE_FIXTURES();
  for (auto [f, fwd, vjp] : {std::tuple{Format::f64, "softmax_f64", "softmax_vjp_f64"},
                             std::tuple{Format::f32, "softmax_f32", "softmax_vjp_f32"}}) {
    const auto result = run_gradcheck(softmax_request(f, with_colon(fwd), with_colon(vjp)));
    std::printf("%s", to_text(result).c_str());
    EXPECT_EQ(result.exit_status, 0) << to_text(result);
    EXPECT_TRUE(result.passed);
  }
}

TEST(Gradcheck, VjpMissingTheDotTermFailsAndIsNamed) {
  REQUIRE_FIXTURES();
  for (auto [f, fwd, vjp] : {std::tuple{Format::f64, "softmax_f64", "softmax_vjp_no_dot_f64"},
                             std::tuple{Format::f32, "softmax_f32", "softmax_vjp_no_dot_f32"}}) {
    const auto result = run_gradcheck(softmax_request(f, with_colon(fwd), with_colon(vjp)));
    std::printf("%s", to_text(result).c_str());
    EXPECT_EQ(result.exit_status, 1);
    EXPECT_EQ(result.worst.part, "vjp");
    EXPECT_GE(result.worst.index, 0);
    EXPECT_GT(result.worst.error, result.worst.bound);
    EXPECT_NE(to_text(result).find("worst: vjp case"), std::string::npos);
    EXPECT_TRUE(result.records[0].passed);   // the forward is fine
    EXPECT_FALSE(result.records[1].passed);  // the VJP is not
    EXPECT_EQ(to_json(result)["verdict"], "fail");
  }
}

TEST(Gradcheck, UnshiftedForwardFailsWithAMismatch) {
  REQUIRE_FIXTURES();
  const auto result = run_gradcheck(softmax_request(Format::f64, ":softmax_unshifted_f64", ":softmax_vjp_f64"));
  EXPECT_EQ(result.exit_status, 1);
  EXPECT_EQ(result.worst.part, "forward");
  EXPECT_FALSE(result.worst.mismatch.empty()) << to_text(result);
}

// An op without an oracle here: finite differences, directional, with the
// full-Jacobian fallback naming the element (i, j).
TEST(Gradcheck, LayernormByFiniteDifferences) {
  REQUIRE_FIXTURES();
  if (!find_composite("layernorm")) GTEST_SKIP() << "no layernorm row in the catalog";
  GradcheckRequest r = softmax_request(Format::f64, ":layernorm_f64", ":layernorm_vjp_f64");
  r.op = "layernorm";
  r.n = 8;
  const auto good = run_gradcheck(r);
  std::printf("%s", to_text(good).c_str());
  EXPECT_EQ(good.reference, "finite_difference");
  EXPECT_EQ(good.exit_status, 0) << to_text(good);
  r.grad_kernel = kLib + ":layernorm_vjp_no_mean_f64";
  const auto bad = run_gradcheck(r);
  std::printf("%s", to_text(bad).c_str());
  EXPECT_EQ(bad.exit_status, 1);
  EXPECT_GE(bad.worst.jacobian_row, 0);
  EXPECT_NE(to_text(bad).find("Jacobian element (i = "), std::string::npos);
  r.kernel = "reference";
  EXPECT_THROW(run_gradcheck(r), UsageError);  // no reference kernel for layernorm here
}

TEST(Gradcheck, BadInvocationsAreUsageErrors) {
  GradcheckRequest r = softmax_request(Format::f64, "reference", "reference");
  r.op = "no_such_op";
  EXPECT_THROW(run_gradcheck(r), UsageError);
  r = softmax_request(Format::f64, "reference", "reference");
  r.n = 0;
  EXPECT_THROW(run_gradcheck(r), UsageError);
  r = softmax_request(Format::f64, "reference", "/nonexistent/libnothing.so:f_vjp");
  EXPECT_THROW(run_gradcheck(r), UsageError);
  r = softmax_request(Format::f64, "reference", "not_a_spec");
  EXPECT_THROW(run_gradcheck(r), UsageError);
  EXPECT_THROW(gradcheck::parse_gradcheck_format("f128"), UsageError);
  if (!kLib.empty()) {
    r = softmax_request(Format::f64, "reference", ":no_such_symbol");
    try {
      run_gradcheck(r);
      ADD_FAILURE() << "no UsageError for a missing symbol";
    } catch (const UsageError& e) {
      const std::string what = e.what();
      EXPECT_NE(what.find("no_such_symbol"), std::string::npos) << what;
      EXPECT_EQ(what.find('\n'), std::string::npos) << what;
    }
  }
}

TEST(Gradcheck, SameSeedSameResult) {
  const GradcheckRequest r = softmax_request(Format::f16, "reference", "reference");
  EXPECT_EQ(to_json(run_gradcheck(r)).dump(), to_json(run_gradcheck(r)).dump());
}

}  // namespace
}  // namespace numstab
