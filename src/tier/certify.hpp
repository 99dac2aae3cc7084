// Certificates of the fast tiers: for each input, a rigorous interval of the
// exact f(x) (src/tier/exact_defs.hpp, MPFI) must lie strictly inside the
// fast tier's open enclosure (hi + lo - rad, hi + lo + rad), compared exactly
// in MPFR, and a NaN or overflow claim must match the exact value's class.
// Where that holds on every input a sweep meets, the enclosure the tiered
// oracle trusts is proven there, not only audited.
#pragma once
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "oracles/enclosure.hpp"
#include "src/catalog.hpp"

namespace numstab::tier {

struct CertifyStats {
  uint64_t inputs = 0;      // finite inputs examined (fast tiers claim nothing for NaN, inf)
  uint64_t proven = 0;      // claims proven (every kind below)
  uint64_t no_claim = 0;    // undecided enclosures (the sweep asks MPFR)
  uint64_t nan_claims = 0, overflow_claims = 0;
  uint64_t beyond_claims = 0;  // f(x) strictly between hi and hi + limit (enclose_beyond)
  uint64_t exact_claims = 0;   // f(x) = hi + lo exactly (enclose_exact)
  uint64_t failed = 0;
  // The largest |f(x) - (hi + lo)| / rad over value claims (beyond ones left
  // out): the share of the stated radius used; about the true relative error
  // over kFastTierRelativeBound. An upper bound from the interval.
  double max_ratio = 0;
  double argmax = 0;
  long max_prec = 0;  // the largest working precision a proof needed (bits)
  // The first failures by input (order key, message), at most kKeptFailures.
  std::vector<std::pair<uint64_t, std::string>> failures;
  static constexpr size_t kKeptFailures = 8;

  void merge(const CertifyStats& o);
  std::string summary(const std::string& op) const;
};

// Certifies the claims e[i] about op(x[i]).
CertifyStats certify_claims(const OpInfo& op, const Params& p, const double* x, const Enclosure* e, size_t n);
// The op's fast tier (its own, or its f64 reference kernel under enclose())
// on these inputs, certified.
CertifyStats certify_fast_tier(const OpInfo& op, const Params& p, const std::vector<double>& x);
// The f32 inputs with bit patterns first, first + stride, ... below last, in
// blocks over `threads` OpenMP threads; the same result for any thread count.
CertifyStats certify_f32_patterns(const OpInfo& op, const Params& p, uint64_t first, uint64_t last,
                                  uint64_t stride, int threads);
// Whether the op has an exact interval definition, and which ops do.
bool certifiable(const OpInfo& op);
std::vector<std::string> certifiable_ops();

}  // namespace numstab::tier
