#include "oracles/prelu/oracle.hpp"
#include "src/kernels/prelu.hpp"
#include "src/ops/families.hpp"

namespace numstab {

void add_prelu_ops(std::vector<OpInfo>& ops) {
  // The slope a is the second operand: fixed with --param a=..., otherwise drawn
  // per input; exhaustive sweeps pair every x with each of these slopes.
  const std::vector<ParamSpec> slope = {{"a", 0.25, "slope for x <= 0 (PyTorch's initial value); the second operand"}};
  const std::vector<double> slopes = {0.25, 0, 0.01, 1, -0.5, 2, 0.1, -1};
  const std::vector<Kink> kink = {{0, "d/dx at 0 is a and d/da at 0 is 0: PyTorch's prelu backward takes the x <= 0 branch (x > 0 ? g : a g)"}};
  auto add = [&](const char* name, const char* summary, const char* of, OracleFn oracle,
                 ReferenceKernels ref) {
    OpInfo op{name, "prelu", summary, slope, kAllReals, kink, of, -4, 4,
              {{0, "the kink: the branch changes"}}, oracle, ref};
    op.hard_inputs = kNoHardInputs;
    op.arity = 2;
    op.second_operand_probes = slopes;
    ops.push_back(op);
  };
  add("prelu", "parametric ReLU: x for x > 0, a x otherwise", "", &oracles::prelu,
      make_reference<kernels::Prelu>());
  add("prelu_grad_x", "d prelu / dx: 1 for x > 0, a otherwise", "prelu", &oracles::prelu_grad_x,
      make_reference<kernels::PreluGradX>());
  add("prelu_grad_a", "d prelu / da: 0 for x > 0, x otherwise", "prelu", &oracles::prelu_grad_a,
      make_reference<kernels::PreluGradA>());
}

}  // namespace numstab
