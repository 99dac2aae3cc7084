// Seeded random numbers that are the same on every platform: std::mt19937_64
// is specified bit for bit by the standard, but std::uniform_real_distribution
// and std::normal_distribution are not, so the draws are made here.
#pragma once
#include <cmath>
#include <cstdint>
#include <random>

#include <Eigen/Dense>

namespace numstab::dynamics {

class Rng {
 public:
  explicit Rng(uint64_t seed) : engine_(seed) {}
  // A stream of its own for (seed, stream): layers, data sets and matrices
  // draw from separate streams so that one never shifts another.
  Rng(uint64_t seed, uint64_t stream) : engine_(mix(seed) ^ mix(stream + 0x9e3779b97f4a7c15ull)) {}

  // Uniform on [0, 1) with 53 random bits.
  double uniform01() { return static_cast<double>(engine_() >> 11) * 0x1p-53; }
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform01(); }
  // Standard normal by Marsaglia's polar method (both values used): no
  // trigonometry, so weight matrices are cheap to draw.
  double normal() {
    if (has_spare_) {
      has_spare_ = false;
      return spare_;
    }
    double u = 0, v = 0, r2 = 0;
    do {
      u = 2 * uniform01() - 1;
      v = 2 * uniform01() - 1;
      r2 = u * u + v * v;
    } while (r2 >= 1 || r2 == 0);
    const double factor = std::sqrt(-2 * std::log(r2) / r2);
    spare_ = v * factor;
    has_spare_ = true;
    return u * factor;
  }
  // Log-uniform on [lo, hi] (lo > 0).
  double log_uniform(double lo, double hi) { return std::exp(uniform(std::log(lo), std::log(hi))); }

 private:
  static uint64_t mix(uint64_t z) {  // SplitMix64's finaliser
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }
  std::mt19937_64 engine_;
  double spare_ = 0;
  bool has_spare_ = false;
};

// A Haar-random orthogonal matrix: QR of a Gaussian matrix with the signs of
// R's diagonal moved into Q (Mezzadri 2007), so Q does not depend on the QR
// implementation's sign convention.
inline Eigen::MatrixXd random_orthogonal(int n, Rng& rng) {
  Eigen::MatrixXd g(n, n);
  for (int j = 0; j < n; ++j)
    for (int i = 0; i < n; ++i) g(i, j) = rng.normal();
  Eigen::HouseholderQR<Eigen::MatrixXd> qr(g);
  Eigen::MatrixXd q = qr.householderQ() * Eigen::MatrixXd::Identity(n, n);
  const Eigen::MatrixXd r = qr.matrixQR().triangularView<Eigen::Upper>();
  for (int j = 0; j < n; ++j)
    if (r(j, j) < 0) q.col(j) = -q.col(j);
  return q;
}

}  // namespace numstab::dynamics
