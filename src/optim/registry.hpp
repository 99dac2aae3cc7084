// The optimizers by name: the built-in ones (src/optim/descriptors.cpp, in
// catalog order) and any registered since (a test's, a user's). Every entry
// point that takes an optimizer's name (make_optimizer, the step checks,
// trajectories, the oracle) looks it up here: an unknown name is a UsageError
// naming the known ones, never a fallback.
#pragma once
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "src/optim/descriptor.hpp"
// The built-in kernels, for callers that use them by type (optim::Sgd<F32>).
#include "src/optim/adadelta.hpp"
#include "src/optim/adagrad.hpp"
#include "src/optim/adam.hpp"
#include "src/optim/adamax.hpp"
#include "src/optim/nadam.hpp"
#include "src/optim/rmsprop.hpp"
#include "src/optim/sgd.hpp"

namespace numstab::optim {

// The built-in descriptors, in catalog order (the catalog's optimizer rows),
// each checked (check_descriptor) and their names unique: a UsageError at the
// first use of any optimizer or of the catalog otherwise.
const std::vector<OptimizerDescriptor>& builtin_optimizers();

// Every known descriptor: the built-in ones, then the registered ones in
// registration order. References stay valid as descriptors are added.
const std::deque<OptimizerDescriptor>& optimizers();
std::vector<std::string> optimizer_names();

// nullptr when there is no such optimizer.
const OptimizerDescriptor* find_optimizer(std::string_view name);
// The descriptor, or UsageError "unknown optimizer '<name>' (known: ...)".
const OptimizerDescriptor& require_optimizer(std::string_view name);
UsageError unknown_optimizer(std::string_view name);

// Adds `d` after checking it (check_descriptor, and its name is new);
// returns the stored copy.
// Register before any other thread looks optimizers up: the list is not locked.
const OptimizerDescriptor& register_optimizer(OptimizerDescriptor d);

// UsageError unless `d` is complete and consistent: a name, unique
// parameter names, a kernel and an oracle rule, variants that resolve (the
// first being the defaults), slot references in range, and a kernel whose
// State has as many slots and scalars as the descriptor lists.
void check_descriptor(const OptimizerDescriptor& d);

// The kernel of optimizer `name` for parameters in format `f`, its
// hyperparameters in the descriptor's order (missing ones take PyTorch's
// defaults); UsageError on an unknown name or a bad value.
std::unique_ptr<AnyOptimizer> make_optimizer(std::string_view name, Format f, const Params& params,
                                             StepOptions options = {});

}  // namespace numstab::optim
