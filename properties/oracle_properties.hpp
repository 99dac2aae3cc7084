// Properties of the oracles themselves: one value at two precisions, and
// agreement with an independent formula. Each is a body to run inside a
// RapidCheck property, like those of properties/activation_properties.hpp.
#pragma once
#include <cmath>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <rapidcheck.h>

#include "oracles/oracle.hpp"
#include "properties/generators.hpp"
#include "properties/matcher.hpp"

namespace numstab::props {

// The oracle f at 256 bits agrees with itself at 512 bits at x: to a relative
// 2^-240 with the same sign (a zero's included), or both NaN, or the same
// infinity (log(0), or past MPFR's exponent range); and the two round to the
// same value in every format. `name` heads the failure message.
inline void oracle_precisions_agree_at(const std::string& name, OracleFn f, const Params& p,
                                       double x) {
  set_real_precision(256);
  Real low;
  f(low, Real(x), p);
  set_real_precision(512);
  Real high;
  f(high, Real(x), p);
  const auto fail = [&](const std::string& why) {
    RC_FAIL(fmt::format("{} at {}: 256 bits {}, 512 bits {}{}", name, hex_text(x),
                        exact_hex_text(low), exact_hex_text(high), why));
  };
  if (boost::multiprecision::isnan(high)) {
    if (!boost::multiprecision::isnan(low)) fail("");
    return;
  }
  if (boost::multiprecision::isinf(high)) {
    if (!(low == high)) fail("");
    return;
  }
  const Real gap = boost::multiprecision::abs(high - low);
  if (!(gap <= boost::multiprecision::abs(high) * boost::multiprecision::ldexp(Real(1), -240)) ||
      mpfr_signbit(high.backend().data()) != mpfr_signbit(low.backend().data()))
    fail("");
  for (Format fmt : kAllFormats)
    if (double_to_bits(fmt, round_to_format(fmt, low)) !=
        double_to_bits(fmt, round_to_format(fmt, high)))
      fail(std::string(": they round apart in ") + spec(fmt).name);
}

// ... for the catalog's op `op_name` with `assignments`, on the whole line
// (every binade, subnormals, specials) and uniform in [lo, hi].
inline void oracle_precisions_agree(const char* op_name,
                                    const std::vector<std::string>& assignments, double lo,
                                    double hi) {
  const OpInfo& op = require_op(op_name);
  const Params p = op.resolve_params(assignments);
  const auto x = *mixed_at_full_size<F64>(lo, hi);
  oracle_precisions_agree_at(op.name, op.oracle, p, x.value());
}

// ... for f without parameters: on the whole line (mixed), |x| log-uniform in
// [1e-5, 1e5] on either side (where e^(-x^2/2) and e^(c x^3) amplify the
// rounding of their arguments), and, for a derivative, within 2^-40 of its
// root (where its two terms cancel; pass NaN for none).
inline void oracle_agrees_with_itself(OracleFn f, double root = NAN) {
  const int where = *full_size(rc::gen::inRange(0, std::isnan(root) ? 3 : 4));
  const auto x = where == 0   ? *mixed<F64>()
                 : where == 1 ? *log_uniform_in<F64>(-1e5, -1e-5)
                 : where == 2 ? *log_uniform_in<F64>(1e-5, 1e5)
                              : *uniform_in<F64>(root - 0x1p-40, root + 0x1p-40);
  oracle_precisions_agree_at("oracle", f, {}, x.value());
}

// The oracle f agrees with an independent formula g (a composition of other
// oracles, a series) at `bits`: |f - g| <= 2^-(bits - 16) scale(x), scale
// being |g| where g does not cancel, or the size of the terms it adds; x
// uniform in [lo, hi].
template <class G, class Scale>
void oracle_matches(OracleFn f, G g, Scale scale, double lo, double hi, unsigned bits = 256) {
  const auto x = *uniform_in<F64>(lo, hi);
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
