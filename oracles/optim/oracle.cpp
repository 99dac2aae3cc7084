#include "oracles/optim/oracle.hpp"

#include <cmath>
#include <limits>
#include <string>

#include "src/errors.hpp"
#include "src/optim/registry.hpp"
namespace numstab::optim_oracle {

namespace {
constexpr long double kInf = std::numeric_limits<long double>::infinity();
// Bounds are computed in long double (its exponent range holds f64's tiniest
// terms); this factor covers their own rounding.
constexpr long double kSafety = 1 + 0x1p-50L;

long double mag(const Real& x) { return std::fabs(x.convert_to<long double>()); }
}  // namespace

BoundArith::BoundArith(Format compute) : format_(compute) {
  const auto& s = spec(compute);
  u_ = std::ldexp(1.0L, -s.precision);
  tiny_ = std::ldexp(1.0L, s.emin - s.precision);  // half the smallest subnormal
  overflow_ = std::ldexp(2.0L - std::ldexp(1.0L, -s.precision), s.emax);
}

Bounded BoundArith::checked(Real x, long double err) const {
  if (!(err < kInf) || !(mag(x) + err < overflow_) || boost::multiprecision::isnan(x)) err = kInf;
  return {std::move(x), err * kSafety};
}

Bounded BoundArith::round(Bounded z) const {
  // An exactly known value the format holds is not changed by rounding.
  if (z.err == 0 && (boost::multiprecision::isnan(z.x) || round_to_format(format_, z.x) == z.x)) return z;
  const long double e = z.err + u_ * (mag(z.x) + z.err) + tiny_;
  // Known >= 0 before rounding (by construction, or because the error cannot
  // reach below 0): still >= 0 after it.
  const bool nonneg = z.nonneg || (z.err < kInf && z.x >= Real(static_cast<double>(z.err * kSafety)));
  Bounded out = checked(std::move(z.x), e);
  out.nonneg = nonneg;
  return out;
}
namespace {
Bounded with_sign(Bounded b, bool nonneg) {
  b.nonneg = nonneg;
  return b;
}
}  // namespace
Bounded BoundArith::add(const Bounded& a, const Bounded& b) const {
  return round(with_sign(checked(a.x + b.x, a.err + b.err), a.nonneg && b.nonneg));
}
Bounded BoundArith::sub(const Bounded& a, const Bounded& b) const {
  return round(checked(a.x - b.x, a.err + b.err));
}
Bounded BoundArith::mul(const Bounded& a, const Bounded& b) const {
  const bool square = &a == &b;  // x * x
  return round(with_sign(checked(a.x * b.x, mag(a.x) * b.err + mag(b.x) * a.err + a.err * b.err),
                         square || (a.nonneg && b.nonneg)));
}
Bounded BoundArith::div(const Bounded& a, const Bounded& b) const {
  const long double bm = mag(b.x);
  if (!(b.err < bm)) return {Real(a.x / b.x), kInf};  // the divisor's error reaches its size (or b = 0)
  Real q = a.x / b.x;
  const long double e = (a.err + mag(q) * b.err) / (bm - b.err);
  return round(with_sign(checked(std::move(q), e), a.nonneg && b.nonneg));
}
Bounded BoundArith::sqrt(const Bounded& a) const {
  // |sqrt(a~) - sqrt(a)| <= min(sqrt(|a~ - a|), |a~ - a| / sqrt(a)) for a~, a >= 0;
  // a value that may be negative has sqrt NaN: no bound.
  if (a.x < 0 || (!a.nonneg && mag(a.x) < a.err))
    return {boost::multiprecision::sqrt(a.x), a.err == 0 && a.x == 0 ? 0 : kInf};
  Real r = boost::multiprecision::sqrt(a.x);
  const long double rm = mag(r);
  const long double e = a.err == 0 ? 0 : std::min(std::sqrt(a.err), rm > 0 ? a.err / rm : kInf);
  return round(with_sign(checked(std::move(r), e), true));
}
Bounded BoundArith::max(const Bounded& a, const Bounded& b) const {
  return {a.x > b.x ? a.x : b.x, std::max(a.err, b.err), a.nonneg || b.nonneg};
}
Bounded BoundArith::abs(const Bounded& a) const { return {boost::multiprecision::abs(a.x), a.err, true}; }

Bounded BoundArith::to_tensor(const Bounded& python_value) const {
  return format_ == Format::f64 ? python_value : round(python_value);
}

Bounded BoundArith::lerp(const Bounded& a, const Bounded& b, const Bounded& w) const {
  const Bounded diff = sub(b, a);
  if (w.x < Real(0.5)) return add(a, mul(to_tensor(w), diff));
  const BoundArith python(Format::f64);
  return sub(b, mul(diff, to_tensor(python.sub(Bounded{Real(1)}, w))));
}

Bounded python_pow(const Real& base, const Bounded& y) {
  Real x = boost::multiprecision::pow(base, y.x);
  const long double xm = mag(x);
  const long double from_y = xm * mag(boost::multiprecision::log(base)) * y.err * 1.01L;
  return {std::move(x), (from_y + xm * 0x1p-52L) * kSafety, true};
}

BVec exact_vector(const std::vector<double>& v) {
  BVec out;
  out.reserve(v.size());
  for (double x : v) out.push_back({Real(x), 0, !(x < 0)});
  return out;
}

void oracle_step(std::string_view name, const Params& params, const BoundArith& arith, OracleState& state,
                 BVec& p, const BVec& grad) {
  const optim::OptimizerDescriptor& d = optim::require_optimizer(name);
  if (grad.size() != p.size()) throw UsageError("oracle_step: gradient and parameters differ in size");
  ++state.step;
  // Room for every slot up front: a rule's slot references then stay valid as
  // it creates later slots (the outer vector never reallocates).
  if (state.slots.size() < d.slots.size()) state.slots.resize(d.slots.size());
  for (size_t k = state.scalars.size(); k < d.scalars.size(); ++k) state.scalars.emplace_back(d.scalars[k].fresh);
  d.oracle_rule(params, arith, state, p, grad);
}

}  // namespace numstab::optim_oracle
