// Each unary op's exact value as a rigorous interval, written from its
// definition (the catalog's formula) in MPFI, independent of the fast tiers
// and of the MPFR oracles: the other side of src/tier/certify.hpp's proofs.
#pragma once
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "src/params.hpp"
#include "src/tier/interval.hpp"

namespace numstab::tier {

struct ExactDef {
  // Encloses f(x) in y (at y's precision); false where f(x) is undefined
  // (exact NaN).
  bool (*value)(mpfi_ptr y, double x, const Params& p) = nullptr;
  // Near an anchor (f(x) = anchor + r, r tiny: tanh's 1 - r), from an identity
  // without cancellation: sign = the sign of r (0 when r = 0 exactly) and
  // log_r encloses log |r|, which stays representable where r underflows even
  // MPFR (1 - tanh(1e30)). False when the op has none for this anchor; then r
  // is f(x) - anchor at a precision high enough for the cancellation.
  bool (*remainder)(mpfi_ptr log_r, int& sign, double x, double anchor, const Params& p) = nullptr;
};

// The definitions, by op name (exact_smooth.cpp, exact_piecewise.cpp).
std::vector<std::pair<std::string, ExactDef>> smooth_defs();
std::vector<std::pair<std::string, ExactDef>> piecewise_defs();
// nullptr for an op without one (not certifiable yet).
const ExactDef* find_exact_def(std::string_view op);

}  // namespace numstab::tier
