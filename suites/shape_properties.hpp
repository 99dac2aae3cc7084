// Properties of activation shapes and of oracles that the tanh and gelu
// families share (candidates for properties/activation_properties.hpp). Each
// is a body to run inside a RapidCheck property, like those.
#pragma once
#include <fmt/format.h>
#include <rapidcheck.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "properties/activation_properties.hpp"

namespace numstab::props {

// The format's value nearest to v: the bound that a correctly rounded kernel
// keeps where the exact function is bounded by v.
inline double in_format(Format f, double v) {
  return f == Format::f64 ? v : round_double_to(spec(f), v);
}

// RapidCheck scales integer draws (gen::inRange too) by its size parameter,
// which starts at 0: draws here use the whole range from the first case on.
template <class T>
rc::Gen<T> at_full_size(rc::Gen<T> g) {
  return rc::gen::resize(rc::kNominalSize, std::move(g));
}

template <class Tag>
rc::Gen<Input<Tag>> uniform_between(double lo, double hi) {
  return at_full_size(uniform_in<Tag>(lo, hi));
}

inline Real ulp_of(Format f, double v) {
  return boost::multiprecision::ldexp(Real(1), ulp_exponent(f, Real(v)));
}

// For f(x) = x g(x) with 0 <= g <= 1 (gelu, gelu_tanh, mish, softsign): f(x)
// lies between 0 and x and has the sign of x, signed zeros and underflows
// included (x >= 0: +0 <= f(x) <= x; x <= 0: x <= f(x) <= -0).
template <class Tag>
void between_zero_and_x(const Kernel& k) {
  const auto x = *mixed<Tag>();
  RC_PRE(!std::isnan(x.value()));
  const double v = x.value(), fx = output_of(k, x);
  if (!(std::signbit(fx) == std::signbit(v) && std::fabs(fx) <= std::fabs(v)))
    RC_FAIL("f(" + hex_text(v) + ") = " + hex_text(fx) +
            " is not between 0 and x with the sign of x");
}

// |x| log-uniform in [lo, hi] (both of one sign), rounded to the format:
// every binade of a range such as [20, 1e300] equally often. (uniform_in
// computes (hi - lo) * k before scaling k down, which overflows to inf for
// spans past ~2e292.)
template <class Tag>
rc::Gen<Input<Tag>> log_uniform_in(double lo, double hi) {
  return at_full_size(
      rc::gen::map(rc::gen::inRange<uint64_t>(0, uint64_t{1} << 53), [=](uint64_t k) {
        const double a = std::log(std::fabs(lo)), b = std::log(std::fabs(hi));
        const double m = std::exp(a + (b - a) * (static_cast<double>(k) * 0x1p-53));
        const double v = std::clamp(std::copysign(m, lo), lo, hi);
        return make_input<Tag>(Tag::format == Format::f64 ? v
                                                          : round_double_to(spec(Tag::format), v));
      }));
}

// f(x) is limit(x) bit for bit (the sign of a zero included) for x in
// [lo, hi], log-uniform: past the point where the exact value rounds to its
// asymptote (gelu(x) = x for large x, gelu(x) = -0 far left).
template <class Tag, class Limit>
void equals_limit(const Kernel& k, Limit limit, double lo, double hi) {
  const auto x = *log_uniform_in<Tag>(lo, hi);
  RC_PRE(x.value() >= lo && x.value() <= hi);  // rounding to the format may step out
  const double fx = output_of(k, x), want = limit(x.value());
  if (double_to_bits(Tag::format, fx) != double_to_bits(Tag::format, want))
    RC_FAIL("f(" + hex_text(x.value()) + ") = " + hex_text(fx) + ", its limit is " +
            hex_text(want));
}

// f is monotone on [lo, hi]: increasing for direction +1, decreasing for -1.
// Checked between x and x stepped up by 1 to 16 values of the format, where
// rounding errors break monotonicity.
template <class Tag>
void monotone_on(const Kernel& k, double lo, double hi, int direction) {
  const auto x = *uniform_between<Tag>(lo, hi);
  const uint64_t steps = *at_full_size(rc::gen::inRange<uint64_t>(1, 17));
  const auto y = Input<Tag>{static_cast<typename Tag::Bits>(
      key_to_bits(Tag::format, order_key(Tag::format, x.bits) + steps))};
  RC_PRE(y.value() <= hi);
  const double fx = output_of(k, x), fy = output_of(k, y);
  if (!(direction > 0 ? fx <= fy : fx >= fy))
    RC_FAIL(fmt::format("not {} on [{}, {}]: f({}) = {}, f({}) = {}",
                        direction > 0 ? "increasing" : "decreasing", lo, hi, hex_text(x.value()),
                        hex_text(fx), hex_text(y.value()), hex_text(fy)));
}

// lo <= f(x) <= hi, with half of the inputs drawn within `radius` of the
// points where f attains lo or hi (a minimum, a maximum), where a kernel that
// rounds or errs the wrong way leaves the range and the whole-line draws of
// props::within_range almost never look.
template <class Tag>
void within_range_near(const Kernel& k, double lo, double hi, std::vector<double> extremes,
                       double radius) {
  const size_t i = *at_full_size(rc::gen::inRange<size_t>(0, 2 * extremes.size()));
  const auto x = i < extremes.size()
                     ? *uniform_between<Tag>(extremes[i] - radius, extremes[i] + radius)
                     : *mixed<Tag>();
  RC_PRE(!std::isnan(x.value()));
  const double fx = output_of(k, x);
  if (!(fx >= lo && fx <= hi))
    RC_FAIL("f(" + hex_text(x.value()) + ") = " + hex_text(fx) + " outside [" + hex_text(lo) +
            ", " + hex_text(hi) + "]");
}

// f(x) + sign f(-x) = rhs(x) (gelu(x) - gelu(-x) = x, gelu'(x) + gelu'(-x) = 1),
// to within one ULP of each term, the reference kernels' bound: the
// identity links the two tails, so a kernel wrong in one of them breaks it.
template <class Tag, class Rhs>
void reflection(const Kernel& k, int sign, Rhs rhs) {
  const auto x = *mixed<Tag>();
  RC_PRE(std::isfinite(x.value()));
  const double a = output_of(k, x), b = output_of(k, make_input<Tag>(-x.value()));
  set_real_precision(256);
  const Real gap = boost::multiprecision::abs(Real(a) + sign * Real(b) - Real(rhs(x.value())));
  if (!(gap <= ulp_of(Tag::format, a) + ulp_of(Tag::format, b)))
    RC_FAIL(fmt::format(
        "f({}) = {}, f(-x) = {}: f(x) {} f(-x) misses {} by {:.3g} ULP-sums", hex_text(x.value()),
        hex_text(a), hex_text(b), sign > 0 ? "+" : "-", hex_text(rhs(x.value())),
        static_cast<double>(gap / (ulp_of(Tag::format, a) + ulp_of(Tag::format, b)))));
}

// Within `radius` of a root of f the kernel is still within 1 ULP of the
// oracle: relative accuracy, which an absolute error of a few ulps of the
// terms that cancel there does not give.
template <class Tag>
void accurate_near(const OpInfo& op, const Kernel& k, double root, double radius) {
  const auto x = *uniform_between<Tag>(root - radius, root + radius);
  const std::string failure =
      oracle_mismatch(op, op.resolve_params({}), Tag::format, x.value(), output_of(k, x), 1.0);
  if (!failure.empty()) RC_FAIL(failure);
}

// The oracle at 256 bits agrees with itself at 512 bits to a relative 2^-240
// and rounds to the same value in every format, on x.
inline void oracle_agrees_with_itself_at(OracleFn f, double x) {
  set_real_precision(256);
  Real low;
  f(low, Real(x), {});
  set_real_precision(512);
  Real high;
  f(high, Real(x), {});
  if (boost::multiprecision::isnan(high)) {
    RC_ASSERT(boost::multiprecision::isnan(low));
    return;
  }
  if (boost::multiprecision::isinf(high)) {
    RC_ASSERT(low == high);
    return;
  }
  RC_ASSERT(boost::multiprecision::abs(high - low) <=
            boost::multiprecision::abs(high) * boost::multiprecision::ldexp(Real(1), -240));
  RC_ASSERT(mpfr_signbit(high.backend().data()) == mpfr_signbit(low.backend().data()));
  for (Format fmt : kAllFormats)
    RC_ASSERT(double_to_bits(fmt, round_to_format(fmt, low)) ==
              double_to_bits(fmt, round_to_format(fmt, high)));
}

// ... on the whole line: every binade (mixed), |x| log-uniform in
// [1e-5, 1e5] on either side (where e^(-x^2/2) and e^(c x^3) amplify the
// rounding of their arguments), and, for a derivative, within 2^-40 of its
// root (where its two terms cancel; pass NaN for none).
inline void oracle_agrees_with_itself(OracleFn f, double root = NAN) {
  const int where = *at_full_size(rc::gen::inRange(0, std::isnan(root) ? 3 : 4));
  const auto x = where == 0   ? *mixed<F64>()
                 : where == 1 ? *log_uniform_in<F64>(-1e5, -1e-5)
                 : where == 2 ? *log_uniform_in<F64>(1e-5, 1e5)
                              : *uniform_between<F64>(root - 0x1p-40, root + 0x1p-40);
  oracle_agrees_with_itself_at(f, x.value());
}

// The oracle f agrees with an independent formula g (a composition of other
// oracles, a series) at `bits`: |f - g| <= 2^-(bits - 16) scale(x), scale
// being |g| where g does not cancel, or the size of the terms it adds.
template <class G, class Scale>
void oracle_matches(OracleFn f, G g, Scale scale, double lo, double hi, unsigned bits = 256) {
  const auto x = *uniform_between<F64>(lo, hi);
  set_real_precision(bits);
  const Real xr = x.value();
  Real fx;
  f(fx, xr, {});
  const Real gx = g(xr);
  const Real gap = boost::multiprecision::abs(fx - gx);
  const Real allowed =
      scale(xr) * boost::multiprecision::ldexp(Real(1), 16 - static_cast<int>(bits));
  if (!(gap <= allowed))
    RC_FAIL(fmt::format("at x = {}: oracle {} vs formula {}", hex_text(x.value()),
                        exact_hex_text(fx), exact_hex_text(gx)));
}

}  // namespace numstab::props
