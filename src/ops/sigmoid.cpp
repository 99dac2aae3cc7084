#include "src/kernels/sigmoid.hpp"
#include "oracles/sigmoid/oracle.hpp"
#include "src/ops/families.hpp"

namespace numstab {

void add_sigmoid_ops(std::vector<OpInfo>& ops) {
  // 25 ln2, 54 ln2: where sigmoid rounds to 1 in f32 and f64; -88.7: e^-x
  // overflows f32; -150 ln2, -1075 ln2: sigmoid below half the smallest f32
  // and f64 subnormal.
  const std::vector<double> edges = {0, 17.3287, 37.4299, -88.7228, -103.972, -745.133};
  ops.push_back({"sigmoid", "sigmoid", "logistic function 1/(1+e^-x)", {}, kAllReals, {}, "", -40,
                 40, edges, &oracles::sigmoid, make_reference<kernels::Sigmoid>()});
  ops.push_back({"sigmoid_grad", "sigmoid", "derivative of sigmoid: s(x)(1-s(x))", {}, kAllReals,
                 {}, "sigmoid", -40, 40, edges, &oracles::sigmoid_grad,
                 make_reference<kernels::SigmoidGrad>()});
}

}  // namespace numstab
