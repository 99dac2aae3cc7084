// The eight optimizers by catalog name and runtime format, behind one interface
// (for the CLI, `numstab diverge`, trajectories and the step records).
#pragma once
#include <memory>
#include <string_view>

#include "src/optim/adadelta.hpp"
#include "src/optim/adagrad.hpp"
#include "src/optim/adam.hpp"
#include "src/optim/adamax.hpp"
#include "src/optim/nadam.hpp"
#include "src/optim/rmsprop.hpp"
#include "src/optim/sgd.hpp"

namespace numstab::optim {

inline constexpr const char* kOptimizerNames[] = {"sgd",  "adagrad", "rmsprop", "adadelta",
                                                  "adam", "adamw",   "adamax",  "nadam"};

inline UsageError unknown_optimizer(std::string_view name) {
  return unknown_name("optimizer", name, kOptimizerNames);
}

class AnyOptimizer {
 public:
  virtual ~AnyOptimizer() = default;
  virtual void step(Vector& params, const Vector& grad) = 0;
  virtual const Hazards& hazards() const = 0;
};

template <class Opt>
class OptimizerModel : public AnyOptimizer {
 public:
  explicit OptimizerModel(Opt opt) : opt(std::move(opt)) {}
  void step(Vector& params, const Vector& grad) override { opt.step(params, grad); }
  const Hazards& hazards() const override { return opt.hazards(); }
  Opt opt;
};

// The optimizer `name` (a kOptimizerNames entry) for parameters in format `f`,
// its hyperparameters in the catalog row's order (missing ones take PyTorch's
// defaults); UsageError on an unknown name or a bad value.
std::unique_ptr<AnyOptimizer> make_optimizer(std::string_view name, Format f, const Params& params,
                                             StepOptions options = {});

}  // namespace numstab::optim
