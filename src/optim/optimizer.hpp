// What every optimizer of src/optim/ shares: the format arithmetic (one
// rounding after every operation, into the parameters' format or into f32 when
// an f32 master copy is kept), the master copy itself, and the per-step hazard
// report (fp16 hazards: eps rounding to 0, g^2 underflowing, a zero denominator,
// a parameter turning inf/NaN, an update too small to change the parameter).
// See src/optim/sgd.hpp for how to use an optimizer.
#pragma once
#include <cmath>
#include <cstdint>
#include <string>
#include <type_traits>
#include <vector>

#include <Eigen/Dense>

#include "src/arith.hpp"
#include "src/errors.hpp"
#include "src/formats.hpp"
#include "src/params.hpp"

namespace numstab::optim {

using Vector = Eigen::VectorXd;

// How the update is carried out, independent of the optimizer's hyperparameters.
struct StepOptions {
  // f16/bf16 parameters only (ignored for f64/f32): keep an f32 master copy of
  // the parameters and the state in f32, update the master in f32 arithmetic,
  // and round the parameters from it (PyTorch AMP / mixed-precision style).
  bool f32_master = false;
};

// Events of one step that make the update wrong or meaningless. Counts are of
// elements (eps_rounds_to_zero: 1 when the rounded eps is 0).
struct Hazards {
  uint64_t eps_rounds_to_zero = 0;     // eps > 0 rounds to 0 in the compute format
  uint64_t grad_square_underflow = 0;  // g != 0 but its g^2 contribution rounds to 0
  uint64_t grad_square_overflow = 0;   // finite g whose g^2 contribution overflows to inf
  uint64_t zero_denominator = 0;       // sqrt(v) + eps == 0: the division gives inf/NaN
  uint64_t nonfinite_param = 0;        // a finite parameter became inf or NaN
  uint64_t update_lost = 0;            // nonzero update, parameter unchanged (stagnation)

  bool any() const {
    return eps_rounds_to_zero + grad_square_underflow + grad_square_overflow + zero_denominator + nonfinite_param +
               update_lost > 0;
  }
  std::vector<std::string> names() const {
    std::vector<std::string> v;
    if (eps_rounds_to_zero) v.push_back("eps_rounds_to_zero");
    if (grad_square_underflow) v.push_back("grad_square_underflow");
    if (grad_square_overflow) v.push_back("grad_square_overflow");
    if (zero_denominator) v.push_back("zero_denominator");
    if (nonfinite_param) v.push_back("nonfinite_param");
    if (update_lost) v.push_back("update_lost");
    return v;
  }
};

// Param `i` of a catalog row, or its default when the caller passed fewer
// (the training utilities' configs; an optimizer's Config uses fields()).
inline double param_or(const Params& p, size_t i, double fallback) {
  return i < p.size() ? p[i] : fallback;
}

// One hyperparameter of an optimizer's Config: its catalog name, how to read
// and write the member that holds it (a number, or a flag read as 0/1) and
// its meaning. The member's initialiser is the default: it is written nowhere
// else (the catalog row and the descriptor read it from a default-constructed
// Config). Made by field<&Config::member>(name, meaning).
template <class Config>
struct Field {
  const char* name;
  double (*get)(const Config&);
  void (*set)(Config&, double);
  const char* meaning;
};

template <class T>
struct MemberOf;
template <class C, class V>
struct MemberOf<V C::*> {
  using Config = C;
  using Value = V;
};

template <auto Member>
Field<typename MemberOf<decltype(Member)>::Config> field(const char* name, const char* meaning) {
  using Config = typename MemberOf<decltype(Member)>::Config;
  using Value = typename MemberOf<decltype(Member)>::Value;
  static_assert(std::is_same_v<Value, double> || std::is_same_v<Value, bool>, "a number or a 0/1 flag");
  return {name, [](const Config& c) { return static_cast<double>(c.*Member); },
          [](Config& c, double v) {
            if constexpr (std::is_same_v<Value, bool>) c.*Member = v != 0;
            else c.*Member = v;
          },
          meaning};
}

// `defaults` with the first p.size() fields (Config::fields() order, the
// catalog row's) set from `p`; missing trailing values keep their defaults.
template <class Config>
Config with_params(Config defaults, const Params& p) {
  const auto& fields = Config::fields();
  for (size_t i = 0; i < p.size() && i < fields.size(); ++i) fields[i].set(defaults, p[i]);
  return defaults;
}

inline void require(bool ok, const char* what) {
  if (!ok) throw UsageError(what);
}

// The machinery shared by the optimizers. `Tag` is the parameters' format.
template <class Tag>
class OptimizerBase {
 public:
  // Hazards of the most recent step.
  const Hazards& hazards() const { return hazards_; }
  bool uses_master() const { return master_; }
  // The f32 master copy (empty until the first step, or without a master).
  const Vector& master_params() const { return master_params_; }
  // Set the master copy explicitly (it is otherwise taken from the parameters
  // at the first step); values must be representable in f32.
  void set_master_params(const Vector& m) { master_params_ = m; }

