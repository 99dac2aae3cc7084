#include "src/loader.hpp"

#include <dlfcn.h>

#include <fmt/format.h>

#include "src/errors.hpp"

namespace numstab {

Abi parse_abi(const std::string& name) {
  if (name == "scalar") return Abi::scalar;
  if (name == "batch") return Abi::batch;
  throw UsageError(fmt::format("unknown --abi '{}' (expected scalar or batch)", name));
}

Kernel load_kernel(const std::string& spec, Abi abi, Format f) {
  const auto colon = spec.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == spec.size())
    throw UsageError(fmt::format("--kernel '{}' is neither 'reference' nor LIB:SYMBOL", spec));
  const std::string lib = spec.substr(0, colon), symbol = spec.substr(colon + 1);
  // Never closed: the kernel may be called until the process ends.
  void* handle = dlopen(lib.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!handle) throw UsageError(fmt::format("cannot load library '{}': {}", lib, dlerror()));
  dlerror();
  void* sym = dlsym(handle, symbol.c_str());
  if (const char* err = dlerror(); err || !sym)
    throw UsageError(fmt::format("no symbol '{}' in '{}'{}{}", symbol, lib, err ? ": " : "", err ? err : ""));
  return dispatch(f, [&](auto tag) {
    using S = typename decltype(tag)::Storage;
    if (abi == Abi::scalar) {
      auto fn = reinterpret_cast<S (*)(S)>(sym);
      return Kernel{spec, [fn](const void* x, void* y, size_t n) {
                      const S* in = static_cast<const S*>(x);
                      S* out = static_cast<S*>(y);
                      for (size_t i = 0; i < n; ++i) out[i] = fn(in[i]);
                    }};
    }
    auto fn = reinterpret_cast<void (*)(const S*, S*, size_t)>(sym);
    return Kernel{spec, [fn](const void* x, void* y, size_t n) {
                    fn(static_cast<const S*>(x), static_cast<S*>(y), n);
                  }};
  });
}

Kernel make_kernel(const std::string& spec, Abi abi, const OpInfo& op, Format f, const Params& p) {
  if (spec == "reference") return reference_kernel(op, f, p);
  return load_kernel(spec, abi, f);
}

}  // namespace numstab
