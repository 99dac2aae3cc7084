#include "src/kernels/tanh.hpp"
#include "oracles/tanh/oracle.hpp"
#include "src/ops/families.hpp"

namespace numstab {

void add_tanh_ops(std::vector<OpInfo>& ops) {
  // 13 ln2 and 27.5 ln2: where tanh rounds to 1 in f32 and f64.
  const std::vector<double> saturation = {9.01091, 19.0615};
  ops.push_back({"tanh", "tanh", "hyperbolic tangent", {}, kAllReals, {}, "", -20, 20, saturation,
                 &oracles::tanh, make_reference<kernels::Tanh>()});
  ops.push_back({"tanh_grad", "tanh", "derivative of tanh: sech^2(x)", {}, kAllReals, {}, "tanh",
                 -20, 20, saturation, &oracles::tanh_grad, make_reference<kernels::TanhGrad>()});
}

}  // namespace numstab
