// Enclosures computed in long double (x87: 64-bit significand) with glibc's
// long double functions (expl, expm1l, log1pl, erfl, erfcl, tanhl): code
// shared with no reference kernel, which compute in double (src/kernels/).
// These are the ops' independent fast tiers, used to judge numstab's own
// kernels (OpInfo::independent_fast); a judge that shared the judged formula
// would share its defects.
//
// The claim: |f(x) - (hi + lo)| < 2^-50 * magnitude, where magnitude is the
// sum of the absolute values of the terms the formula adds (so cancellation
// widens the interval instead of breaking it), times (1 + |arg| 2^-13) where
// an exponential's argument |arg| <= 11000 is itself rounded (its rounding,
// |arg| 2^-64 relative, moves e^arg by that much). A long double function errs
// by a few units of 2^-64 (glibc's ldbl-96 ULP tables: measured by its test
// suite, not proven), and no formula below chains more than ~10 operations:
// 2^-50 leaves a margin of ~2^9. As for the double tiers, the margin is an
// assumption on glibc, checked, not a theorem: MPFI proves each claim on the
// inputs of suites/tiered/enclosure_certify_test.cpp, and the sweep audits one
// judgement in 4096 against MPFR (src/tier/).
#pragma once
#include <cmath>

#include "oracles/enclosure.hpp"

namespace numstab::ld {

using LD = long double;
inline constexpr LD kBound = 0x1p-50L;

// The radius of a claim on `magnitude`, rounded up into a double, with the
// double floor (as enclose()) for results below double's normal range.
inline double radius(LD magnitude) {
  return std::nextafter(static_cast<double>(magnitude * kBound), HUGE_VAL) + 0x1p-1060;
}

// f(x) = v within the claim. hi + lo is v exactly in double's normal range.
inline Enclosure value(LD v, LD magnitude) {
  const double hi = static_cast<double>(v);
  const double lo = static_cast<double>(v - hi);
  return {Enclosure::Kind::value, hi, lo, radius(magnitude), false};
}
inline Enclosure value(LD v) { return value(v, std::fabs(v)); }

// f(x) = anchor + rem (anchor an exact double, often a power of two the value
// approaches): the remainder keeps its sign next to the anchor.
inline Enclosure anchored(double anchor, LD rem, LD magnitude) {
  const double lo = static_cast<double>(rem);
  return {Enclosure::Kind::value, anchor, lo,
          radius(magnitude) + std::nextafter(static_cast<double>(std::fabs(rem - lo)), HUGE_VAL), false};
}
inline Enclosure anchored(double anchor, LD rem) { return anchored(anchor, rem, std::fabs(rem)); }

// A value or remainder below 2^-1001 (where double's floor would swallow it)
// as "strictly between anchor and anchor + sign 2^-1000"; only when the claim
// holds its sign (magnitude at most twice the value).
inline Enclosure tail_or(double anchor, LD rem, LD magnitude, const Enclosure& otherwise) {
  if (rem != 0 && std::fabs(rem) < 0x1p-1001L && magnitude <= 2 * std::fabs(rem))
    return enclose_beyond(anchor, std::copysign(0x1p-1000, static_cast<double>(rem)));
  return otherwise;
}
inline Enclosure small_value(LD v, LD magnitude) { return tail_or(0, v, magnitude, value(v, magnitude)); }
inline Enclosure small_anchored(double anchor, LD rem, LD magnitude) {
  return tail_or(anchor, rem, magnitude, anchored(anchor, rem, magnitude));
}

// Arguments |t| >= 11000 get no claim (MPFR decides them): their values and
// remainders (e^-11000 < 2^-15869) lie beyond what the MPFI certificate
// (src/tier/certify.cpp) can resolve for ops without a log-space remainder
// identity, and a claim is made only where it is proven.
inline bool outside_certified_range(LD t) { return !(std::fabs(t) < 11000); }

// The widening for a rounded exponential argument (see the claim above).
inline LD arg_factor(LD arg) { return 1 + std::fabs(arg) * 0x1p-13L; }

// sigmoid(t) and 1 - sigmoid(t), each without cancellation.
struct Logistic {
  LD s, c;
};
inline Logistic logistic(LD t) {
  if (t >= 0) {
    const LD e = expl(-t);
    return {1 / (1 + e), e / (1 + e)};
  }
  const LD e = expl(t);
  return {e / (1 + e), 1 / (1 + e)};
}

}  // namespace numstab::ld
