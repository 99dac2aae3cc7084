// --isolate: the kernel under test runs in a child process, so that a kernel
// that crashes or hangs on some input is reported instead of taking numstab down.
#pragma once
#include <cstddef>
#include <stdexcept>
#include <string>

#include "src/formats.hpp"
#include "src/sweep.hpp"

namespace numstab {

// The kernel died (signal) or exceeded the time limit on a block of inputs.
// what() is one line naming the inputs (hexfloat and decimal) and the signal or
// the time limit.
struct KernelFailure : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// The most inputs one child round trip carries; a larger call is run in
// pieces of this size, each "the block" of a failure message.
inline constexpr size_t kIsolatedBlockMax = 4096;

// Wraps `inner` so that every block runs in a child process (one per calling
// thread, forked on first use, restarted after a failure); a block that does
// not finish within `block_seconds` kills the child. Throws KernelFailure.
Kernel isolate_kernel(Kernel inner, Format f, double block_seconds);

}  // namespace numstab
