#include "oracles/optim/oracle.hpp"

#include <cmath>
#include <limits>
#include <string>

#include "src/errors.hpp"
#include "src/optim/adadelta.hpp"
#include "src/optim/adagrad.hpp"
#include "src/optim/adam.hpp"
#include "src/optim/adamax.hpp"
#include "src/optim/nadam.hpp"
#include "src/optim/rmsprop.hpp"
#include "src/optim/sgd.hpp"

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

namespace {
Bounded exact(double v) { return {Real(v), 0, !(v < 0)}; }

// Slot `k` of the state, created with `fill` (PyTorch's fresh state) when empty.
BVec& slot(OracleState& s, size_t k, size_t n, const Bounded& fill = Bounded{Real(0), 0, true}) {
  if (s.slots[k].size() != n) s.slots[k].assign(n, fill);
  return s.slots[k];
}

// The rules below are the torch.optim algorithm boxes, one tensor operation
// per arithmetic call, in PyTorch's order (the order decides the bound, not
// the exact value). `py` tracks Python's double scalars.
const BoundArith kPython(Format::f64);

// g + wd p (L2 weight decay folded into the gradient).
Bounded decayed(const BoundArith& a, const Bounded& g, const Bounded& p, const Bounded& wd, double wd_value) {
  return wd_value != 0 ? a.add(g, a.mul(wd, p)) : g;
}

// v beta + (1 - beta) g^2 (mul_ then addcmul_).
Bounded square_average(const BoundArith& a, const Bounded& v, const Bounded& g, double beta) {
  const Bounded keep = a.to_tensor(exact(beta));
  const Bounded w = a.to_tensor(kPython.sub(exact(1), exact(beta)));
  return a.add(a.mul(keep, v), a.mul(w, a.mul(g, g)));
}

void sgd(const Params& params, const BoundArith& a, OracleState& s, BVec& p, const BVec& grad) {
  const auto c = optim::SgdConfig::from_params(params);
  c.validate();
  const Bounded lr = a.to_tensor(exact(c.lr)), mu = a.to_tensor(exact(c.momentum));
  const Bounded wd = a.to_tensor(exact(c.weight_decay));
  const Bounded keep = a.to_tensor(kPython.sub(exact(1), exact(c.dampening)));
  const bool fresh = s.slots[0].size() != p.size();
  for (size_t i = 0; i < p.size(); ++i) {
    Bounded d = decayed(a, grad[i], p[i], wd, c.weight_decay);
    if (c.momentum != 0) {
      BVec& buf = slot(s, 0, p.size());
      // b_1 = d; b_t = mu b_{t-1} + (1 - dampening) d
      buf[i] = fresh ? d : a.add(a.mul(mu, buf[i]), a.mul(keep, d));
      d = c.nesterov ? a.add(d, a.mul(mu, buf[i])) : buf[i];
    }
    p[i] = a.sub(p[i], a.mul(lr, d));
  }
}

void adagrad(const Params& params, const BoundArith& a, OracleState& s, BVec& p, const BVec& grad) {
  const auto c = optim::AdagradConfig::from_params(params);
  c.validate();
  const double t = static_cast<double>(s.step);
  // clr = lr / (1 + (t - 1) lr_decay)
  const Bounded clr = a.to_tensor(kPython.div(
      exact(c.lr), kPython.add(exact(1), kPython.mul(exact(t - 1), exact(c.lr_decay)))));
  const Bounded wd = a.to_tensor(exact(c.weight_decay)), eps = a.to_tensor(exact(c.eps));
  BVec& sum = slot(s, 0, p.size(), a.to_tensor(exact(c.initial_accumulator_value)));
  for (size_t i = 0; i < p.size(); ++i) {
    const Bounded g = decayed(a, grad[i], p[i], wd, c.weight_decay);
    sum[i] = a.add(sum[i], a.mul(g, g));  // addcmul_(g, g, value=1)
    const Bounded std_dev = a.add(a.sqrt(sum[i]), eps);
    p[i] = a.sub(p[i], a.mul(clr, a.div(g, std_dev)));
  }
}

void rmsprop(const Params& params, const BoundArith& a, OracleState& s, BVec& p, const BVec& grad) {
  const auto c = optim::RmspropConfig::from_params(params);
  c.validate();
  const Bounded lr = a.to_tensor(exact(c.lr)), wd = a.to_tensor(exact(c.weight_decay));
  const Bounded mu = a.to_tensor(exact(c.momentum)), eps = a.to_tensor(exact(c.eps));
  const Bounded w = kPython.sub(exact(1), exact(c.alpha));
  for (size_t i = 0; i < p.size(); ++i) {
    const Bounded g = decayed(a, grad[i], p[i], wd, c.weight_decay);
    BVec& v = slot(s, 0, p.size());
    v[i] = square_average(a, v[i], g, c.alpha);
    Bounded avg;
    if (c.centered) {
      BVec& m = slot(s, 1, p.size());
      m[i] = a.lerp(m[i], g, w);
      avg = a.sqrt(a.sub(v[i], a.mul(m[i], m[i])));  // sqrt(v - m^2)
    } else {
      avg = a.sqrt(v[i]);
    }
    avg = a.add(avg, eps);
    if (c.momentum > 0) {
      BVec& buf = slot(s, 2, p.size());
      buf[i] = a.add(a.mul(mu, buf[i]), a.div(g, avg));
      p[i] = a.sub(p[i], a.mul(lr, buf[i]));
    } else {
      p[i] = a.sub(p[i], a.mul(lr, a.div(g, avg)));
    }
  }
}

void adadelta(const Params& params, const BoundArith& a, OracleState& s, BVec& p, const BVec& grad) {
  const auto c = optim::AdadeltaConfig::from_params(params);
  c.validate();
  const Bounded lr = a.to_tensor(exact(c.lr)), wd = a.to_tensor(exact(c.weight_decay));
  const Bounded eps = a.to_tensor(exact(c.eps)), rho = a.to_tensor(exact(c.rho));
  const Bounded w = a.to_tensor(kPython.sub(exact(1), exact(c.rho)));
  BVec& v = slot(s, 0, p.size());
  BVec& u = slot(s, 1, p.size());
  for (size_t i = 0; i < p.size(); ++i) {
    const Bounded g = decayed(a, grad[i], p[i], wd, c.weight_decay);
    v[i] = square_average(a, v[i], g, c.rho);
    // delta = sqrt(u + eps) / sqrt(v + eps) * g
    const Bounded delta = a.mul(a.div(a.sqrt(a.add(u[i], eps)), a.sqrt(a.add(v[i], eps))), g);
    u[i] = a.add(a.mul(rho, u[i]), a.mul(w, a.mul(delta, delta)));
    p[i] = a.sub(p[i], a.mul(lr, delta));
  }
}

void adam(const Params& params, bool decoupled, const BoundArith& a, OracleState& s, BVec& p,
          const BVec& grad) {
  const auto c = optim::AdamConfig::from_params(params, decoupled);
  c.validate();
  const Bounded t = exact(static_cast<double>(s.step));
  // step_size = lr / (1 - beta1^t); sqrt(1 - beta2^t)
  const Bounded step_size = a.to_tensor(kPython.div(exact(c.lr), kPython.sub(exact(1), python_pow(Real(c.beta1), t))));
  const Bounded bc2_sqrt = a.to_tensor(kPython.sqrt(kPython.sub(exact(1), python_pow(Real(c.beta2), t))));
  const Bounded wd = a.to_tensor(exact(c.weight_decay)), eps = a.to_tensor(exact(c.eps));
  const Bounded decay = a.to_tensor(kPython.sub(exact(1), kPython.mul(exact(c.lr), exact(c.weight_decay))));
  const Bounded w = kPython.sub(exact(1), exact(c.beta1));
  BVec& m = slot(s, 0, p.size());
  BVec& v = slot(s, 1, p.size());
  for (size_t i = 0; i < p.size(); ++i) {
    Bounded g = grad[i];
    if (c.weight_decay != 0) {
      if (decoupled) p[i] = a.mul(p[i], decay);  // p (1 - lr wd)
      else g = a.add(g, a.mul(wd, p[i]));
    }
    m[i] = a.lerp(m[i], g, w);
    v[i] = square_average(a, v[i], g, c.beta2);
    Bounded vhat = v[i];
    if (c.amsgrad) {
      BVec& vmax = slot(s, 2, p.size());
      vmax[i] = a.max(vmax[i], v[i]);
      vhat = vmax[i];
    }
    const Bounded denom = a.add(a.div(a.sqrt(vhat), bc2_sqrt), eps);
    p[i] = a.sub(p[i], a.mul(step_size, a.div(m[i], denom)));
  }
}

void adamax(const Params& params, const BoundArith& a, OracleState& s, BVec& p, const BVec& grad) {
  const auto c = optim::AdamaxConfig::from_params(params);
  c.validate();
  const Bounded t = exact(static_cast<double>(s.step));
  const Bounded clr = a.to_tensor(kPython.div(exact(c.lr), kPython.sub(exact(1), python_pow(Real(c.beta1), t))));
  const Bounded wd = a.to_tensor(exact(c.weight_decay)), eps = a.to_tensor(exact(c.eps));
  const Bounded beta2 = a.to_tensor(exact(c.beta2));
  const Bounded w = kPython.sub(exact(1), exact(c.beta1));
  BVec& m = slot(s, 0, p.size());
  BVec& u = slot(s, 1, p.size());
  for (size_t i = 0; i < p.size(); ++i) {
    const Bounded g = decayed(a, grad[i], p[i], wd, c.weight_decay);
    m[i] = a.lerp(m[i], g, w);
    u[i] = a.max(a.mul(beta2, u[i]), a.add(a.abs(g), eps));  // u = max(beta2 u, |g| + eps)
    p[i] = a.sub(p[i], a.mul(clr, a.div(m[i], u[i])));
  }
}

void nadam(const Params& params, const BoundArith& a, OracleState& s, BVec& p, const BVec& grad) {
  const auto c = optim::NadamConfig::from_params(params);
  c.validate();
  const double t = static_cast<double>(s.step);
  const Real base(0.96);  // the constant as PyTorch writes it (a double)
  // mu_t = beta1 (1 - 0.5 * 0.96^(t psi)), in Python.
  const auto mu_at = [&](double step) {
    const Bounded e = kPython.mul(exact(step), exact(c.momentum_decay));
    return kPython.mul(exact(c.beta1), kPython.sub(exact(1), kPython.mul(exact(0.5), python_pow(base, e))));
  };
  const Bounded mu = mu_at(t), mu_next = mu_at(t + 1);
  const Bounded product = kPython.mul(Bounded{s.mu_product}, mu);
  s.mu_product = product.x;
  const Bounded product_next = kPython.mul(product, mu_next);
  const Bounded one = exact(1), lr = exact(c.lr);
  const Bounded bias_correction2 = a.to_tensor(kPython.sub(one, python_pow(Real(c.beta2), exact(t))));
  // lr (1 - mu_t) / (1 - prod mu) and lr mu_{t+1} / (1 - prod mu * mu_{t+1})
  const Bounded grad_coef = a.to_tensor(kPython.div(kPython.mul(lr, kPython.sub(one, mu)), kPython.sub(one, product)));
  const Bounded avg_coef = a.to_tensor(kPython.div(kPython.mul(lr, mu_next), kPython.sub(one, product_next)));
  const Bounded wd = a.to_tensor(exact(c.weight_decay)), eps = a.to_tensor(exact(c.eps));
  const Bounded w = kPython.sub(one, exact(c.beta1));
  BVec& m = slot(s, 0, p.size());
  BVec& v = slot(s, 1, p.size());
  for (size_t i = 0; i < p.size(); ++i) {
    const Bounded g = decayed(a, grad[i], p[i], wd, c.weight_decay);
    m[i] = a.lerp(m[i], g, w);
    v[i] = square_average(a, v[i], g, c.beta2);
    const Bounded denom = a.add(a.sqrt(a.div(v[i], bias_correction2)), eps);
    p[i] = a.sub(a.sub(p[i], a.mul(grad_coef, a.div(g, denom))), a.mul(avg_coef, a.div(m[i], denom)));
  }
}
}  // namespace

void oracle_step(std::string_view name, const Params& params, const BoundArith& arith, OracleState& state,
                 BVec& p, const BVec& grad) {
  if (grad.size() != p.size()) throw UsageError("oracle_step: gradient and parameters differ in size");
  ++state.step;
  // Room for every slot up front: slot() then never reallocates the outer
  // vector, so references to earlier slots stay valid.
  if (state.slots.size() < 3) state.slots.resize(3);
  if (name == "sgd") sgd(params, arith, state, p, grad);
  else if (name == "adagrad") adagrad(params, arith, state, p, grad);
  else if (name == "rmsprop") rmsprop(params, arith, state, p, grad);
  else if (name == "adadelta") adadelta(params, arith, state, p, grad);
  else if (name == "adam") adam(params, false, arith, state, p, grad);
  else if (name == "adamw") adam(params, true, arith, state, p, grad);
  else if (name == "adamax") adamax(params, arith, state, p, grad);
  else if (name == "nadam") nadam(params, arith, state, p, grad);
  else throw unknown_name("optimizer", name, {"sgd", "adagrad", "rmsprop", "adadelta", "adam", "adamw", "adamax", "nadam"});
}

}  // namespace numstab::optim_oracle
