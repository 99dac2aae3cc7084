// Internal to src/frameworks/: the ATen dtype of a numstab format, shared by
// the elementwise (torch.cpp) and vector (torch_vector.cpp) torch kernels.
#pragma once
#include <c10/core/ScalarType.h>

#include "src/formats.hpp"

namespace numstab::frameworks {
inline c10::ScalarType torch_dtype(Format f) {
  switch (f) {
    case Format::f64: return c10::kDouble;
    case Format::f32: return c10::kFloat;
    case Format::f16: return c10::kHalf;
    case Format::bf16: return c10::kBFloat16;
  }
  return c10::kFloat;
}
}  // namespace numstab::frameworks
