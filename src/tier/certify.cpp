#include "src/tier/certify.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <map>
#include <optional>

#include <fmt/format.h>
#include <omp.h>

#include "src/tier/exact_defs.hpp"
#include "src/tier/tiered_rules.hpp"

namespace numstab::tier {

const ExactDef* find_exact_def(std::string_view op) {
  static const std::map<std::string, ExactDef, std::less<>> defs = [] {
    std::map<std::string, ExactDef, std::less<>> m;
    for (auto& [name, d] : smooth_defs()) m.emplace(name, d);
    for (auto& [name, d] : piecewise_defs()) m.emplace(name, d);
    return m;
  }();
  const auto it = defs.find(op);
  return it == defs.end() ? nullptr : &it->second;
}

bool certifiable(const OpInfo& op) { return !op.is_binary() && find_exact_def(op.name) != nullptr; }

std::vector<std::string> certifiable_ops() {
  std::vector<std::string> names;
  for (const auto& op : catalog())
    if (certifiable(op)) names.push_back(op.name);
  return names;
}

namespace {

constexpr long kStartPrec = 88, kRemainderPrec = 112, kMaxPrec = 1L << 14;
// (2 - 2^-24) 2^127: f32's overflow threshold, the largest of the narrow
// formats' (an overflow claim holds for all of them).
constexpr double kOverflowAt = 0x1.ffffffp127;

enum class Result { proven, failed, too_wide };
struct Check {
  Result result;
  double ratio = -1;  // |f - (hi + lo)| / rad, when known
};

bool beyond(const Enclosure& e) { return std::fabs(e.lo) == e.rad; }

// An upper bound of max |d| / rad.
double ratio_of(mpfi_srcptr d, double rad) {
  mpfr_t a, b;
  mpfr_inits2(64, a, b, static_cast<mpfr_ptr>(nullptr));
  mpfr_abs(a, &d->left, MPFR_RNDU);
  mpfr_abs(b, &d->right, MPFR_RNDU);
  mpfr_max(a, a, b, MPFR_RNDU);
  mpfr_div_d(a, a, rad, MPFR_RNDU);
  const double r = mpfr_get_d(a, MPFR_RNDU);
  mpfr_clears(a, b, static_cast<mpfr_ptr>(nullptr));
  return r;
}

// Whether the interval is too wide to decide against a tolerance.
bool wider_than(mpfi_srcptr v, double tolerance) {
  mpfr_t d;
  mpfr_init2(d, 64);
  mpfi_diam_abs(d, v);
  const bool wide = !(mpfr_cmp_d(d, tolerance) <= 0);
  mpfr_clear(d);
  return wide;
}

// f(x) - hi - lo strictly inside (-rad, rad), at precision prec.
Check direct(const ExactDef& d, const Params& p, double x, const Enclosure& e, long prec) {
  Iv y(prec);
  if (!d.value(y, x, p)) return {Result::failed};
  mpfi_sub_d(y, y, e.hi);
  if (beyond(e)) {
    // 0 < f - hi < 2 lo (or 2 lo < f - hi < 0), compared as it stands: hi +
    // lo +- rad would round at prec where f - hi is far below lo.
    if (mpfi_nan_p(y)) return {Result::failed};
    const bool up = e.lo > 0;
    const int near = mpfr_sgn(up ? y.left() : y.right());
    const int far = mpfr_cmp_d(up ? y.right() : y.left(), 2 * e.lo);
    if (up ? near > 0 && far < 0 : near < 0 && far > 0) return {Result::proven};
    const bool outside = up ? mpfr_sgn(y.right()) <= 0 || mpfr_cmp_d(y.left(), 2 * e.lo) >= 0
                            : mpfr_sgn(y.left()) >= 0 || mpfr_cmp_d(y.right(), 2 * e.lo) <= 0;
    return {outside ? Result::failed : Result::too_wide};
  }
  mpfi_sub_d(y, y, e.lo);
  if (mpfi_nan_p(y)) return {Result::failed};
  if (mpfr_cmp_d(y.left(), -e.rad) > 0 && mpfr_cmp_d(y.right(), e.rad) < 0)
    return {Result::proven, ratio_of(y, e.rad)};
  return {wider_than(y, e.rad * 0x1p-8) ? Result::too_wide : Result::failed};
}

// v < log(b) (below) or v > log(b) (!below), rigorously, for b > 0. The last
// log is kept: beyond claims repeat a few limits (2^-1000) over whole regions.
bool log_compare(mpfr_srcptr v, mpfr_srcptr b, long prec, bool below) {
  struct Last {
    mpfr_t b;
    Iv log{kRemainderPrec};
    Last() { mpfr_init2(b, 2200), mpfr_set_nan(b); }
    ~Last() { mpfr_clear(b); }
  };
  thread_local Last last;
  if (!(mpfr_equal_p(last.b, b) && last.log.prec() == prec)) {
    mpfr_set(last.b, b, MPFR_RNDN);  // exact: both 2200 bits
    mpfi_set_prec(last.log, prec);
    mpfi_set_fr(last.log, b);
    mpfi_log(last.log, last.log);
  }
  return below ? mpfr_cmp(v, last.log.left()) < 0 : mpfr_cmp(v, last.log.right()) > 0;
}

// f(x) - hi = s e^L strictly inside (lo - rad, lo + rad), from the op's
// remainder identity; nullopt when it has none for this anchor.
std::optional<Check> by_remainder(const ExactDef& d, const Params& p, double x, const Enclosure& e,
                                  long prec) {
  if (!d.remainder) return std::nullopt;
  Iv l(prec);
  int s = 0;
  if (!d.remainder(l, s, x, e.hi, p)) return std::nullopt;
  // The claimed ends, exact (two doubles: 2200 bits hold any sum of them).
  mpfr_t a, b;
  mpfr_inits2(2200, a, b, static_cast<mpfr_ptr>(nullptr));
  mpfr_set_d(a, e.lo, MPFR_RNDN);
  mpfr_sub_d(a, a, e.rad, MPFR_RNDN);
  mpfr_set_d(b, e.lo, MPFR_RNDN);
  mpfr_add_d(b, b, e.rad, MPFR_RNDN);
  Check c{Result::failed};
  if (s == 0) {
    if (mpfr_sgn(a) < 0 && mpfr_sgn(b) > 0) c = {Result::proven, std::fabs(e.lo) / e.rad};
  } else {
    // e^L in (a, b) after flipping a negative remainder's claim.
    if (s < 0) {
      mpfr_swap(a, b);
      mpfr_neg(a, a, MPFR_RNDN);
      mpfr_neg(b, b, MPFR_RNDN);
    }
    // Compared as e^L where MPFR represents it (cheaper than log(a), log(b)),
    // in log space where e^L underflows even the widest exponent range.
    bool ok;
    Iv r(prec);
    const bool linear = mpfr_cmp_si(l.left(), -100000) > 0;
    if (linear) {
      mpfi_exp(r, l);
      ok = mpfr_cmp(r.right(), b) < 0 && mpfr_cmp(r.left(), a) > 0;
    } else {
      ok = mpfr_sgn(b) > 0 && log_compare(l.right(), b, prec, true) &&
           (mpfr_sgn(a) <= 0 || log_compare(l.left(), a, prec, false));
    }
    if (ok) {
      c = {Result::proven};
      if (linear && !beyond(e)) {
        if (s < 0) mpfi_neg(r, r);
        mpfi_sub_d(r, r, e.lo);
        c.ratio = ratio_of(r, e.rad);
      }
    } else if (wider_than(l, 0x1p-8 * e.rad / (std::fabs(e.lo) + e.rad))) {
      c = {Result::too_wide};
    }
  }
  mpfr_clears(a, b, static_cast<mpfr_ptr>(nullptr));
  return c;
}

// A NaN claim needs f(x) undefined; an overflow claim |f(x)| >= kOverflowAt
// with the claimed sign.
Check class_claim(const ExactDef& d, const Params& p, double x, const Enclosure& e, long prec) {
  Iv y(prec);
  const bool defined = d.value(y, x, p);
  if (e.kind == Enclosure::Kind::nan) return {defined ? Result::failed : Result::proven};
  if (!defined || mpfi_nan_p(y)) return {Result::failed};
  const int left = mpfr_cmp_d(y.left(), e.negative_overflow ? -kOverflowAt : kOverflowAt);
  const int right = mpfr_cmp_d(y.right(), e.negative_overflow ? -kOverflowAt : kOverflowAt);
  if (e.negative_overflow ? right <= 0 : left >= 0) return {Result::proven};
  return {left < 0 && right >= 0 ? Result::too_wide : Result::failed};
}

// An exact claim needs f(x)'s interval to be the point hi + lo. (Intervals
// carry no sign of zero: the sign is checked against MPFR's oracles by the
// tiered-vs-all-MPFR tests.)
Check exact_claim(const ExactDef& d, const Params& p, double x, const Enclosure& e, long prec) {
  Iv y(prec);
  if (!d.value(y, x, p) || mpfi_nan_p(y)) return {Result::failed};
  mpfr_t v;
  mpfr_init2(v, 2200);  // hi + lo exactly: doubles span at most 2098 bits
  mpfr_set_d(v, e.hi, MPFR_RNDN);
  mpfr_add_d(v, v, e.lo, MPFR_RNDN);
  const int left = mpfr_cmp(y.left(), v), right = mpfr_cmp(y.right(), v);
  mpfr_clear(v);
  if (left == 0 && right == 0) return {Result::proven, 0};
  return {left <= 0 && right >= 0 ? Result::too_wide : Result::failed};
}

// Enough bits that f(x)'s interval is far narrower than rad, cancellation
// against hi included.
long start_prec(const Enclosure& e) {
  const double m = std::fabs(e.hi) + std::fabs(e.lo);
  if (e.kind != Enclosure::Kind::value || m == 0) return kStartPrec;
  return std::clamp<long>(kStartPrec + std::ilogb(m) - std::ilogb(e.rad) - 40, kStartPrec, kMaxPrec);
}

std::string describe(const Enclosure& e) {
  switch (e.kind) {
    case Enclosure::Kind::nan: return "NaN (f undefined)";
    case Enclosure::Kind::overflow: return e.negative_overflow ? "overflow to -inf" : "overflow to +inf";
    case Enclosure::Kind::exact: return fmt::format("f(x) = hi + lo exactly, hi = {:a}, lo = {:a}", e.hi, e.lo);
    default: break;
  }
  return fmt::format("f(x) in (hi + lo - rad, hi + lo + rad), hi = {:a}, lo = {:a}, rad = {:a}{}", e.hi, e.lo,
                     e.rad, beyond(e) ? " (strictly between hi and hi + 2 lo)" : "");
}

std::string failure_message(const OpInfo& op, const ExactDef& d, const Params& p, double x,
                            const Enclosure& e, long prec) {
  Iv y(prec);
  const bool defined = d.value(y, x, p);
  return fmt::format("{} at x = {:a} ({:.9g}): the fast tier claims {}; the exact value is {} ({} bits)",
                     op.name, x, x, describe(e), defined ? "in " + to_string(y) : "undefined (NaN)", prec);
}

void certify_one(const OpInfo& op, const ExactDef& d, const Params& p, double x, const Enclosure& e,
                 CertifyStats& st) {
  if (!std::isfinite(x)) return;
  ++st.inputs;
  // fast_judge ignores these: no claim.
  if (e.kind == Enclosure::Kind::undecided ||
      (e.kind == Enclosure::Kind::value &&
       !(std::isfinite(e.hi) && std::isfinite(e.lo) && std::isfinite(e.rad) && e.rad > 0))) {
    ++st.no_claim;
    return;
  }
  const bool value = e.kind == Enclosure::Kind::value;
  // Each path doubles its own starting precision until the interval decides.
  long prec = 0;
  Check c{Result::failed};
  for (int k = 0;; ++k) {
    if (e.kind == Enclosure::Kind::exact) {
      c = exact_claim(d, p, x, e, prec = kStartPrec << k);
    } else if (!value) {
      c = class_claim(d, p, x, e, prec = kStartPrec << k);
    } else if (auto r = by_remainder(d, p, x, e, prec = kRemainderPrec << k)) {
      c = *r;
    } else {
      c = direct(d, p, x, e, prec = std::min(start_prec(e) << k, kMaxPrec));
    }
    if (c.result != Result::too_wide || prec >= kMaxPrec) break;
  }
  const uint64_t key = std::bit_cast<uint64_t>(x);
  if (c.result != Result::proven) {
    ++st.failed;
    // Keep the messages of the smallest keys (the same in any order of inputs).
    auto& f = st.failures;
    if (f.size() < CertifyStats::kKeptFailures || key < std::max_element(f.begin(), f.end())->first) {
      f.emplace_back(key, failure_message(op, d, p, x, e, prec));
      st.merge({});  // sorts and trims
    }
    return;
  }
  ++st.proven;
  st.max_prec = std::max(st.max_prec, prec);
  if (e.kind == Enclosure::Kind::nan) ++st.nan_claims;
  else if (e.kind == Enclosure::Kind::overflow) ++st.overflow_claims;
  else if (e.kind == Enclosure::Kind::exact) ++st.exact_claims;
  else if (beyond(e)) ++st.beyond_claims;
  if (value && !beyond(e) && c.ratio > st.max_ratio) {
    st.max_ratio = c.ratio;
    st.argmax = x;
  }
}

}  // namespace

void CertifyStats::merge(const CertifyStats& o) {
  inputs += o.inputs;
  proven += o.proven;
  no_claim += o.no_claim;
  nan_claims += o.nan_claims;
  overflow_claims += o.overflow_claims;
  beyond_claims += o.beyond_claims;
  exact_claims += o.exact_claims;
  failed += o.failed;
  max_prec = std::max(max_prec, o.max_prec);
  // Ties go to the smaller bit pattern: the same answer in any merge order.
  const auto key = [](double v) { return std::bit_cast<uint64_t>(v); };
  if (o.max_ratio > max_ratio || (o.max_ratio == max_ratio && o.max_ratio > 0 && key(o.argmax) < key(argmax))) {
    max_ratio = o.max_ratio;
    argmax = o.argmax;
  }
  failures.insert(failures.end(), o.failures.begin(), o.failures.end());
  std::sort(failures.begin(), failures.end());
  if (failures.size() > kKeptFailures) failures.resize(kKeptFailures);
}

std::string CertifyStats::summary(const std::string& op) const {
  return fmt::format(
      "{}: {} inputs, {} claims proven ({} NaN, {} overflow, {} beyond, {} exact), {} no claim, {} FAILED; "
      "max |f - (hi + lo)| / rad = {:.4g} at {:a}; up to {} bits",
      op, inputs, proven, nan_claims, overflow_claims, beyond_claims, exact_claims, no_claim, failed, max_ratio,
      argmax,
      max_prec);
}

CertifyStats certify_claims(const OpInfo& op, const Params& p, const double* x, const Enclosure* e, size_t n) {
  CertifyStats st;
  const ExactDef* d = find_exact_def(op.name);
  if (!d) throw std::invalid_argument("no exact interval definition for " + op.name);
  const WideExponents wide;
  for (size_t i = 0; i < n; ++i) certify_one(op, *d, p, x[i], e[i], st);
  st.merge({});  // sorts and trims the failures
  return st;
}

CertifyStats certify_fast_tier(const OpInfo& op, const Params& p, const std::vector<double>& x) {
  const FastTier fast{op.fast, op.reference.get<F64>()};
  std::vector<Enclosure> e(x.size());
  fast.enclose_block(x.data(), x.size(), p, e.data());
  return certify_claims(op, p, x.data(), e.data(), x.size());
}

CertifyStats certify_f32_patterns(const OpInfo& op, const Params& p, uint64_t first, uint64_t last,
                                  uint64_t stride, int threads) {
  constexpr uint64_t kBlock = 4096;
  const uint64_t count = last > first ? (last - first + stride - 1) / stride : 0;
  const int64_t blocks = static_cast<int64_t>((count + kBlock - 1) / kBlock);
  std::vector<CertifyStats> per_thread(static_cast<size_t>(std::max(threads, 1)));
#pragma omp parallel num_threads(threads)
  {
    std::vector<double> x(kBlock);
    CertifyStats& mine = per_thread[static_cast<size_t>(omp_get_thread_num())];
#pragma omp for schedule(dynamic)
    for (int64_t b = 0; b < blocks; ++b) {
      const uint64_t k0 = static_cast<uint64_t>(b) * kBlock, n = std::min(kBlock, count - k0);
      for (uint64_t k = 0; k < n; ++k)
        x[k] = std::bit_cast<float>(static_cast<uint32_t>(first + (k0 + k) * stride));
      x.resize(n);
      mine.merge(certify_fast_tier(op, p, x));
      x.resize(kBlock);
    }
  }
  CertifyStats all;
  for (const auto& s : per_thread) all.merge(s);
  return all;
}

}  // namespace numstab::tier
