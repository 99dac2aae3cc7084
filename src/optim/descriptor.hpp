// One optimizer as data: what the registry (src/optim/registry.hpp), the
// one-step checks (src/optim/step_cases.hpp), the oracle's dispatch
// (oracles/optim/oracle.hpp) and the catalog row need to know about it. Adding
// an optimizer is a kernel (src/optim/<name>.hpp), an oracle rule
// (oracles/optim/rules.hpp) and one descriptor (src/optim/descriptors.cpp);
// README, "Adding an optimizer".
#pragma once
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "oracles/optim/oracle.hpp"
#include "src/catalog.hpp"
#include "src/optim/optimizer.hpp"

namespace numstab::optim {

// A kernel of any optimizer in any format, behind one interface.
class AnyOptimizer {
 public:
  virtual ~AnyOptimizer() = default;
  virtual void step(Vector& params, const Vector& grad) = 0;
  virtual const Hazards& hazards() const = 0;
  // The state, to start from a chosen one: its vectors in the descriptor's
  // slot order, its scalars in the descriptor's scalar order, and the number
  // of steps taken.
  virtual std::vector<Vector*> state_slots() = 0;
  virtual std::vector<double*> state_scalars() = 0;
  virtual int64_t& state_step() = 0;
};

template <class Opt>
class OptimizerModel : public AnyOptimizer {
 public:
  explicit OptimizerModel(Opt opt) : opt(std::move(opt)) {}
  void step(Vector& params, const Vector& grad) override { opt.step(params, grad); }
  const Hazards& hazards() const override { return opt.hazards(); }
  std::vector<Vector*> state_slots() override { return opt.state.slots(); }
  std::vector<double*> state_scalars() override { return opt.state.scalars(); }
  int64_t& state_step() override { return opt.state.step; }
  Opt opt;
};

// The kernel for parameters in format f, hyperparameters in the descriptor's
// order (missing trailing ones take the defaults); UsageError on a bad value.
using KernelFactory = std::unique_ptr<AnyOptimizer> (*)(Format f, const Params& hyper, StepOptions options);

// The factory of a kernel template Opt<Tag> constructible from (Params, StepOptions).
template <template <class> class Opt>
std::unique_ptr<AnyOptimizer> make_kernel(Format f, const Params& hyper, StepOptions options) {
  return dispatch(f, [&](auto tag) -> std::unique_ptr<AnyOptimizer> {
    using Kernel = Opt<decltype(tag)>;
    return std::make_unique<OptimizerModel<Kernel>>(Kernel(hyper, options));
  });
}

// The exact update of the optimizer (oracles/optim/rules.hpp): p and the state
// advance one step, each value with its running error bound for a kernel
// computing in `arith`'s format. Called by optim_oracle::oracle_step, which
// has counted the step and made room for every slot and scalar.
using OracleRule = void (*)(const Params& hyper, const optim_oracle::BoundArith& arith,
                            optim_oracle::OracleState& state, optim_oracle::BVec& p, const optim_oracle::BVec& grad);

// One state vector, as the kernel's State::slots() and the oracle's
// OracleState::slots hold it (same index).
struct SlotSpec {
  std::string name;
  // Holds squares or averages of squares: generated >= 0.
  bool square = false;
  // Index of a slot m this one must hold at least the square of (centered
  // RMSprop's v >= m^2: the variance estimate v - m^2 is >= 0); -1: none.
  int at_least_square_of = -1;
};

// One state scalar kept beside the vectors (NAdam's product of mu_t).
struct ScalarSpec {
  std::string name;
  double fresh = 0;  // its value before the first step
  // Its value after `steps` steps with hyperparameters `hyper` (for a
  // generated state of that age).
  std::function<double(const Params& hyper, int64_t steps)> after{};
};

struct OptimizerDescriptor {
  std::string name;                     // catalog name
  std::string summary;                  // one line, for the catalog
  std::vector<ParamSpec> params;        // hyperparameters in order, with PyTorch's defaults
  std::string notes;                    // the update rule and its sources, for the catalog
  std::vector<SlotSpec> slots;          // state vectors
  std::vector<ScalarSpec> scalars{};    // state scalars
  // Hyperparameter variants the one-step checks draw from ("name=value"
  // assignments; the first is {}: the defaults).
  std::vector<std::vector<std::string>> variants{{}};
  KernelFactory make_kernel = nullptr;
  OracleRule oracle_rule = nullptr;

  // Defaults overridden by "name=value" assignments; UsageError on an unknown
  // name or a malformed value.
  Params resolve_params(const std::vector<std::string>& assignments) const;
  // Its catalog row (OpKind::optimizer).
  CompositeOpInfo catalog_row() const;
};

// The ParamSpecs of a Config's fields, defaults read from `defaults`.
template <class Config>
std::vector<ParamSpec> param_specs(const Config& defaults, const std::vector<Field<Config>>& fields) {
  std::vector<ParamSpec> out;
  for (const auto& f : fields) out.push_back({f.name, f.get(defaults), f.meaning});
  return out;
}
template <class Config>
std::vector<ParamSpec> param_specs() {
  const Config defaults{};
  return param_specs(defaults, Config::fields());
}

}  // namespace numstab::optim
