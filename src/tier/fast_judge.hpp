// Judging a kernel's output against a fast-tier enclosure instead of an MPFR
// value: the ULP error as an open interval, or "undecided".
#pragma once
#include "oracles/fast_tier.hpp"
#include "src/formats.hpp"
#include "src/ulp.hpp"

namespace numstab {

// The judgement judge() would give, known to lie in an open interval:
// mismatch and exact_subnormal are certain; the ULP error is in
// (ulp_lo, ulp_hi) (or exactly ulp_lo == ulp_hi == 0 for an exact infinity).
struct FastJudgement {
  Judgement judgement;   // .ulp is the midpoint
  double ulp_lo = 0, ulp_hi = 0;
  bool may_be_exact = false;  // 0 is not excluded (then ulp_lo = 0)
};

// False when the enclosure cannot decide the class, the binade or the sign of
// the exact value (then MPFR must). `got` is the kernel's output as a double.
bool fast_judge(Format f, double got, const Enclosure& e, FastJudgement& out);

}  // namespace numstab