 protected:
  explicit OptimizerBase(StepOptions options)
      : master_(options.f32_master && (Tag::format == Format::f16 || Tag::format == Format::bf16)) {}

  // One correctly rounded operation of the compute format.
  double r(double v) const { return master_ ? round_to<F32>(v) : round_to<Tag>(v); }
  // A hyperparameter or a scalar that PyTorch computes in Python (double) and
  // hands to a tensor op: one rounding into the compute format.
  double scalar(double v) const { return r(v); }

  // The vector the update works on: the master copy, or the parameters.
  Vector& begin_step(Vector& params, const Vector& grad) {
    if (grad.size() != params.size()) throw UsageError("optimizer step: gradient and parameters differ in size");
    hazards_ = {};
    if (!master_) {
      before_ = params;
      return params;
    }
    if (master_params_.size() != params.size()) master_params_ = params;  // exact: f16/bf16 in f32
    before_ = master_params_;
    return master_params_;
  }
  // Rounds the parameters from the master and records the stagnation and
  // non-finite hazards (`update` is the amount subtracted, as computed).
  void end_step(Vector& params, const Vector& update) {
    const Vector& work = master_ ? master_params_ : params;
    for (Eigen::Index i = 0; i < work.size(); ++i) {
      if (std::isfinite(before_[i]) && !std::isfinite(work[i])) ++hazards_.nonfinite_param;
      if (update[i] != 0 && std::isfinite(update[i]) && work[i] == before_[i]) ++hazards_.update_lost;
    }
    if (master_)
      for (Eigen::Index i = 0; i < work.size(); ++i) params[i] = round_to<Tag>(work[i]);
  }
  // eps as the compute format holds it; reports eps > 0 rounding to 0.
  double rounded_eps(double eps) {
    const double e = scalar(eps);
    if (eps > 0 && e == 0) hazards_.eps_rounds_to_zero = 1;
    return e;
  }
  // r(w * r(g * g)) (addcmul with value w), reporting g != 0 whose term vanishes.
  double weighted_square(double w, double g) {
    const double term = r(w * r(g * g));
    if (g != 0 && std::isfinite(g) && term == 0) ++hazards_.grad_square_underflow;
    if (std::isfinite(g) && !std::isfinite(term)) ++hazards_.grad_square_overflow;
    return term;
  }
  // r(num / den), reporting a zero denominator.
  double divide(double num, double den) {
    if (den == 0) ++hazards_.zero_denominator;
    return r(num / den);
  }
  // torch.lerp(a, b, w) = a + w (b - a) for |w| < 0.5, else b - (b - a)(1 - w);
  // w and 1 - w are scalars rounded once.
  double lerp(double a, double b, double w) const {
    const double diff = r(b - a);
    if (std::abs(w) < 0.5) return r(a + r(scalar(w) * diff));
    return r(b - r(diff * scalar(1 - w)));
  }
  // Vector filled with a constant rounded into the compute format.
  Vector filled(Eigen::Index n, double v) const { return Vector::Constant(n, scalar(v)); }

  bool master_ = false;
  Vector master_params_{};
  Vector before_{};
  Hazards hazards_{};
};

// The step every optimizer shares: check the sizes and pick the vector to work
// on (begin_step), let `Derived::advance(p, grad, update)` move the state and
// p and record in `update` the amount each parameter was moved by, then round
// the parameters from the master and record the hazards (end_step).
// `ConfigT` has fields(), from_params() and validate(); `StateT` has step,
// slots() and scalars() (src/optim/descriptor.hpp).
template <class Tag, class Derived, class ConfigT, class StateT>
class Optimizer : public OptimizerBase<Tag> {
 public:
  using Config = ConfigT;
  using State = StateT;
  explicit Optimizer(Config config, StepOptions options = {}) : OptimizerBase<Tag>(options), config(config) {
    config.validate();
  }
  explicit Optimizer(const Params& params, StepOptions options = {})
      : Optimizer(Config::from_params(params), options) {}

  void step(Vector& params, const Vector& grad) {
    Vector& p = this->begin_step(params, grad);
    Vector update(p.size());
    static_cast<Derived*>(this)->advance(p, grad, update);
    this->end_step(params, update);
  }

  Config config;
  State state{};

 protected:
  // A state vector, sized to n and set to `fill` when it does not match (PyTorch's fresh state).
  static void ensure(Vector& slot, Eigen::Index n, double fill = 0) {
    if (slot.size() != n) slot = Vector::Constant(n, fill);
  }
};

}  // namespace numstab::optim
