// Catalog rows of the weight initialisers (torch.nn.init formulas; kernels in
// src/init/initialisers.cpp, depth experiments in src/dynamics/depth.cpp).
#include "src/ops/families.hpp"

namespace numstab {

void add_initialiser_ops(std::vector<CompositeOpInfo>& ops) {
  const std::string shape = " Weights are (fan_out x fan_in) like nn.Linear.weight; seeded draws "
                            "(std::mt19937_64, Marsaglia's polar method), identical on every platform.";
  ops.push_back({"xavier_uniform", OpKind::initialiser,
                 "Glorot uniform: U(-a, a), a = gain sqrt(6 / (fan_in + fan_out))",
                 {{"gain", 1.0, "scale factor (torch.nn.init.calculate_gain)"}},
                 {},
                 "torch.nn.init.xavier_uniform_; Var(w) = gain^2 2 / (fan_in + fan_out)." + shape});
  ops.push_back({"xavier_normal", OpKind::initialiser,
                 "Glorot normal: N(0, std^2), std = gain sqrt(2 / (fan_in + fan_out))",
                 {{"gain", 1.0, "scale factor (torch.nn.init.calculate_gain)"}},
                 {},
                 "torch.nn.init.xavier_normal_ (untruncated)." + shape});
  ops.push_back({"he_uniform", OpKind::initialiser,
                 "Kaiming uniform: U(-b, b), b = sqrt(3) gain / sqrt(fan), gain = sqrt(2 / (1 + a^2))",
                 {{"a", 0.0, "negative slope of the leaky_relu that follows (0: relu)"},
                  {"mode", 0.0, "0: fan_in (keeps forward variance), 1: fan_out (keeps backward)"}},
                 {},
                 "torch.nn.init.kaiming_uniform_ with nonlinearity='leaky_relu' (PyTorch's default; "
                 "a = 0 is the relu gain sqrt(2)); Var(w) = 2 / ((1 + a^2) fan)." + shape});
  ops.push_back({"he_normal", OpKind::initialiser,
                 "Kaiming normal: N(0, std^2), std = gain / sqrt(fan), gain = sqrt(2 / (1 + a^2))",
                 {{"a", 0.0, "negative slope of the leaky_relu that follows (0: relu)"},
                  {"mode", 0.0, "0: fan_in (keeps forward variance), 1: fan_out (keeps backward)"}},
                 {},
                 "torch.nn.init.kaiming_normal_ with nonlinearity='leaky_relu' (untruncated)." + shape});
  ops.push_back({"lecun_normal", OpKind::initialiser,
                 "LeCun normal: N(0, gain^2 / fan_in)",
                 {{"gain", 1.0, "scale factor"}},
                 {},
                 "Not a torch.nn.init function: PyTorch's docs give kaiming_normal_(nonlinearity='linear') "
                 "= N(0, 1/fan_in) for SELU networks, which this is (untruncated; Keras and JAX truncate "
                 "at 2 std and rescale to the same variance)." + shape});
}

}  // namespace numstab
