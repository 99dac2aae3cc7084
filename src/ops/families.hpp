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

// Composite ops (src/catalog.hpp: CompositeOpInfo), one file each.
void add_vector_ops(std::vector<CompositeOpInfo>& ops);         // softmax, log_softmax, logsumexp
void add_loss_ops(std::vector<CompositeOpInfo>& ops);           // mse, l1, huber, bce, ...
void add_normalisation_ops(std::vector<CompositeOpInfo>& ops);  // batchnorm, layernorm, rmsnorm
void add_reduction_ops(std::vector<CompositeOpInfo>& ops);      // sum, dot, l2norm, variance
void add_optimizer_ops(std::vector<CompositeOpInfo>& ops);      // sgd, adagrad, ..., nadam
void add_initialiser_ops(std::vector<CompositeOpInfo>& ops);    // xavier_*, he_*, lecun_normal
void add_training_ops(std::vector<CompositeOpInfo>& ops);       // clip_grad_*, loss scaling

inline const char kAllReals[] = "all reals";
}  // namespace numstab
