// numstab in GoogleTest: one line certifies a user's kernel exactly as
// `numstab certify` does (same seeded inputs, same tiered oracle, same record):
//
//   EXPECT_THAT(my_tanhf, numstab::testing::Certifies("tanh", 2.0));
//   EXPECT_THAT(my_tanhf, numstab::testing::Certifies("tanh", 1.0).range(0.5, 1.0).samples(10000).seed(7));
//   EXPECT_THAT(my_bf16_sigmoid, numstab::testing::Certifies<numstab::bf16>("sigmoid", 1.0));
//
// On failure the message is what the CLI prints (max and mean ULP, the worst
// input, the first counterexamples with input, got, exact and ULP error in
// hexfloat and decimal); a bad request (unknown op, bad range, negative
// bound) fails with one line saying what is wrong. Every run records its
// figures as test properties (RecordProperty: gtest's XML output), named
// numstab.<op>.<format>.<figure>. RapidCheck generators over bit patterns
// (numstab/generators.hpp) and the ulp_error/exact helpers
// (numstab/certify.hpp) come with it.
#pragma once
#include <charconv>
#include <cstdint>
#include <memory>
#include <sstream>
#include <ostream>
#include <string>
#include <utility>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "numstab/callable.hpp"
#include "numstab/certify.hpp"
#include "numstab/generators.hpp"
#include "numstab/gradcheck.hpp"

namespace numstab::testing {

namespace detail {

inline void record_properties(const Certificate& c) {
  const std::string key = "numstab." + c.op + "." + c.format + ".";
  // Shortest round-trip decimal: the number of the JSON record, exactly.
  const auto number = [](double v) {
    char buf[64];
    return std::string(buf, std::to_chars(buf, buf + sizeof buf, v).ptr);
  };
  ::testing::Test::RecordProperty(key + "max_ulp", number(c.max_ulp));
  ::testing::Test::RecordProperty(key + "mean_ulp", number(c.mean_ulp));
  ::testing::Test::RecordProperty(key + "worst_input", c.worst_input);
  ::testing::Test::RecordProperty(key + "inputs", std::to_string(c.inputs));
  ::testing::Test::RecordProperty(key + "verdict", c.passed ? "pass" : "fail");
}

}  // namespace detail

// The matcher behind Certifies(): a polymorphic GoogleTest matcher over
// callables. Format void: deduced from the callable (float or double).
template <class Format = void>
class CertifiesMatcher {
 public:
  using is_gtest_matcher = void;

  CertifiesMatcher(std::string op, double max_ulp) {
    settings_.op = std::move(op);
    settings_.max_ulp = max_ulp;
  }

  // Every input of the format (or of range()); f64 needs a range.
  CertifiesMatcher exhaustive() const { return with([](Settings& s) { s.exhaustive = true; }); }
  // Inputs in [lo, hi] only (inclusive).
  CertifiesMatcher range(double lo, double hi) const {
    return with([=](Settings& s) { s.range = std::make_pair(lo, hi); });
  }
  CertifiesMatcher samples(std::uint64_t n) const { return with([=](Settings& s) { s.samples = n; }); }
  CertifiesMatcher seed(std::uint64_t seed) const { return with([=](Settings& s) { s.seed = seed; }); }
  // An op parameter (prelu's "a", elu's "alpha", ...); fixing a two-operand
  // op's second operand lets a one-operand callable stand for it.
  CertifiesMatcher param(std::string name, double value) const {
    return with([&](Settings& s) { s.params.emplace_back(std::move(name), value); });
  }
  CertifiesMatcher threads(int n) const { return with([=](Settings& s) { s.threads = n; }); }
  // Only the normal range is judged (the CLI's --subnormal ignore).
  CertifiesMatcher ignore_subnormal() const { return with([](Settings& s) { s.judge_subnormal = false; }); }
  CertifiesMatcher strict_zero() const { return with([](Settings& s) { s.strict_zero = true; }); }
  CertifiesMatcher counterexamples(std::size_t n) const { return with([=](Settings& s) { s.counterexamples = n; }); }

  const Settings& settings() const { return settings_; }

  template <class F>
  bool MatchAndExplain(const F& f, std::ostream* os) const {
    const Certificate c = run(f, os != nullptr);
    if (!c.error.empty()) {
      if (os) *os << "\nnumstab: error: " << c.error;
      return false;
    }
    if (os) *os << "\n" << c.text;
    return c.passed;
  }

  void DescribeTo(std::ostream* os) const { *os << "is certified " << describe(); }
  void DescribeNegationTo(std::ostream* os) const { *os << "is not certified " << describe(); }

 private:
  // GoogleTest matches a failing value twice, once to decide and once to
  // explain: a failed certificate is kept for the explaining call (which has
  // a stream), and only for that one call.
  struct Cache {
    std::uintptr_t callable = 0;
    Certificate certificate;
  };

  template <class Edit>
  CertifiesMatcher with(Edit edit) const {
    CertifiesMatcher copy(*this);
    copy.cache_ = std::make_shared<Cache>();
    edit(copy.settings_);
    return copy;
  }

  template <class F>
  Certificate run(const F& f, bool explaining) const {
    // A function's or an object's address (a function pointer is no object pointer).
    const auto address = reinterpret_cast<std::uintptr_t>(std::addressof(f));
    if (explaining && cache_->callable == address) {
      cache_->callable = 0;
      return std::move(cache_->certificate);
    }
    Certificate c = certify<Format>(f, settings_);
    if (c.error.empty()) detail::record_properties(c);
    if (!explaining && (!c.passed || !c.error.empty())) *cache_ = {address, c};
    return c;
  }

  std::string describe() const {
    std::ostringstream os;
    os << "by numstab: " << settings_.op << " within " << settings_.max_ulp << " ULP, ";
    if (settings_.exhaustive) os << "every input";
    else os << settings_.samples << " samples, seed " << settings_.seed;
    if (settings_.range) os << " in [" << settings_.range->first << ", " << settings_.range->second << "]";
    for (const auto& [name, value] : settings_.params) os << ", " << name << " = " << value;
    return os.str();
  }

  Settings settings_;
  std::shared_ptr<Cache> cache_ = std::make_shared<Cache>();
};

// The kernel computes `op` of the catalog within `max_ulp` ULP of the exact
// result at every input (and with no NaN, overflow or nonfinite mismatch).
inline CertifiesMatcher<> Certifies(std::string op, double max_ulp) { return {std::move(op), max_ulp}; }
template <class Format>
CertifiesMatcher<Format> Certifies(std::string op, double max_ulp) {
  return {std::move(op), max_ulp};
}

// A forward kernel and its VJP pass `numstab gradcheck`'s criterion:
//   EXPECT_TRUE(PassesGradcheck(my_softmax, my_softmax_vjp, {.op = "softmax", .n = 32}));
// The failure message is the CLI's text (the worst component, its input,
// error and bound).
template <class Format = void, class F, class G>
::testing::AssertionResult PassesGradcheck(const F& forward, const G& vjp, const GradcheckSettings& settings) {
  const GradcheckReport r = gradcheck<Format>(forward, vjp, settings);
  if (!r.error.empty()) return ::testing::AssertionFailure() << "numstab: error: " << r.error;
  if (!r.passed) return ::testing::AssertionFailure() << "\n" << r.text;
  return ::testing::AssertionSuccess();
}

}  // namespace numstab::testing
