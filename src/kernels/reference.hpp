// Turns a formula in a wide type into batch reference kernels for each format.
#pragma once
#include <cstddef>

#include "src/formats.hpp"
#include "src/params.hpp"

namespace numstab {

// Batch ABI of the design, on the format's storage type (uint16_t bit patterns
// for f16 and bf16).
template <class Tag>
using BatchFn = void (*)(const typename Tag::Storage* x, typename Tag::Storage* y, size_t n);
// A reference kernel also takes the op's parameters.
template <class Tag>
using RefBatchFn = void (*)(const typename Tag::Storage* x, typename Tag::Storage* y, size_t n,
                            const Params& p);

// Widen exactly, evaluate the formula, round once into the format.
template <class Formula, class Tag>
void reference_batch(const typename Tag::Storage* x, typename Tag::Storage* y, size_t n,
                     const Params& p) {
  for (size_t i = 0; i < n; ++i) y[i] = Tag::from_wide(Formula::eval(Tag::to_wide(x[i]), p));
}

struct ReferenceKernels {
  RefBatchFn<F64> f64;
  RefBatchFn<F32> f32;
  RefBatchFn<F16> f16;
  RefBatchFn<BF16> bf16;

  template <class Tag>
  RefBatchFn<Tag> get() const {
    if constexpr (Tag::format == Format::f64) return f64;
    else if constexpr (Tag::format == Format::f32) return f32;
    else if constexpr (Tag::format == Format::f16) return f16;
    else return bf16;
  }
};

template <class Formula>
constexpr ReferenceKernels make_reference() {
  return {&reference_batch<Formula, F64>, &reference_batch<Formula, F32>,
          &reference_batch<Formula, F16>, &reference_batch<Formula, BF16>};
}

}  // namespace numstab
