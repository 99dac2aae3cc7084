#include "src/init/initialisers.hpp"

#include <cmath>

#include <fmt/format.h>

#include "src/catalog.hpp"
#include "src/errors.hpp"

namespace numstab::init {

namespace {
double param_at(const Params& p, size_t i, double fallback) { return i < p.size() ? p[i] : fallback; }
}  // namespace

InitialiserSpec initialiser_spec(std::string_view name, const Params& params, int fan_in, int fan_out) {
  if (fan_in <= 0 || fan_out <= 0)
    throw UsageError(fmt::format("{}: fan_in and fan_out must be positive", name));
  InitialiserSpec s;
  s.name = std::string(name);
  const double fan_sum = static_cast<double>(fan_in) + fan_out;
  if (name == "xavier_uniform" || name == "xavier_normal") {
    // torch.nn.init.xavier_*_: std = gain sqrt(2 / (fan_in + fan_out)).
    s.std_dev = param_at(params, 0, 1.0) * std::sqrt(2.0 / fan_sum);
    s.distribution = name == "xavier_uniform" ? Distribution::uniform : Distribution::normal;
  } else if (name == "he_uniform" || name == "he_normal") {
    // torch.nn.init.kaiming_*_(a, mode, nonlinearity='leaky_relu'):
    // gain = sqrt(2 / (1 + a^2)), std = gain / sqrt(fan).
    const double a = param_at(params, 0, 0.0);
    const double mode = param_at(params, 1, 0.0);
    if (mode != 0 && mode != 1) throw UsageError(fmt::format("{}: mode must be 0 (fan_in) or 1 (fan_out)", name));
    const double fan = mode == 0 ? fan_in : fan_out;
    s.std_dev = std::sqrt(2.0 / (1 + a * a)) / std::sqrt(fan);
    s.distribution = name == "he_uniform" ? Distribution::uniform : Distribution::normal;
  } else if (name == "lecun_normal") {
    // N(0, gain^2 / fan_in): kaiming_normal_(nonlinearity='linear'), the
    // initialisation PyTorch's docs give for SELU networks.
    s.std_dev = param_at(params, 0, 1.0) / std::sqrt(static_cast<double>(fan_in));
    s.distribution = Distribution::normal;
  } else {
    // Names the catalog's initialisers (or says there are none of that name).
    require_composite(name, OpKind::initialiser);
    throw UsageError(fmt::format("initialiser '{}' has no kernel", name));
  }
  if (s.distribution == Distribution::uniform) s.bound = std::sqrt(3.0) * s.std_dev;
  return s;
}

Eigen::MatrixXd draw_weights(const InitialiserSpec& spec, int fan_out, int fan_in, dynamics::Rng& rng) {
  Eigen::MatrixXd w(fan_out, fan_in);
  for (int j = 0; j < fan_in; ++j)
    for (int i = 0; i < fan_out; ++i)
      w(i, j) = spec.distribution == Distribution::uniform ? rng.uniform(-spec.bound, spec.bound)
                                                           : spec.std_dev * rng.normal();
  return w;
}

Eigen::MatrixXd initialise(std::string_view name, const Params& params, int fan_out, int fan_in,
                           dynamics::Rng& rng) {
  return draw_weights(initialiser_spec(name, params, fan_in, fan_out), fan_out, fan_in, rng);
}

}  // namespace numstab::init
