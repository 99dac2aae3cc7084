// tanh's fast tier. Regions (relative bound kFastTierRelativeBound on the
// non-anchored part):
//   |x| < 2^-13      x + lo, lo = -x^3/3 + 2x^5/15 (alternating series; the
//                    remainder 17|x|^7/315 is below 2^-54 |lo|): tanhf(x) = x there,
//                    and the error x^3/3 is resolved, never 0
//   2^-13 <= |x| < 8 glibc tanh (documented <= 2 ULP in double)
//   8 <= |x| < 350   +-1 + lo, lo = -+2t/(1 + t), t = e^(-2|x|): tanh rounds to +-1
//                    in f32 beyond 9.01, and the distance to 1 keeps its sign
//   |x| >= 350       +-(1 - r), 0 < r < 2^-1000 (2 e^-700 < 2^-1009)
#include <cmath>

#include "oracles/fast_tiers.hpp"

namespace numstab::fast {

void tanh(const double* x, size_t n, const Params&, Enclosure* out) {
  for (size_t i = 0; i < n; ++i) {
    const double v = x[i], a = std::fabs(v);
    if (a < 0x1p-13) {
      // Rounded constants, no division (the hot region of an exhaustive sweep):
      // a few units of 2^-53 relative, far inside the stated bound.
      const double v2 = v * v, v3 = v2 * v;
      out[i] = enclose_anchored(v, v3 * (-1.0 / 3 + v2 * (2.0 / 15)));
    } else if (a < 8) {
      out[i] = enclose(std::tanh(v));
    } else if (a < 350) {
      const double t = std::exp(-2 * a);
      out[i] = enclose_anchored(std::copysign(1.0, v), std::copysign(2 * t / (1 + t), -v));
    } else {
      out[i] = enclose_beyond(std::copysign(1.0, v), std::copysign(0x1p-1000, -v));
    }
  }
}

}  // namespace numstab::fast
