// Reference PReLU and its partial derivatives; the slope a is p.back().
#pragma once
#include <cmath>
#include <type_traits>

#include "src/params.hpp"

namespace numstab::kernels {

struct Prelu {
  template <class W>
  static W eval(W x, const Params& p) {
    if (x > 0) return x;
    // a x of two values of the format: exact in double for f32, f16, bf16; for
    // f64 a double product is correctly rounded, while going through long
    // double would round twice.
    if constexpr (std::is_same_v<W, long double>) return p.back() * static_cast<double>(x);
    else return static_cast<W>(p.back()) * x;
  }
};

struct PreluGradX {
  template <class W>
  static W eval(W x, const Params& p) {
    if (std::isnan(x)) return x;
    return x > 0 ? W(1) : static_cast<W>(p.back());
  }
};

struct PreluGradA {
  template <class W>
  static W eval(W x, const Params&) {
    return x > 0 ? W(0) : x;
  }
};

}  // namespace numstab::kernels
