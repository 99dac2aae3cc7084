// Catalog rows of the reductions and their named algorithms. Kernels:
// src/reduce/{sum,l2norm,variance}.hpp; oracles: oracles/reduce/; bounds:
// src/reduce/bounds.hpp.
#include "src/ops/families.hpp"

namespace numstab {

void add_reduction_ops(std::vector<CompositeOpInfo>& ops) {
  ops.push_back({"sum", OpKind::reduction, "s = sum_i x_i over one vector", {}, {"naive", "pairwise", "kahan"},
                 "Every addition rounded to the format (f16 naive summation is f16 summation). Higham 2002 "
                 "ch. 4: |error| <= gamma_{n-1} sum|x_i| (naive, recursive), gamma_{ceil log2 n} sum|x_i| "
                 "(pairwise, recursive halving), (2u + O(n u^2)) sum|x_i| (kahan; numstab holds it to "
                 "2u + 4 n u^2). gamma_k = k u / (1 - k u) says nothing once k u >= 1 (f16 past n = 2048, "
                 "bf16 past 256). PyTorch's own sums are cascaded (pairwise-like) with float accumulation "
                 "for half types."});
  ops.push_back({"dot", OpKind::reduction, "sum_i x_i y_i over two vectors", {}, {"naive"},
                 "Recursive: |error| <= gamma_n sum|x_i y_i| (Higham (3.5)), plus n times half the "
                 "subnormal spacing for products that underflow."});
  ops.push_back({"l2norm", OpKind::reduction, "sqrt(sum_i x_i^2)", {}, {"naive", "scaled"},
                 "naive: squares overflow for |x_i| > sqrt(largest) (f16: 256) and round to 0 below "
                 "sqrt(smallest subnormal / 2); scaled: divides by the power of two 2^e > max|x_i| "
                 "(exact), sums squares in [0, 1), multiplies back: finite wherever the rounded result is, "
                 "never 0 for a normal result. Relative error <= 1 - sqrt(1 - gamma_n)(1 - u)^2 (plus "
                 "subnormal quotients' absolute error)."});
  ops.push_back({"variance", OpKind::reduction, "sum_i (x_i - mean)^2 / (n - correction) (torch.var)",
                 {{"correction", 1, "torch.var's correction: 1 unbiased (default), 0 biased"}},
                 {"textbook", "two_pass", "welford"},
                 "Chan, Golub & LeVeque 1983, kappa = sqrt(1 + n mean^2 / S): relative error of S "
                 "textbook ~ n kappa^2 u (one pass, sum x^2 - (sum x)^2 / n; numstab's bound with "
                 "constants: (3n + 1) kappa^2 u), two_pass ~ n u + n^2 kappa^2 u^2 (mean from a pairwise "
                 "sum, as NumPy), welford ~ n kappa u (held to (n + 3) kappa u). n - correction <= 0 "
                 "gives NaN (0/0), as torch.var."});
}

}  // namespace numstab
