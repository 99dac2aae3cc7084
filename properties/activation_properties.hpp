// Reusable properties of scalar ops. Each is a body to run inside a RapidCheck
// property (RC_GTEST_PROP or rc::check): it draws its own inputs and fails
// with one message that names input, result and exact value.
#pragma once
#include <cmath>

#include <rapidcheck.h>

#include "oracles/oracle.hpp"
#include "properties/generators.hpp"
#include "properties/matcher.hpp"

namespace numstab::props {

template <class Tag>
double output_of(const Kernel& k, const Input<Tag>& x) {
  return bits_to_double(Tag::format, run_one(k, Tag::format, x.bits));
}

// The kernel is within `bound` ULP of the oracle, with no mismatch.
template <class Tag>
void within_bound(const OpInfo& op, const Kernel& k, double bound) {
  const auto x = *mixed<Tag>(op.sample_lo, op.sample_hi);
  const std::string failure =
      oracle_mismatch(op, op.resolve_params({}), Tag::format, x.value(), output_of(k, x), bound);
  if (!failure.empty()) RC_FAIL(failure);
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

// lo <= f(x) <= hi for every non-NaN x (the range of the exact function,
// which rounding must not leave).
template <class Tag>
void within_range(const Kernel& k, double lo, double hi) {
  const auto x = *mixed<Tag>();
  RC_PRE(!std::isnan(x.value()));
  const double fx = output_of(k, x);
  if (!(fx >= lo && fx <= hi))
    RC_FAIL("f(" + hex_text(x.value()) + ") = " + hex_text(fx) + " outside [" + hex_text(lo) +
            ", " + hex_text(hi) + "]");
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
  const auto y = Input<Tag>{static_cast<typename Tag::Bits>(
      key_to_bits(Tag::format, order_key(Tag::format, x.bits) + steps))};
  RC_PRE(!std::isnan(y.value()));
  const double fx = output_of(k, x), fy = output_of(k, y);
  if (!(fx <= fy))
    RC_FAIL("not monotone: f(" + hex_text(x.value()) + ") = " + hex_text(fx) + " > f(" +
            hex_text(y.value()) + ") = " + hex_text(fy));
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

// The derivative oracle df agrees with a central difference of f at twice the
// working precision, to a relative 2^-100, wherever |x| <= max_abs_x (beyond,
// f is so flat that the difference loses every digit of f').
inline void derivative_matches_difference(OracleFn f, OracleFn df, double max_abs_x,
                                          const Params& p = {}) {
  const auto x = *mixed<F64>(-max_abs_x, max_abs_x);
  RC_PRE(std::isfinite(x.value()) && std::fabs(x.value()) <= max_abs_x);
  set_real_precision(512);
  const Real xr = x.value();
  Real exact;
  df(exact, xr, p);
  const Real fd = central_difference(f, p, xr);
  const Real rel = boost::multiprecision::abs(fd - exact) / boost::multiprecision::abs(exact);
  RC_ASSERT(rel <= boost::multiprecision::ldexp(Real(1), -100));
}

}  // namespace numstab::props
