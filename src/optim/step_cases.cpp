#include "src/optim/step_cases.hpp"

#include <cmath>

#include <fmt/format.h>

#include "oracles/optim/oracle.hpp"
#include "src/catalog.hpp"
#include "src/optim/registry.hpp"

namespace numstab::optim {

namespace {

// Hyperparameter variants exercised per optimizer (defaults first).
std::vector<std::vector<std::string>> variants(std::string_view name) {
  if (name == "sgd")
    return {{}, {"momentum=0.9"}, {"momentum=0.9", "dampening=0.5"}, {"momentum=0.9", "nesterov=1"},
            {"lr=0.1", "momentum=0.5", "weight_decay=1e-4"}};
  if (name == "adagrad") return {{}, {"lr_decay=0.01", "weight_decay=1e-3"}, {"initial_accumulator_value=0.1"}};
  if (name == "rmsprop")
    return {{}, {"centered=1"}, {"momentum=0.9"}, {"centered=1", "momentum=0.9", "weight_decay=1e-2"}};
  if (name == "adadelta") return {{}, {"rho=0.95", "weight_decay=1e-3"}, {"lr=0.5"}};
  if (name == "adam") return {{}, {"amsgrad=1"}, {"weight_decay=1e-2"}, {"beta1=0.3", "beta2=0.99", "eps=1e-6"}};
  if (name == "adamw") return {{}, {"amsgrad=1"}, {"lr=0.01", "weight_decay=0.1"}};
  if (name == "adamax") return {{}, {"weight_decay=1e-2"}, {"beta1=0.3"}};
  if (name == "nadam") return {{}, {"weight_decay=1e-2"}, {"momentum_decay=0.01"}};
  throw unknown_optimizer(name);
}

// Which slots hold squares (non-negative), in the oracle's slot order.
std::vector<bool> square_slots(std::string_view name) {
  if (name == "sgd") return {false};
  if (name == "adagrad") return {true};
  if (name == "rmsprop") return {true, false, false};
  if (name == "adadelta") return {true, true};
  if (name == "adam" || name == "adamw") return {false, true, true};
  if (name == "adamax") return {false, true};
  if (name == "nadam") return {false, true};
  throw unknown_optimizer(name);
}

uint64_t pick(const Draw& d, uint64_t n) { return d() % n; }

// A value of format f with a random significand and exponent in [lo, hi]
// (clipped to the format; below emin it rounds to a subnormal).
double value_in(Format f, const Draw& d, int lo, int hi, bool negative) {
  const auto& s = spec(f);
  lo = std::max(lo, s.emin - s.precision + 1);
  hi = std::min(hi, s.emax);
  const int e = lo + static_cast<int>(pick(d, static_cast<uint64_t>(hi - lo + 1)));
  const double frac = static_cast<double>(d() >> 11) * 0x1p-53;  // [0, 1)
  const double v = round_to(f, std::ldexp(1 + frac, e));
  return negative ? -v : v;
}

double gradient_value(Format f, const Draw& d) {
  const auto& s = spec(f);
  const bool neg = d() & 1;
  switch (pick(d, 10)) {
    case 0: return 0;
    case 1: return value_in(f, d, s.emin - s.precision + 1, s.emin - 1, neg);  // subnormal
    case 2: return value_in(f, d, s.emin, s.emin + 4, neg);                      // tiny
    case 3: return value_in(f, d, s.emax - 6, s.emax, neg);                      // huge
    default: return value_in(f, d, -10, 3, neg);                                 // moderate
  }
}

// Smallest value of f that is >= x*x + extra (for v >= m^2).
double square_at_least(Format f, double x, double extra) {
  double v = round_to(f, x * x + extra);
  const Real need = Real(x) * Real(x) + Real(extra);
  const auto& s = spec(f);
  const double min_subnormal = std::ldexp(1.0, s.emin - s.precision + 1);
  while (Real(v) < need) v = round_to(f, v + std::max(std::ldexp(std::abs(v), -s.precision) * 1.5, min_subnormal));
  return v;
}
}  // namespace

StepCase make_step_case(std::string_view name, Format f, bool master, const Draw& draw, size_t n) {
  StepCase c;
  c.optimizer = std::string(name);
  const auto all = variants(name);
  c.hyper = require_composite(name, OpKind::optimizer).resolve_params(all[pick(draw, all.size())]);
  const Format state_format = master ? Format::f32 : f;
  c.params.resize(static_cast<Eigen::Index>(n));
  c.grad.resize(static_cast<Eigen::Index>(n));
  for (Eigen::Index i = 0; i < c.params.size(); ++i) {
    c.params[i] = pick(draw, 10) == 0 ? 0.0 : value_in(f, draw, -6, 6, draw() & 1);
    c.grad[i] = gradient_value(f, draw);
  }
  static constexpr int64_t kSteps[] = {0, 1, 2, 9, 99, 999};
  const uint64_t k = pick(draw, 7);
  c.step = k < 6 ? kSteps[k] : 1 + static_cast<int64_t>(pick(draw, 10000));
  if (name == "nadam") {
    const auto cfg = NadamConfig::from_params(c.hyper);
    for (int64_t t = 1; t <= c.step; ++t) c.mu_product *= cfg.mu(static_cast<double>(t));
  }
  if (c.step == 0) return c;  // fresh state
  const auto squares = square_slots(name);
  for (bool square : squares) {
    Vector v(c.params.size());
    for (Eigen::Index i = 0; i < v.size(); ++i)
      v[i] = pick(draw, 8) == 0 ? 0.0 : square ? value_in(state_format, draw, -24, 8, false)
                                              : value_in(state_format, draw, -12, 3, draw() & 1);
    c.slots.push_back(v);
  }
  if (name == "rmsprop")  // centered RMSprop: the variance estimate v - m^2 >= 0
    for (Eigen::Index i = 0; i < c.params.size(); ++i)
      c.slots[0][i] = square_at_least(state_format, c.slots[1][i], c.slots[0][i]);
  return c;
}

namespace {
std::vector<Vector*> slots_of(SgdState& s) { return {&s.momentum_buffer}; }
std::vector<Vector*> slots_of(AdagradState& s) { return {&s.sum}; }
std::vector<Vector*> slots_of(RmspropState& s) { return {&s.square_avg, &s.grad_avg, &s.momentum_buffer}; }
std::vector<Vector*> slots_of(AdadeltaState& s) { return {&s.square_avg, &s.acc_delta}; }
std::vector<Vector*> slots_of(AdamState& s) { return {&s.exp_avg, &s.exp_avg_sq, &s.max_exp_avg_sq}; }
std::vector<Vector*> slots_of(AdamaxState& s) { return {&s.exp_avg, &s.exp_inf}; }
std::vector<Vector*> slots_of(NadamState& s) { return {&s.exp_avg, &s.exp_avg_sq}; }
void set_extra(NadamState& s, const StepCase& c) { s.mu_product = c.mu_product; }
template <class S>
void set_extra(S&, const StepCase&) {}

template <class Opt>
Vector run(const StepCase& c, bool master, Hazards& hazards) {
  Opt opt(c.hyper, StepOptions{master});
  auto slots = slots_of(opt.state);
  for (size_t k = 0; k < slots.size() && k < c.slots.size(); ++k) *slots[k] = c.slots[k];
  opt.state.step = c.step;
  set_extra(opt.state, c);
  Vector p = c.params;
  opt.step(p, c.grad);
  hazards = opt.hazards();
  return p;
}

template <class Tag>
Vector run_kernel(const StepCase& c, bool master, Hazards& h) {
  const std::string& n = c.optimizer;
  if (n == "sgd") return run<Sgd<Tag>>(c, master, h);
  if (n == "adagrad") return run<Adagrad<Tag>>(c, master, h);
  if (n == "rmsprop") return run<Rmsprop<Tag>>(c, master, h);
  if (n == "adadelta") return run<Adadelta<Tag>>(c, master, h);
  if (n == "adam") return run<Adam<Tag>>(c, master, h);
  if (n == "adamw") return run<AdamW<Tag>>(c, master, h);
  if (n == "adamax") return run<Adamax<Tag>>(c, master, h);
  if (n == "nadam") return run<Nadam<Tag>>(c, master, h);
  throw unknown_optimizer(n);
}

std::vector<double> to_std(const Vector& v) { return std::vector<double>(v.data(), v.data() + v.size()); }
}  // namespace

StepCheck check_step(const StepCase& c, Format f, bool master) {
  StepCheck out;
  const Vector got = dispatch(f, [&](auto tag) { return run_kernel<decltype(tag)>(c, master, out.hazards); });
  const bool uses_master = master && (f == Format::f16 || f == Format::bf16);
  const Format compute = uses_master ? Format::f32 : f;
  optim_oracle::OracleState state;
  for (const Vector& s : c.slots) state.slots.push_back(optim_oracle::exact_vector(to_std(s)));
  state.step = c.step;
  state.mu_product = Real(c.mu_product);
  optim_oracle::BVec p = optim_oracle::exact_vector(to_std(c.params));
  optim_oracle::oracle_step(c.optimizer, c.hyper, optim_oracle::BoundArith(compute), state, p,
                            optim_oracle::exact_vector(to_std(c.grad)));
  // With a master copy, the f32 result is rounded once more into the parameters' format.
  const optim_oracle::BoundArith final_rounding(f);
  Real diff2 = 0, norm2 = 0;
  for (size_t i = 0; i < p.size(); ++i) {
    ElementCheck e;
    e.got = got[static_cast<Eigen::Index>(i)];
    const optim_oracle::Bounded y = uses_master ? final_rounding.round(p[i]) : p[i];
    e.exact = y.x;
    e.judgement = judge(f, e.got, y.x);
    const long double ulp = std::ldexp(1.0L, ulp_exponent(f, y.x));
    e.bound_ulp = static_cast<double>(y.err / ulp);
    if (e.bound_ulp < INFINITY && std::isfinite(e.got)) {
      diff2 += (Real(e.got) - y.x) * (Real(e.got) - y.x);
      norm2 += y.x * y.x;
    }
    out.elements.push_back(std::move(e));
  }
  out.normwise = norm2 > 0 ? static_cast<double>(boost::multiprecision::sqrt(diff2 / norm2)) : 0.0;
  return out;
}

std::string describe_case(const StepCase& c, Format f) {
  std::string hyper;
  const auto& row = require_composite(c.optimizer, OpKind::optimizer);
  for (size_t i = 0; i < c.hyper.size() && i < row.params.size(); ++i)
    if (c.hyper[i] != row.params[i].default_value) hyper += fmt::format(" {}={}", row.params[i].name, c.hyper[i]);
  const auto vec = [&](const Vector& v) {
    std::string s;
    for (Eigen::Index i = 0; i < v.size(); ++i) s += (i ? ", " : "") + hex_text(v[i]);
    return "[" + s + "]";
  };
  std::string text = fmt::format("{} {}{} after step {}: p = {}, g = {}", c.optimizer, spec(f).name,
                                 hyper.empty() ? " (defaults)" : hyper, c.step, vec(c.params), vec(c.grad));
  for (size_t k = 0; k < c.slots.size(); ++k) text += fmt::format(", slot{} = {}", k, vec(c.slots[k]));
  if (c.optimizer == "nadam") text += fmt::format(", mu_product = {}", hex_text(c.mu_product));
  return text;
}

std::string describe_element(const StepCase& c, const StepCheck& s, size_t i, Format f) {
  const ElementCheck& e = s.elements[i];
  std::string hz;
  for (const auto& h : s.hazards.names()) hz += " " + h;
  return fmt::format("{}; p[{}]: computed {} ({}), exact {} ({}), error {} ULP ({}), bound {} ULP{}{}",
                     describe_case(c, f), i, hex_text(e.got), dec_text(f, e.got), exact_hex_text(e.exact),
                     exact_dec_text(e.exact), e.judgement.ulp, kMismatchNames[static_cast<int>(e.judgement.mismatch)],
                     e.bound_ulp, hz.empty() ? "" : "; hazards:", hz);
}

}  // namespace numstab::optim
