// Kernels under test from shared libraries: --kernel LIB:SYMBOL --abi scalar|batch.
#pragma once
#include <string>

#include "src/formats.hpp"
#include "src/sweep.hpp"

namespace numstab {

enum class Abi { scalar, batch };
Abi parse_abi(const std::string& name);  // UsageError on anything else

// LIB:SYMBOL -> the symbol's address (dlopen, never closed; dlsym once).
// UsageError, one line, for a malformed spec (`option` names the flag in the
// message), a library that cannot be loaded, or a missing symbol.
void* load_symbol(const std::string& spec, const std::string& option);

// dlopen()s LIB (a path or a name the loader finds) and dlsym()s SYMBOL once;
// the kernel then calls it per element (scalar: T f(T)) or per block (batch:
// void f(const T*, T*, size_t)). T is uint16_t for f16 and bf16.
// Binary ops: T f(T x, T a) and void f(const T* x, const T* a, T* y, size_t n);
// with the second operand fixed by --param (p.back()), `run` passes that value.
// UsageError, with dlerror's words, for a malformed spec, a missing library or symbol.
Kernel load_kernel(const std::string& spec, Abi abi, const OpInfo& op, Format f, const Params& p);

// "reference" or LIB:SYMBOL.
Kernel make_kernel(const std::string& spec, Abi abi, const OpInfo& op, Format f, const Params& p);

}  // namespace numstab
