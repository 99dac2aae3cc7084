// The fast tiers' enclosures proven (src/tier/certify.hpp): on every input
// below, a rigorous MPFI interval of the exact value lies strictly inside the
// claimed open interval, and NaN and overflow claims match the exact class.
// Default tier: a seeded f32 sample and every bf16 and f16 input; exhaustive
// tier: every f32 input. And the check can fail: wrong enclosures are caught.
#include <gtest/gtest.h>

#include <bit>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>

#include <fmt/format.h>
#include <omp.h>

#include "oracles/fast_tiers.hpp"
#include "src/catalog.hpp"
#include "src/formats.hpp"
#include "src/inputs.hpp"
#include "src/tier/certify.hpp"
#include "suites/tiered/certify_inputs.hpp"

namespace numstab {
namespace {

using tier::CertifyStats;

std::vector<double> sample_inputs(const OpInfo& op) { return certify_inputs(op, 20261126); }

void expect_proven(const std::string& name, const CertifyStats& st, const char* what) {
  std::printf("%s (%s)\n", st.summary(name).c_str(), what);
  EXPECT_EQ(st.failed, 0u) << st.summary(name);
  for (const auto& [key, message] : st.failures) ADD_FAILURE() << message;
  EXPECT_GT(st.proven, 0u);
  // A proof leaves room inside the radius; 1 is the stated bound itself.
  EXPECT_LT(st.max_ratio, 1.0);
}

class CertifyFastTier : public ::testing::TestWithParam<std::string> {};

TEST_P(CertifyFastTier, ProvenOnSampleAndEvery16BitInput) {
  const OpInfo& op = require_op(GetParam());
  const auto t0 = std::chrono::steady_clock::now();
  const CertifyStats st = tier::certify_fast_tier(op, op.resolve_params({}), sample_inputs(op));
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  expect_proven(op.name, st, fmt::format("20000 f32 samples seed 20261126 + every bf16 and f16, {:.2f} s", s).c_str());
}

std::string test_name(const ::testing::TestParamInfo<std::string>& info) { return info.param; }

INSTANTIATE_TEST_SUITE_P(Ops, CertifyFastTier, ::testing::ValuesIn(tier::certifiable_ops()), test_name);

// Which unary ops have no certificate yet: a new op shows up here.
TEST(CertifyFastTierCoverage, EveryUnaryOpHasAnExactDefinition) {
  std::vector<std::string> missing;
  for (const auto& op : catalog())
    if (!op.is_binary() && !tier::certifiable(op)) missing.push_back(op.name);
  EXPECT_TRUE(missing.empty()) << fmt::format("no exact interval definition: {}", fmt::join(missing, ", "));
}

// The check can fail. Wrong enclosures, from the real fast tiers tampered
// with, must be caught on exactly the inputs they are wrong on.
std::vector<Enclosure> fast_enclosures(const OpInfo& op, const std::vector<double>& x) {
  std::vector<Enclosure> e(x.size());
  if (op.fast) op.fast(x.data(), x.size(), op.resolve_params({}), e.data());
  return e;
}

CertifyStats certify(const OpInfo& op, const std::vector<double>& x, const std::vector<Enclosure>& e) {
  return tier::certify_claims(op, op.resolve_params({}), x.data(), e.data(), x.size());
}

TEST(CertifyFastTierCanFail, RadiusShrunk2To20FoldIsCaught) {
  const OpInfo& op = require_op("tanh");
  const std::vector<double> x = sample_inputs(op);
  std::vector<Enclosure> e = fast_enclosures(op, x);
  ASSERT_EQ(certify(op, x, e).failed, 0u);
  for (auto& v : e) v.rad *= 0x1p-20;
  const CertifyStats st = certify(op, x, e);
  std::printf("%s\n", st.summary("tanh, radius shrunk 2^20-fold").c_str());
  // glibc's tanh and the series err by about 2^-53 relative, far beyond 2^-60.
  EXPECT_GT(st.failed, st.inputs / 4);
  ASSERT_FALSE(st.failures.empty());
  EXPECT_NE(st.failures[0].second.find("tanh at x = "), std::string::npos) << st.failures[0].second;
}

TEST(CertifyFastTierCanFail, LoScaledOnOneRegionIsCaughtThereOnly) {
  const OpInfo& op = require_op("sigmoid");
  const std::vector<double> x = sample_inputs(op);
  std::vector<Enclosure> e = fast_enclosures(op, x);
  uint64_t in_region = 0;
  for (size_t i = 0; i < x.size(); ++i)
    if (x[i] >= 1 && x[i] < 700) e[i].lo *= 1.1, ++in_region;  // sigmoid's 1 + lo region
  const CertifyStats st = certify(op, x, e);
  std::printf("%s\n", st.summary("sigmoid, lo * 1.1 on [1, 700)").c_str());
  EXPECT_GT(in_region, 1000u);
  EXPECT_EQ(st.failed, in_region);
  for (const auto& [key, message] : st.failures) EXPECT_GE(std::bit_cast<double>(key), 1.0) << message;
}

TEST(CertifyFastTierCanFail, WrongClassesAndSidesAreCaught) {
  const auto one = [](const char* name, double x, Enclosure e) {
    return certify(require_op(name), {x}, {e});
  };
  // exp(88.5) = 2.7e38 does not overflow f32; exp(89) does, to +inf.
  EXPECT_EQ(one("exp", 88.5, enclose_overflow(false)).failed, 1u);
  EXPECT_EQ(one("exp", 89, enclose_overflow(false)).proven, 1u);
  EXPECT_EQ(one("exp", 89, enclose_overflow(true)).failed, 1u);
  // log is defined at 0.5, not at -0.5.
  EXPECT_EQ(one("log", 0.5, enclose_nan()).failed, 1u);
  EXPECT_EQ(one("log", -0.5, enclose_nan()).proven, 1u);
  EXPECT_EQ(one("log", -0.5, enclose(0)).failed, 1u);
  // 1 - tanh(400) is in (0, 2^-1000): tanh is below 1, not above.
  EXPECT_EQ(one("tanh", 400, enclose_beyond(1, -0x1p-1000)).proven, 1u);
  EXPECT_EQ(one("tanh", 400, enclose_beyond(1, 0x1p-1000)).failed, 1u);
  // e^-700.5 = 2^-1010.6: below 2^-1010, not below 2^-1011.
  EXPECT_EQ(one("exp", -700.5, enclose_beyond(0, 0x1p-1010)).proven, 1u);
  EXPECT_EQ(one("exp", -700.5, enclose_beyond(0, 0x1p-1011)).failed, 1u);
  // A reference-kernel tier (gelu) off by 2^-30 relative.
  const Enclosure g = enclose(1.5 * std::erfc(-1.5 / std::sqrt(2.0)) / 2);  // 1.5 Phi(1.5)
  EXPECT_EQ(one("gelu", 1.5, g).proven, 1u);
  Enclosure bad = g;
  bad.hi *= 1 + 0x1p-30;
  EXPECT_EQ(one("gelu", 1.5, bad).failed, 1u);
}

// The reported ratio measures the error: half the radius off gives 1/2.
TEST(CertifyFastTierCanFail, RatioMeasuresTheError) {
  Enclosure e = enclose(std::tanh(0.5));
  const double exact = std::tanh(0.5);  // within 2^-52 relative: far below rad
  e.hi = exact + e.rad / 2;
  const CertifyStats st = certify(require_op("tanh"), {0.5}, {e});
  EXPECT_EQ(st.proven, 1u);
  EXPECT_NEAR(st.max_ratio, 0.5, 1e-3);
}

// Every f32 input (NUMSTAB_CERTIFY_F32=FIRST:LAST:STRIDE, hexadecimal bit
// patterns, narrows it: a sub-range, or a spread sample for timing), on
// OpenMP's threads.
class ExhaustiveCertifyF32 : public ::testing::TestWithParam<std::string> {};

TEST_P(ExhaustiveCertifyF32, EveryInput) {
  const OpInfo& op = require_op(GetParam());
  uint64_t first = 0, last = uint64_t{1} << 32, stride = 1;
  if (const char* r = std::getenv("NUMSTAB_CERTIFY_F32")) {
    ASSERT_EQ(std::sscanf(r, "%lx:%lx:%lx", &first, &last, &stride), 3) << "NUMSTAB_CERTIFY_F32=" << r;
  }
  const int threads = omp_get_max_threads();
  // CPU time too: on a shared machine the wall time measures the neighbours.
  const auto t0 = std::chrono::steady_clock::now();
  const std::clock_t c0 = std::clock();
  const CertifyStats st = tier::certify_f32_patterns(op, op.resolve_params({}), first, last, stride, threads);
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const double cpu = static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC;
  expect_proven(op.name, st,
                fmt::format("f32 bit patterns [{:#x}, {:#x}) stride {}: {:.1f} s wall on {} threads, {:.1f} s CPU, "
                            "{:.0f} inputs per CPU second",
                            first, last, stride, s, threads, cpu, static_cast<double>(st.inputs) / cpu)
                    .c_str());
}

INSTANTIATE_TEST_SUITE_P(Exhaustive, ExhaustiveCertifyF32, ::testing::ValuesIn(tier::certifiable_ops()), test_name);

}  // namespace
}  // namespace numstab
