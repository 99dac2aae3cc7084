#include "oracles/optim/rules.hpp"

#include "src/optim/adadelta.hpp"
#include "src/optim/adagrad.hpp"
#include "src/optim/adam.hpp"
#include "src/optim/adamax.hpp"
#include "src/optim/nadam.hpp"
#include "src/optim/rmsprop.hpp"
#include "src/optim/sgd.hpp"

namespace numstab::optim_oracle {

Bounded exact(double v) { return {Real(v), 0, !(v < 0)}; }

// Slot `k` of the state, created with `fill` (PyTorch's fresh state) when empty.
BVec& slot(OracleState& s, size_t k, size_t n, const Bounded& fill) {
  if (s.slots[k].size() != n) s.slots[k].assign(n, fill);
  return s.slots[k];
}

namespace {
const BoundArith kPython(Format::f64);
}  // namespace

const BoundArith& python_scalars() { return kPython; }

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

void sgd_rule(const Params& params, const BoundArith& a, OracleState& s, BVec& p, const BVec& grad) {
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

void adagrad_rule(const Params& params, const BoundArith& a, OracleState& s, BVec& p, const BVec& grad) {
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

void rmsprop_rule(const Params& params, const BoundArith& a, OracleState& s, BVec& p, const BVec& grad) {
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

void adadelta_rule(const Params& params, const BoundArith& a, OracleState& s, BVec& p, const BVec& grad) {
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

namespace {
void adam_or_adamw(const Params& params, bool decoupled, const BoundArith& a, OracleState& s, BVec& p,
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

}  // namespace

void adamax_rule(const Params& params, const BoundArith& a, OracleState& s, BVec& p, const BVec& grad) {
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

void nadam_rule(const Params& params, const BoundArith& a, OracleState& s, BVec& p, const BVec& grad) {
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
  Real& mu_product = s.scalars.at(0);
  const Bounded product = kPython.mul(Bounded{mu_product}, mu);
  mu_product = product.x;
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

void adam_rule(const Params& params, const BoundArith& a, OracleState& s, BVec& p, const BVec& grad) {
  adam_or_adamw(params, false, a, s, p, grad);
}
void adamw_rule(const Params& params, const BoundArith& a, OracleState& s, BVec& p, const BVec& grad) {
  adam_or_adamw(params, true, a, s, p, grad);
}
}  // namespace numstab::optim_oracle
