#include "src/optim/step_cases.hpp"

#include <cmath>

#include <fmt/format.h>

#include "oracles/optim/oracle.hpp"
#include "src/optim/registry.hpp"

namespace numstab::optim {

namespace {

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

namespace {
// The slots of a generated state: squares non-negative, the others of both
// signs; then each slot that must hold at least another's square is raised to it.
std::vector<Vector> generated_slots(const OptimizerDescriptor& d, Format state_format, const Draw& draw,
                                    Eigen::Index n) {
  std::vector<Vector> slots;
  for (const SlotSpec& slot : d.slots) {
    Vector v(n);
    for (Eigen::Index i = 0; i < n; ++i)
      v[i] = pick(draw, 8) == 0 ? 0.0 : slot.square ? value_in(state_format, draw, -24, 8, false)
                                                   : value_in(state_format, draw, -12, 3, draw() & 1);
    slots.push_back(v);
  }
  for (size_t k = 0; k < d.slots.size(); ++k)
    if (const int m = d.slots[k].at_least_square_of; m >= 0)
      for (Eigen::Index i = 0; i < n; ++i)
        slots[k][i] = square_at_least(state_format, slots[static_cast<size_t>(m)][i], slots[k][i]);
  return slots;
}
}  // namespace

StepCase make_step_case(std::string_view name, Format f, bool master, const Draw& draw, size_t n) {
  const OptimizerDescriptor& d = require_optimizer(name);
  StepCase c;
  c.optimizer = std::string(name);
  c.hyper = d.resolve_params(d.variants[pick(draw, d.variants.size())]);
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
  for (const ScalarSpec& s : d.scalars) c.scalars.push_back(s.after(c.hyper, c.step));
  if (c.step == 0) return c;  // fresh state
  c.slots = generated_slots(d, state_format, draw, c.params.size());
  return c;
}

namespace {
// The kernel's parameters after one step from `c`, and its hazards.
Vector run_kernel(const StepCase& c, Format f, bool master, Hazards& hazards) {
  auto kernel = make_optimizer(c.optimizer, f, c.hyper, StepOptions{master});
  const auto slots = kernel->state_slots();
  for (size_t k = 0; k < slots.size() && k < c.slots.size(); ++k) *slots[k] = c.slots[k];
  const auto scalars = kernel->state_scalars();
  for (size_t k = 0; k < scalars.size() && k < c.scalars.size(); ++k) *scalars[k] = c.scalars[k];
  kernel->state_step() = c.step;
  Vector p = c.params;
  kernel->step(p, c.grad);
  hazards = kernel->hazards();
  return p;
}

std::vector<double> to_std(const Vector& v) { return std::vector<double>(v.data(), v.data() + v.size()); }
}  // namespace

StepCheck check_step(const StepCase& c, Format f, bool master) {
  StepCheck out;
  const Vector got = run_kernel(c, f, master, out.hazards);
  const bool uses_master = master && (f == Format::f16 || f == Format::bf16);
  const Format compute = uses_master ? Format::f32 : f;
  optim_oracle::OracleState state;
  for (const Vector& s : c.slots) state.slots.push_back(optim_oracle::exact_vector(to_std(s)));
  for (double s : c.scalars) state.scalars.emplace_back(s);
  state.step = c.step;
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
  const OptimizerDescriptor& d = require_optimizer(c.optimizer);
  for (size_t i = 0; i < c.hyper.size() && i < d.params.size(); ++i)
    if (c.hyper[i] != d.params[i].default_value) hyper += fmt::format(" {}={}", d.params[i].name, c.hyper[i]);
  const auto vec = [&](const Vector& v) {
    std::string s;
    for (Eigen::Index i = 0; i < v.size(); ++i) s += (i ? ", " : "") + hex_text(v[i]);
    return "[" + s + "]";
  };
  std::string text = fmt::format("{} {}{} after step {}: p = {}, g = {}", c.optimizer, spec(f).name,
                                 hyper.empty() ? " (defaults)" : hyper, c.step, vec(c.params), vec(c.grad));
  for (size_t k = 0; k < c.slots.size(); ++k) text += fmt::format(", slot{} = {}", k, vec(c.slots[k]));
  for (size_t k = 0; k < c.scalars.size() && k < d.scalars.size(); ++k)
    text += fmt::format(", {} = {}", d.scalars[k].name, hex_text(c.scalars[k]));
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
