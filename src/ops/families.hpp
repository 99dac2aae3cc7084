// Each family of ops adds its catalog entries from its own file in src/ops/.
#pragma once
#include <vector>

#include "src/catalog.hpp"

namespace numstab {
void add_elementary_ops(std::vector<OpInfo>& ops);  // exp, log, expm1, log1p, erf, erfc
void add_tanh_ops(std::vector<OpInfo>& ops);        // tanh, softsign, mish, gelu_tanh
void add_sigmoid_ops(std::vector<OpInfo>& ops);     // sigmoid, log_sigmoid, softplus, silu
void add_gelu_ops(std::vector<OpInfo>& ops);        // gelu (erf form)
void add_piecewise_ops(std::vector<OpInfo>& ops);   // relu, relu6, leaky_relu, hardtanh, hardsigmoid, hardswish
void add_prelu_ops(std::vector<OpInfo>& ops);       // prelu(x, a) and its partial derivatives
void add_elu_ops(std::vector<OpInfo>& ops);         // elu, selu, celu

inline const char kAllReals[] = "all reals";
}  // namespace numstab
