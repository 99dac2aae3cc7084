// Reusable properties of scalar ops. Each is a body to run inside a RapidCheck
// property (RC_GTEST_PROP or rc::check): it draws its own inputs and fails
// with one message that names input, result and exact value.
#pragma once
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <rapidcheck.h>

#include "oracles/oracle.hpp"
#include "properties/generators.hpp"
#include "properties/matcher.hpp"

namespace numstab::props {

template <class Tag>
double output_of(const Kernel& k, const Input<Tag>& x) {
  return bits_to_double(Tag::format, run_one(k, Tag::format, x.bits));
}

// The kernel is within `bound` ULP of the oracle at x, with no mismatch.
template <class Tag>
void within_bound_at(const OpInfo& op, const Kernel& k, const Input<Tag>& x, double bound) {
  const std::string failure =
      oracle_mismatch(op, op.resolve_params({}), Tag::format, x.value(), output_of(k, x), bound);
  if (!failure.empty()) RC_FAIL(failure);
}

// The kernel is within `bound` ULP of the oracle, with no mismatch.
template <class Tag>
void within_bound(const OpInfo& op, const Kernel& k, double bound) {
  within_bound_at(op, k, *mixed<Tag>(op.sample_lo, op.sample_hi), bound);
}

// ... on uniform inputs in [lo, hi]: a region the default mix rarely visits
// (a far tail, the neighbourhood of a root).
template <class Tag>
void within_bound_on(const OpInfo& op, const Kernel& k, double lo, double hi, double bound) {
  within_bound_at(op, k, *uniform_in<Tag>(lo, hi), bound);
}

// Within `radius` of a root of f the kernel is still within 1 ULP of the
// oracle: relative accuracy, which an absolute error of a few ulps of the
// terms that cancel there does not give.
template <class Tag>
void accurate_near(const OpInfo& op, const Kernel& k, double root, double radius) {
  within_bound_on<Tag>(op, k, root - radius, root + radius, 1.0);
}

// f(-x) == -f(x) bit for bit (signed zeros included), for every non-NaN x.
template <class Tag>
void odd(const Kernel& k) {
  const auto x = *mixed<Tag>();
  RC_PRE(!std::isnan(x.value()));
  const auto minus_x = make_input<Tag>(-x.value());
  const double fx = output_of(k, x), f_minus_x = output_of(k, minus_x);
  RC_ASSERT(double_to_bits(Tag::format, f_minus_x) == double_to_bits(Tag::format, -fx));
}

// f(-x) == f(x) bit for bit, for every non-NaN x.
template <class Tag>
void even(const Kernel& k) {
  const auto x = *mixed<Tag>();
  RC_PRE(!std::isnan(x.value()));
  const double fx = output_of(k, x), f_minus_x = output_of(k, make_input<Tag>(-x.value()));
  if (double_to_bits(Tag::format, fx) != double_to_bits(Tag::format, f_minus_x))
    RC_FAIL("not even: f(" + hex_text(x.value()) + ") = " + hex_text(fx) + ", f(-x) = " +
            hex_text(f_minus_x));
}

// lo <= f(x) <= hi at a non-NaN x.
template <class Tag>
void within_range_at(const Kernel& k, const Input<Tag>& x, double lo, double hi) {
  RC_PRE(!std::isnan(x.value()));
  const double fx = output_of(k, x);
  if (!(fx >= lo && fx <= hi))
    RC_FAIL("f(" + hex_text(x.value()) + ") = " + hex_text(fx) + " outside [" + hex_text(lo) +
            ", " + hex_text(hi) + "]");
}

// lo <= f(x) <= hi for every non-NaN x (the range of the exact function,
// which rounding must not leave).
template <class Tag>
void within_range(const Kernel& k, double lo, double hi) {
  within_range_at(k, *mixed<Tag>(), lo, hi);
}

// ... with half of the inputs drawn within `radius` of the points where f
// attains lo or hi (a minimum, a maximum), where a kernel that rounds or errs
// the wrong way leaves the range and the whole-line draws of within_range
// almost never look.
template <class Tag>
void within_range_near(const Kernel& k, double lo, double hi, std::vector<double> extremes,
                       double radius) {
  const size_t i = *full_size(rc::gen::inRange<size_t>(0, 2 * extremes.size()));
  const auto x = i < extremes.size()
                     ? *uniform_in<Tag>(extremes[i] - radius, extremes[i] + radius)
                     : *mixed<Tag>();
  within_range_at(k, x, lo, hi);
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

// f agrees with g within `bound` ULP of f's format wherever both are finite,
// on inputs from [lo, hi]: identities such as silu(x) = x * sigmoid(x) or a
// limit such as softplus(x) = x for x past the point where e^-x < ulp/2.
template <class Tag, class Rhs>
void agrees_with(const Kernel& k, Rhs rhs, double lo, double hi, double bound) {
  const auto x = *uniform_in<Tag>(lo, hi);
  const double fx = output_of(k, x), gx = rhs(x.value());
  RC_PRE(std::isfinite(fx) && std::isfinite(gx));
  set_real_precision(256);
  const double err = ulp_error(Tag::format, fx, Real(gx));
  if (!(err <= bound))
    RC_FAIL("at x = " + hex_text(x.value()) + ": f = " + hex_text(fx) + ", expected " +
            hex_text(gx) + " (" + std::to_string(err) + " ULP > " + std::to_string(bound) + ")");
}

// x <= y implies f(x) <= f(y). y is x stepped up by 1 to 16 values of the
// format: rounding errors break monotonicity between near neighbours, where
// two independent random inputs would almost never look.
template <class Tag>
void monotone(const Kernel& k) {
  const auto x = *mixed<Tag>();
  const uint64_t steps = *rc::gen::inRange<uint64_t>(1, 17);
  RC_PRE(!std::isnan(x.value()) && !std::isinf(x.value()));
  const auto y = stepped(x, static_cast<int64_t>(steps));
  RC_PRE(!std::isnan(y.value()));
  const double fx = output_of(k, x), fy = output_of(k, y);
  if (!(fx <= fy))
    RC_FAIL("not monotone: f(" + hex_text(x.value()) + ") = " + hex_text(fx) + " > f(" +
            hex_text(y.value()) + ") = " + hex_text(fy));
}

// f is monotone on [lo, hi]: increasing for direction +1, decreasing for -1.
// Checked between x and x stepped up by 1 to 16 values of the format, where
// rounding errors break monotonicity.
template <class Tag>
void monotone_on(const Kernel& k, double lo, double hi, int direction) {
  const auto x = *uniform_in<Tag>(lo, hi);
  const uint64_t steps = *full_size(rc::gen::inRange<uint64_t>(1, 17));
  const auto y = stepped(x, static_cast<int64_t>(steps));
  RC_PRE(y.value() <= hi);
  const double fx = output_of(k, x), fy = output_of(k, y);
  if (!(direction > 0 ? fx <= fy : fx >= fy))
    RC_FAIL(fmt::format("not {} on [{}, {}]: f({}) = {}, f({}) = {}",
                        direction > 0 ? "increasing" : "decreasing", lo, hi, hex_text(x.value()),
                        hex_text(fx), hex_text(y.value()), hex_text(fy)));
}

// The size of one ULP of the format at v.
inline Real ulp_of(Format f, double v) {
  return boost::multiprecision::ldexp(Real(1), ulp_exponent(f, Real(v)));
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

// f(x) + f(-x) = 1 for the oracle, to within 2^-(bits - 8) (a few roundings).
inline void complement_to_one(OracleFn f, unsigned bits, const Params& p = {}) {
  const auto x = *mixed<F64>(-50, 50);
  RC_PRE(!std::isnan(x.value()));
  set_real_precision(bits);
  Real a, b;
  f(a, Real(x.value()), p);
  f(b, Real(-x.value()), p);
  const Real gap = boost::multiprecision::abs(a + b - 1);
  RC_ASSERT(gap <= boost::multiprecision::ldexp(Real(1), -static_cast<int>(bits) + 8));
}

// The derivative oracle df agrees with a central difference of f at 512 bits
// (twice the working precision) to a relative 2^-100 (absolutely where df is
// 0) at x, for |x| <= max_abs_x (beyond, f may be so flat that the difference
// loses every digit of f') and x outside the difference's reach of every kink
// (none: an empty list). `name` (the derivative) heads the failure message.
inline void slope_matches_difference_at(const std::string& name, OracleFn f, OracleFn df,
                                        const Params& p, const std::vector<double>& kinks,
                                        double max_abs_x, double x) {
  RC_PRE(std::isfinite(x) && std::fabs(x) <= max_abs_x);
  const double step = 0x1p-168 * std::max(std::fabs(x), 1.0);  // > 2^-(512/3) max(|x|, 1)
  for (double k : kinks) RC_PRE(std::fabs(x - k) > step);
  set_real_precision(512);
  Real exact;
  df(exact, Real(x), p);
  const Real fd = central_difference(f, p, Real(x));
  const Real gap = boost::multiprecision::abs(fd - exact);
  const Real tolerance = boost::multiprecision::ldexp(Real(1), -100);
  if (!(gap <= tolerance * (exact == 0 ? Real(1) : boost::multiprecision::abs(exact))))
    RC_FAIL(name + " at " + hex_text(x) + ": oracle " + exact_hex_text(exact) + ", difference " +
            exact_hex_text(fd));
}

// ... for a kink-free f, x drawn from the whole line (mixed) within max_abs_x.
inline void derivative_matches_difference(OracleFn f, OracleFn df, double max_abs_x,
                                          const Params& p = {}) {
  const auto x = *mixed<F64>(-max_abs_x, max_abs_x);
  slope_matches_difference_at("f'", f, df, p, {}, max_abs_x, x.value());
}

}  // namespace numstab::props
