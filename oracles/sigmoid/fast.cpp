// sigmoid's fast tier, 1 / (1 + e^-x). Regions:
//   |x| < 2^-20      1/2 + lo, lo = x/4 - x^3/48 (= tanh(x/2)/2 to within
//                    x^5/480, below 2^-86 |lo|): keeps the side of 1/2
//   -700 < x < 1     t / (1 + t), t = e^x, or 1 / (1 + e^-x) for x >= 2^-20
//   1 <= x < 700     1 + lo, lo = -t / (1 + t), t = e^-x: rounds to 1 in f32 past 16.6
//   x >= 700         1 - r, 0 < r < 2^-1000;  x <= -700: 0 < f < 2^-1000
#include <cmath>

#include "oracles/fast_tiers.hpp"

namespace numstab::fast {

void sigmoid(const double* x, size_t n, const Params&, Enclosure* out) {
  for (size_t i = 0; i < n; ++i) {
    const double v = x[i], a = std::fabs(v);
    if (a < 0x1p-20) {
      out[i] = enclose_anchored(0.5, v / 4 - v * v * v / 48);
    } else if (v <= -700) {
      out[i] = enclose_beyond(0, 0x1p-1000);
    } else if (v < 0) {
      const double t = std::exp(v);
      out[i] = enclose(t / (1 + t));
    } else if (v < 1) {
      out[i] = enclose(1 / (1 + std::exp(-v)));
    } else if (v < 700) {
      const double t = std::exp(-v);
      out[i] = enclose_anchored(1, -t / (1 + t));
    } else {
      out[i] = enclose_beyond(1, -0x1p-1000);
    }
  }
}

}  // namespace numstab::fast
