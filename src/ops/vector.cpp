// Catalog rows of the vector ops (softmax, log_softmax, logsumexp). Kernels:
// src/vecops/softmax.hpp; oracles: oracles/vecops/; bounds: src/vecops/bounds.hpp.
#include "src/ops/families.hpp"

namespace numstab {

namespace {
const char kNonFinite[] =
    " Non-finite rows follow PyTorch: softmax and log_softmax subtract the row maximum, so an "
    "all -inf row or a row holding +inf is NaN in every component; NaN anywhere gives NaN.";
}  // namespace

void add_vector_ops(std::vector<CompositeOpInfo>& ops) {
  // PyTorch's only parameter is `dim` (which axis); numstab's vectors are one row.
  ops.push_back({"softmax", OpKind::vector, "y_i = e^(x_i) / sum_j e^(x_j) over one vector",
                 {}, {"shifted", "unshifted"},
                 std::string("shifted: e^(x_i - max) / sum_j e^(x_j - max) (Blanchard, Higham & "
                             "Higham 2021: componentwise relative error <= (n + 2 + 2(x_max - "
                             "x_min)) u, first order); unshifted overflows once e^(x_max) exceeds "
                             "the largest finite value. VJP: dx = y * (dy - <dy, y>).") +
                     kNonFinite});
  ops.push_back({"log_softmax", OpKind::vector, "z_i = x_i - log sum_j e^(x_j) over one vector",
                 {}, {"shifted", "unshifted"},
                 std::string("shifted: (x_i - max) - log sum_j e^(x_j - max); absolute error <= "
                             "(2|z_i| + n + x_max - x_min) u, first order (numstab's analysis, "
                             "src/vecops/bounds.hpp). VJP: dx = dy - softmax(x) sum_j dy_j.") +
                     kNonFinite});
  ops.push_back({"logsumexp", OpKind::vector, "y = log sum_i e^(x_i) over one vector",
                 {}, {"shifted", "unshifted"},
                 "shifted: max + log sum_i e^(x_i - max) (Blanchard, Higham & Higham 2021: "
                 "relative error <= |(y + n - x_min)/y| u, first order, plus u for the final "
                 "rounding of max + log s); unshifted overflows once e^(x_max) exceeds the largest "
                 "finite value. VJP: dx = dy * softmax(x). Non-finite rows follow torch.logsumexp: "
                 "an infinite maximum is replaced by 0 before shifting, so an all -inf row gives "
                 "-inf and a row holding +inf gives +inf; NaN anywhere gives NaN."});
}

}  // namespace numstab
