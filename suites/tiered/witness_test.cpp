// The tiered sweep checks its record against every exact judgement it made:
// a fast tier that is wrong only where the audits do not look (the inputs
// that seed the floors) must fail the sweep with an internal error, not pass.
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstring>
#include <stdexcept>
#include <string>
#include <unordered_set>

#include "oracles/fast_tiers.hpp"
#include "src/catalog.hpp"
#include "src/sweep.hpp"
#include "src/tier/tiered_rules.hpp"

namespace numstab {
namespace {

constexpr float kLo = 0.5f, kHi = 0.75f;
constexpr double kBound = 2.5;  // glibc's tanhf: 2 ULP from the correctly rounded result

// Inputs of [kLo, kHi] where the kernel is 16 ULP off and the injected fast
// tier claims a small error (a quarter ULP from the kernel's own output).
std::unordered_set<float>& planted() {
  static std::unordered_set<float> s;
  return s;
}
bool hide_planted = false;  // the injected fast tier hides the planted errors
// Inputs where the injected fast tier claims a 5 ULP error the kernel does not have.
std::unordered_set<float>& slandered() {
  static std::unordered_set<float> s;
  return s;
}

float wrong_tanhf(float x) {
  const float y = std::tanh(x);
  return planted().count(x) ? std::bit_cast<float>(std::bit_cast<uint32_t>(y) + 16) : y;
}

void wrong_fast_tier(const double* x, size_t n, const Params& p, Enclosure* out) {
  fast::tanh(x, n, p, out);
  for (size_t i = 0; i < n; ++i) {
    const float xf = static_cast<float>(x[i]);
    // A quarter ULP from the wrong output: an error surely in histogram bin 1,
    // so nothing but the seeds' exact values contradicts it.
    if (hide_planted && planted().count(xf)) {
      const float y = wrong_tanhf(xf), ulp = std::nextafter(y, 2.0f) - y;
      out[i] = enclose(static_cast<double>(y) + 0.25 * ulp);
    }
    if (slandered().count(xf)) {
      const float y = std::tanh(xf), ulp = std::nextafter(y, 2.0f) - y;
      out[i] = enclose(static_cast<double>(y) + 5.0 * ulp);
    }
  }
}

Kernel wrong_kernel() {
  return {"wrong_tanhf", [](const void* x, void* y, size_t n) {
            const float* xs = static_cast<const float*>(x);
            float* ys = static_cast<float*>(y);
            for (size_t i = 0; i < n; ++i) ys[i] = wrong_tanhf(xs[i]);
          }};
}

struct Fixture {
  OpInfo op = require_op("tanh");
  InputSource src = InputSource::exhaustive(Format::f32, Range{kLo, kHi});
  SweepConfig cfg;
  Fixture() {
    cfg.op = &op;
    cfg.params = op.resolve_params({});
    cfg.format = Format::f32;
    cfg.threads = 2;
    cfg.bound = kBound;
  }
  // Seed inputs (index k * (total / 4096)) that the 1-in-4096 audit skips.
  std::vector<float> unaudited_seeds(size_t count) const {
    std::vector<float> xs;
    const uint64_t stride = src.size() / 4096;
    for (uint64_t k = 1; xs.size() < count; ++k)
      if (!tier::audited(k * stride)) xs.push_back(std::bit_cast<float>(uint32_t(src.bits_at(k * stride))));
    return xs;
  }
};

std::string sweep_error(const Fixture& f) {
  try {
    sweep(f.cfg, f.src, wrong_kernel());
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "";
}

TEST(TieredWitness, RightFastTierFindsThePlantedErrors) {
  Fixture f;
  planted().clear();
  slandered().clear();
  for (float x : f.unaudited_seeds(3)) planted().insert(x);
  const Record r = sweep(f.cfg, f.src, wrong_kernel());
  std::printf("tanh f32 [0.5, 0.75], 3 planted errors: max %.4f ULP at %a, %llu violations\n", r.max_ulp,
              r.argmax, static_cast<unsigned long long>(r.violations));
  EXPECT_EQ(r.violations, 3u);
  EXPECT_GT(r.max_ulp, 15.0);
  EXPECT_FALSE(r.passed());
}

TEST(TieredWitness, FastTierWrongOnlyAtTheSeedsIsAnInternalError) {
  Fixture f;
  planted().clear();
  slandered().clear();
  for (float x : f.unaudited_seeds(3)) planted().insert(x);
  hide_planted = true;
  f.op.fast = &wrong_fast_tier;
  const std::string e = sweep_error(f);
  std::printf("%s\n", e.c_str());
  EXPECT_NE(e.find("contradicts its own MPFR judgements"), std::string::npos) << e;
  EXPECT_NE(e.find("normal result"), std::string::npos) << e;
}

// A violation the fast tier claims below the floor goes straight to the
// counterexamples; MPFR's value for the message audits the claim.
TEST(TieredWitness, FastTierClaimingAFalseViolationIsAnInternalError) {
  Fixture f;
  planted().clear();
  slandered().clear();
  for (float x : f.unaudited_seeds(1)) planted().insert(x);  // a floor of 16 ULP: 5 is below it
  const uint64_t stride = f.src.size() / 4096;
  for (uint64_t i = f.src.size() / 2; slandered().size() < 3; ++i)
    if (!tier::audited(i) && i % stride != 0) slandered().insert(std::bit_cast<float>(uint32_t(f.src.bits_at(i))));
  hide_planted = false;
  f.op.fast = &wrong_fast_tier;
  const std::string e = sweep_error(f);
  std::printf("%s\n", e.c_str());
  EXPECT_NE(e.find("the fast oracle tier of tanh f32 is wrong"), std::string::npos) << e;
}

}  // namespace
}  // namespace numstab
