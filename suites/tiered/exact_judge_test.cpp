// An exact enclosure (f(x) = hi + lo, the piecewise ops' fast tier) is judged
// without MPFR: whenever fast_judge decides it, the judgement must be judge()'s
// on the same exact value, bit for bit (ULP error rounded up, class, region),
// and it must decide nearly every case, or the tier would be MPFR in disguise.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <bit>
#include <cmath>
#include <random>

#include <fmt/format.h>

#include "properties/generators.hpp"
#include "src/tier/fast_judge.hpp"
#include "src/ulp.hpp"

namespace numstab {
namespace {

using props::full_size;

struct ExactCase {
  Format format;
  double hi, lo, got;
};

// A pair from a TwoProduct (leaky_relu's alpha x, any x of the format) or a
// parameter alone, and an output near its rounding: a few ULPs off, a zero of
// either sign, an infinity or a NaN.
ExactCase make_case(Format f, uint32_t x_bits, uint64_t alpha_bits, int alpha_exp, int kind, int offset) {
  const FormatSpec& s = spec(f);
  const uint64_t mask = (uint64_t{1} << s.total_bits) - 1;
  const double x = decode_bits(s, x_bits & mask);
  const double alpha = std::ldexp(1 + static_cast<double>(alpha_bits >> 12) * 0x1p-52, alpha_exp) *
                       ((alpha_bits & 1) ? -1 : 1);
  double hi = kind == 0 ? alpha : alpha * x, lo = kind == 0 ? 0 : std::fma(alpha, x, -hi);
  if (!std::isfinite(hi) || !std::isfinite(lo)) hi = lo = 0;
  double got = round_double_to(s, hi);
  const uint64_t g = encode_bits(s, got);
  switch (offset) {
    case 0: break;
    case 1: got = -0.0; break;
    case 2: got = 0.0; break;
    case 3: got = HUGE_VAL; break;
    case 4: got = NAN; break;
    default: got = decode_bits(s, (g + static_cast<uint64_t>(offset - 8)) & mask); break;  // -3 .. +3 patterns
  }
  return {f, hi, lo, got};
}

std::string describe(const ExactCase& c, const Judgement& j, const FastJudgement& fj) {
  return fmt::format("{}: hi = {:a}, lo = {:a}, got = {:a}: judge() {} ULP ({}, subnormal {}), fast {} ULP ({}, "
                     "subnormal {})", spec(c.format).name, c.hi, c.lo, c.got, j.ulp,
                     kMismatchNames[static_cast<int>(j.mismatch)], j.exact_subnormal, fj.judgement.ulp,
                     kMismatchNames[static_cast<int>(fj.judgement.mismatch)], fj.judgement.exact_subnormal);
}

// Decided -> equal to judge(); returns whether it decided.
bool agrees(const ExactCase& c, std::string& failure) {
  FastJudgement fj;
  if (!fast_judge(spec(c.format), c.got, enclose_exact(c.hi, c.lo), fj, 0)) return false;
  set_real_precision(2200);
  Real exact = c.hi;  // a zero keeps hi's sign (-0 + 0 would be +0)
  if (c.lo != 0) exact += c.lo;  // exact at 2200 bits
  const Judgement j = judge(c.format, c.got, exact);
  const bool same = fj.exact && fj.exactly_known() && j.ulp == fj.judgement.ulp &&
                    j.mismatch == fj.judgement.mismatch && j.exact_subnormal == fj.judgement.exact_subnormal;
  if (!same) failure = describe(c, j, fj);
  return true;
}

Format any_narrow(int k) { return k == 0 ? Format::f32 : k == 1 ? Format::bf16 : Format::f16; }

RC_GTEST_PROP(ExactJudge, EqualsJudgeWheneverItDecides, ()) {
  const Format f = any_narrow(*rc::gen::inRange(0, 3));
  const auto x_bits = *full_size(rc::gen::arbitrary<uint32_t>());
  const auto alpha_bits = *full_size(rc::gen::arbitrary<uint64_t>());
  const int alpha_exp = *full_size(rc::gen::inRange(-160, 160));
  const ExactCase c = make_case(f, x_bits, alpha_bits, alpha_exp, *rc::gen::inRange(0, 2), *rc::gen::inRange(0, 12));
  std::string failure;
  agrees(c, failure);
  RC_ASSERT(failure.empty());
}

// Seeded draws: every decided case agrees, and nearly all are decided.
TEST(ExactJudge, DecidesNearlyEveryCase) {
  std::mt19937_64 rng(20261203);
  size_t decided = 0, total = 200000, disagreements = 0;
  std::string first, undecided;
  for (size_t i = 0; i < total; ++i) {
    const Format f = any_narrow(static_cast<int>(rng() % 3));
    const ExactCase c = make_case(f, static_cast<uint32_t>(rng()), rng(), static_cast<int>(rng() % 321) - 160,
                                  static_cast<int>(rng() % 2), static_cast<int>(rng() % 12));
    std::string failure;
    const bool d = agrees(c, failure);
    decided += d;
    if (!d && undecided.size() < 2000)
      undecided += fmt::format("  {} hi = {:a}, lo = {:a}, got = {:a}\n", spec(f).name, c.hi, c.lo, c.got);
    if (!failure.empty() && disagreements++ == 0) first = failure;
  }
  std::printf("exact judge: %zu of %zu seeded cases (seed 20261203) decided without MPFR, %zu disagreements\n",
              decided, total, disagreements);
  EXPECT_EQ(disagreements, 0u) << first;
  EXPECT_GE(decided, total * 99 / 100) << "undecided, the first:\n" << undecided;
}

// A value enclosure x + lo ± rad, anchored on a format value x (as tiny-x
// log1p or tanh are): where fast_judge claims an exact judgement (the
// rounding rule, the dominant rule), it must be judge()'s for every exact
// value the enclosure allows, bit for bit; an interval must hold judge()'s.
struct ValueCase {
  Format format;
  double hi, lo, rad, where, got;  // exact = hi + lo + where * rad, |where| < 1
};

ValueCase make_value_case(Format f, uint32_t x_bits, uint64_t lo_bits, int lo_exp, int rad_exp, int where, int offset) {
  const FormatSpec& s = spec(f);
  const uint64_t mask = (uint64_t{1} << s.total_bits) - 1;
  const double x = decode_bits(s, x_bits & mask);
  const double lo = std::ldexp(x * (1 + static_cast<double>(lo_bits >> 12) * 0x1p-52), -lo_exp) * ((lo_bits & 1) ? -1 : 1);
  const double rad = std::ldexp(std::fabs(lo), -rad_exp);
  static constexpr double kWhere[] = {-1 + 0x1p-30, -0.5, 0, 0.5, 1 - 0x1p-30};
  const uint64_t g = encode_bits(s, x);
  const double got = decode_bits(s, (g + static_cast<uint64_t>(offset - 3)) & mask);  // -3 .. +3 patterns
  return {f, x, lo, rad, kWhere[where], got};
}

enum class ValueOutcome { undecided, interval, exact, wrong };

ValueOutcome judge_value_case(const ValueCase& c, std::string& failure) {
  if (!std::isfinite(c.hi) || c.hi == 0 || !std::isfinite(c.got) || !(c.rad > 0) || !std::isfinite(c.rad))
    return ValueOutcome::undecided;
  FastJudgement fj;
  if (!fast_judge(spec(c.format), c.got, {Enclosure::Kind::value, c.hi, c.lo, c.rad, false}, fj, 0))
    return ValueOutcome::undecided;
  set_real_precision(2200);
  const Real exact = Real(c.hi) + Real(c.lo) + Real(c.where) * Real(c.rad);  // exact at 2200 bits
  const Judgement j = judge(c.format, c.got, exact);
  const bool same_class = j.mismatch == fj.judgement.mismatch && j.exact_subnormal == fj.judgement.exact_subnormal;
  const bool ok = fj.exactly_known() ? same_class && j.ulp == fj.judgement.ulp
                                     : same_class && j.ulp >= fj.ulp_lo && j.ulp <= fj.ulp_hi;
  if (!ok)
    failure = fmt::format("{}: hi = {:a}, lo = {:a}, rad = {:a}, exact at {} rad, got = {:a}: judge() {:a} ULP ({}), "
                          "fast {} [{:a}, {:a}] ULP ({})", spec(c.format).name, c.hi, c.lo, c.rad, c.where, c.got,
                          j.ulp, kMismatchNames[static_cast<int>(j.mismatch)],
                          fj.exactly_known() ? "exactly" : "within", fj.ulp_lo, fj.ulp_hi,
                          kMismatchNames[static_cast<int>(fj.judgement.mismatch)]);
  return !ok ? ValueOutcome::wrong : fj.exactly_known() ? ValueOutcome::exact : ValueOutcome::interval;
}

RC_GTEST_PROP(ExactJudge, ValueEnclosureEqualsJudgeWhereItClaims, ()) {
  const ValueCase c = make_value_case(any_narrow(*rc::gen::inRange(0, 3)), *full_size(rc::gen::arbitrary<uint32_t>()),
                                      *full_size(rc::gen::arbitrary<uint64_t>()), *rc::gen::inRange(1, 121),
                                      *rc::gen::inRange(1, 71), *rc::gen::inRange(0, 5), *rc::gen::inRange(0, 7));
  std::string failure;
  judge_value_case(c, failure);
  RC_ASSERT(failure.empty());
}

// Seeded draws: no decided case disagrees, and the exact claims are common
// (else the property above would test the interval path only).
TEST(ExactJudge, ValueEnclosuresClaimExactlyAndAgree) {
  std::mt19937_64 rng(20261207);
  size_t total = 100000, exact = 0, wrong = 0;
  std::string first;
  for (size_t i = 0; i < total; ++i) {
    const ValueCase c = make_value_case(any_narrow(static_cast<int>(rng() % 3)), static_cast<uint32_t>(rng()), rng(),
                                        1 + static_cast<int>(rng() % 120), 1 + static_cast<int>(rng() % 70),
                                        static_cast<int>(rng() % 5), static_cast<int>(rng() % 7));
    std::string failure;
    const ValueOutcome o = judge_value_case(c, failure);
    exact += o == ValueOutcome::exact;
    if (o == ValueOutcome::wrong && wrong++ == 0) first = failure;
  }
  std::printf("value enclosures: %zu of %zu seeded cases (seed 20261207) judged exactly without MPFR, %zu wrong\n",
              exact, total, wrong);
  EXPECT_EQ(wrong, 0u) << first;
  EXPECT_GE(exact, total / 10);
}

}  // namespace
}  // namespace numstab
