#include "src/dynamics/depth.hpp"

#include <cmath>

#include <Eigen/Dense>
#include <fmt/format.h>

#include "src/dynamics/random.hpp"
#include "src/errors.hpp"
#include "src/init/initialisers.hpp"

namespace numstab::dynamics {

namespace {

// SELU's constants (Klambauer et al. 2017), as in the catalog's selu row.
constexpr double kSeluAlpha = 1.6732632423543772848170429916717;
constexpr double kSeluScale = 1.0507009873554804934193349852946;

double activate(Nonlinearity n, double h) {
  switch (n) {
    case Nonlinearity::linear: return h;
    case Nonlinearity::relu: return h > 0 ? h : 0;
    case Nonlinearity::tanh: return std::tanh(h);
    case Nonlinearity::selu: break;
  }
  return kSeluScale * (h > 0 ? h : kSeluAlpha * std::expm1(h));
}

double derivative(Nonlinearity n, double h) {
  switch (n) {
    case Nonlinearity::linear: return 1;
    case Nonlinearity::relu: return h > 0 ? 1 : 0;
    case Nonlinearity::tanh: {
      const double t = std::tanh(h);
      return 1 - t * t;
    }
    case Nonlinearity::selu: break;
  }
  return kSeluScale * (h > 0 ? 1 : kSeluAlpha * std::exp(h));
}

Eigen::MatrixXd layer_weights(const DepthConfig& c, int layer) {
  Rng rng(c.seed, 1000 + static_cast<uint64_t>(layer));  // one stream per layer
  if (!c.initialiser.empty()) return init::initialise(c.initialiser, c.initialiser_params, c.width, c.width, rng);
  init::InitialiserSpec spec;
  spec.std_dev = std::sqrt(c.variance_scale / c.width);
  return init::draw_weights(spec, c.width, c.width, rng);
}

double mean_square(const Eigen::MatrixXd& m) { return m.squaredNorm() / static_cast<double>(m.size()); }

}  // namespace

Nonlinearity parse_nonlinearity(const std::string& name) {
  for (Nonlinearity n : {Nonlinearity::linear, Nonlinearity::relu, Nonlinearity::tanh, Nonlinearity::selu})
    if (name == nonlinearity_name(n)) return n;
  throw UsageError(fmt::format("unknown nonlinearity '{}' (known: linear, relu, tanh, selu)", name));
}

const char* nonlinearity_name(Nonlinearity n) {
  switch (n) {
    case Nonlinearity::linear: return "linear";
    case Nonlinearity::relu: return "relu";
    case Nonlinearity::tanh: return "tanh";
    case Nonlinearity::selu: break;
  }
  return "selu";
}

DepthCurves run_depth(const DepthConfig& c) {
  // One thread for Eigen's products: the same bits on every run (a threaded
  // GEMM may split sums differently) and no oversubscription of the cores the
  // suites and the report already share out.
  struct SingleThread {
    int saved = Eigen::nbThreads();
    SingleThread() { Eigen::setNbThreads(1); }
    ~SingleThread() { Eigen::setNbThreads(saved); }
  } single_thread;
  if (c.width < 1 || c.depth < 1 || c.batch < 1) throw UsageError("depth experiment: width, depth, batch must be >= 1");
  const auto layers = static_cast<size_t>(c.depth) + 1;
  DepthCurves out;
  out.pre_second_moment.assign(layers, 0);
  out.post_mean.assign(layers, 0);
  out.post_variance.assign(layers, 0);
  out.gradient_rms.assign(layers, 0);

  Rng input_rng(c.seed, 1);
  Eigen::MatrixXd activation(c.width, c.batch);
  for (int j = 0; j < c.batch; ++j)
    for (int i = 0; i < c.width; ++i)
      activation(i, j) = c.input_mean + std::sqrt(c.input_variance) * input_rng.normal();
  const auto record_post = [&](size_t l, const Eigen::MatrixXd& a) {
    const double mean = a.mean();
    out.post_mean[l] = mean;
    out.post_variance[l] = mean_square(a) - mean * mean;
  };
  out.pre_second_moment[0] = mean_square(activation);
  record_post(0, activation);

  std::vector<Eigen::MatrixXd> weights, pre;  // kept for the backward pass
  for (int l = 1; l <= c.depth; ++l) {
    Eigen::MatrixXd w = layer_weights(c, l);
    Eigen::MatrixXd h = w * activation;
    out.pre_second_moment[l] = mean_square(h);
    activation = h.unaryExpr([&](double v) { return activate(c.nonlinearity, v); });
    record_post(l, activation);
    if (c.backward) {
      weights.push_back(std::move(w));
      pre.push_back(std::move(h));
    }
  }
  if (!c.backward) return out;

  Rng readout_rng(c.seed, 2);
  Eigen::MatrixXd delta(c.width, c.batch);  // dL/dh_depth
  for (int j = 0; j < c.batch; ++j)
    for (int i = 0; i < c.width; ++i) delta(i, j) = readout_rng.normal();
  const double top = std::sqrt(mean_square(delta));
  out.gradient_rms[layers - 1] = 1;
  for (int l = c.depth; l >= 2; --l) {
    const Eigen::MatrixXd& h_below = pre[static_cast<size_t>(l - 2)];
    Eigen::MatrixXd back = weights[static_cast<size_t>(l - 1)].transpose() * delta;
    delta = back.cwiseProduct(h_below.unaryExpr([&](double v) { return derivative(c.nonlinearity, v); }));
    out.gradient_rms[static_cast<size_t>(l - 1)] = std::sqrt(mean_square(delta)) / top;
  }
  return out;
}

double log_growth_per_layer(const std::vector<double>& values, int first, int last) {
  double n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (int l = first; l <= last; ++l) {
    const double y = std::log(values[static_cast<size_t>(l)]);
    n += 1;
    sx += l;
    sy += y;
    sxx += static_cast<double>(l) * l;
    sxy += l * y;
  }
  return (n * sxy - sx * sy) / (n * sxx - sx * sx);
}

double mean_ratio_growth(const std::vector<std::vector<double>>& curves, int first, int last, int power) {
  double sum = 0, count = 0;
  for (const auto& v : curves)
    for (int l = first; l < last; ++l) {
      sum += std::pow(v[static_cast<size_t>(l + 1)] / v[static_cast<size_t>(l)], power);
      count += 1;
    }
  return std::log(sum / count);
}

std::optional<int> gradient_blowup_depth(const DepthCurves& curves, double factor) {
  const int depth = static_cast<int>(curves.gradient_rms.size()) - 1;
  for (int k = 0; k < depth; ++k) {
    const double g = curves.gradient_rms[static_cast<size_t>(depth - k)];
    if (!(g <= factor && g >= 1 / factor)) return k;
  }
  return std::nullopt;
}

}  // namespace numstab::dynamics
