// Buffers a foreign kernel cannot misuse unseen: it reads copies of its inputs
// and writes into an output buffer fenced by canary pages and PROT_NONE guard
// pages, poisoned with NaN before every call.
#pragma once
#include "src/formats.hpp"
#include "src/sweep.hpp"

namespace numstab {

// Wraps `inner` so that every call runs on guarded per-thread copies:
// - a write before or past the output buffer (within a page) or into the
//   inputs throws KernelFailure naming the kernel's block and how many bytes;
//   a write farther out hits a guard page (SIGSEGV);
// - an output the kernel never wrote reads as NaN, never as a value left over
//   from another call;
// - the floating-point environment (rounding mode, flush-to-zero) is restored
//   after every call, so a kernel that changes it cannot change the judge's
//   arithmetic.
// Run under --isolate, the checks run in the child and reach the parent as its
// KernelFailure.
Kernel guard_kernel(Kernel inner, Format f);

}  // namespace numstab
