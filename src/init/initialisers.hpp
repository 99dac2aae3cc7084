// Weight initialisers with PyTorch's formulas (torch.nn.init), seeded and
// deterministic. A weight matrix is (fan_out x fan_in), like nn.Linear.weight.
#pragma once
#include <string>
#include <string_view>

#include <Eigen/Dense>

#include "src/dynamics/random.hpp"
#include "src/params.hpp"

namespace numstab::init {

enum class Distribution { uniform, normal };

// What an initialiser draws from: U(-bound, bound) or N(0, std_dev^2).
struct InitialiserSpec {
  std::string name{};
  Distribution distribution = Distribution::normal;
  double std_dev = 0;  // the standard deviation of the weights, in both cases
  double bound = 0;    // uniform only: sqrt(3) std_dev
};

// Params in the order of the catalog row (src/ops/initialisers.cpp):
//   xavier_uniform, xavier_normal: gain
//   he_uniform, he_normal: a (leaky_relu negative slope; 0 = relu), mode (0 fan_in, 1 fan_out)
//   lecun_normal: gain
// UsageError for an unknown initialiser.
InitialiserSpec initialiser_spec(std::string_view name, const Params& params, int fan_in, int fan_out);

// A (fan_out x fan_in) matrix drawn from the spec, column by column from `rng`.
Eigen::MatrixXd draw_weights(const InitialiserSpec& spec, int fan_out, int fan_in, dynamics::Rng& rng);

// initialiser_spec + draw_weights with the catalog row's parameters.
Eigen::MatrixXd initialise(std::string_view name, const Params& params, int fan_out, int fan_in,
                           dynamics::Rng& rng);

}  // namespace numstab::init
