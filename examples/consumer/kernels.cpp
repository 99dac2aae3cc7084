// The project's kernels: a good one for each of the matcher's shapes and a
// deliberately bad one (the textbook tanh formula).
#include "kernels.hpp"

#include <cmath>
#include <cstring>

float naive_tanhf(float x) { return 1.0f - 2.0f / (std::exp(2.0f * x) + 1.0f); }

void batch_tanhf(const float* x, float* y, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) y[i] = std::tanh(x[i]);
}

double prelu_quarter(double x) { return x > 0 ? x : 0.25 * x; }

float prelu(float x, float a) { return x > 0 ? x : a * x; }

// bf16 computed in double, rounded to float and then to bf16 (nearest, ties
// to even, NaN kept quiet). Two roundings can miss the nearest bf16 by one
// near a tie: within 1 ULP, not correctly rounded.
namespace {
float from_bf16(std::uint16_t b) {
  const std::uint32_t u = std::uint32_t{b} << 16;
  float f;
  std::memcpy(&f, &u, sizeof f);
  return f;
}
std::uint16_t to_bf16(double v) {
  const float f = static_cast<float>(v);
  std::uint32_t u;
  std::memcpy(&u, &f, sizeof u);
  if (std::isnan(f)) return static_cast<std::uint16_t>((u >> 16) | 0x40);
  u += 0x7fff + ((u >> 16) & 1);
  return static_cast<std::uint16_t>(u >> 16);
}
}  // namespace

std::uint16_t bf16_sigmoid(std::uint16_t x) {
  return to_bf16(1.0 / (1.0 + std::exp(-static_cast<double>(from_bf16(x)))));
}
