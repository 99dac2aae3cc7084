// One-step checks of the optimizers against the multiprecision oracle
// (oracles/optim/): a generated state + gradient (StepCase), the kernel's step
// from it, and per parameter the ULP error against the exactly computed step
// and the running error bound derived from the update's roundings.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "src/optim/optimizer.hpp"
#include "src/ulp.hpp"

namespace numstab::optim {

// A state to step from: hyperparameters, parameters, gradient and the state's
// slots and scalars, all in the optimizer's descriptor order
// (src/optim/descriptor.hpp), after `step` earlier steps (step 0: PyTorch's
// fresh state, slots empty).
struct StepCase {
  std::string optimizer;
  Params hyper{};
  Vector params{};
  Vector grad{};
  std::vector<Vector> slots{};
  std::vector<double> scalars{};
  int64_t step = 0;
};

// Random 64-bit words; RapidCheck draws or a seeded engine (records).
using Draw = std::function<uint64_t()>;

// Bit-pattern style case for optimizer `name`: gradients mixing zeros,
// subnormals, tiny and huge values and moderate ones of both signs; parameters
// and signed state moderate, squared state non-negative (and at least the
// square of the slot its SlotSpec names: centered RMSprop keeps v >= m^2); a
// hyperparameter variant from the descriptor's list.
// Values are representable in `f` (in f32 for state and parameters' master with
// `master`).
StepCase make_step_case(std::string_view name, Format f, bool master, const Draw& draw, size_t n = 4);

struct ElementCheck {
  double got = 0;           // the kernel's parameter after the step
  Real exact{};             // the exact parameter after the step
  Judgement judgement{};    // ULP error / mismatch in the parameters' format
  double bound_ulp = 0;     // derived bound (+inf: none, e.g. a hazard made the update undefined)
  bool within() const {
    return !(bound_ulp < INFINITY) ||
           ((judgement.mismatch == Mismatch::none || judgement.mismatch == Mismatch::signed_zero) &&
            judgement.ulp <= bound_ulp);
  }
};

struct StepCheck {
  std::vector<ElementCheck> elements{};
  Hazards hazards{};
  double normwise = 0;  // ||got - exact|| / ||exact|| over the bounded elements
};

// Runs the kernel (format f, f32 master copy when `master`) and the oracle on `c`.
// Needs this thread's Real precision set (set_real_precision(256)).
StepCheck check_step(const StepCase& c, Format f, bool master);

// LLVM-libc style text of a case and one element: input, computed, exact (hex
// and decimal), error and bound.
std::string describe_case(const StepCase& c, Format f);
std::string describe_element(const StepCase& c, const StepCheck& s, size_t i, Format f);

}  // namespace numstab::optim
