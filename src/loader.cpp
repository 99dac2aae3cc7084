#include "src/loader.hpp"

#include <dlfcn.h>
#include <link.h>

#include <vector>

#include <fmt/format.h>

#include "src/errors.hpp"

namespace numstab {

Abi parse_abi(const std::string& name) {
  if (name == "scalar") return Abi::scalar;
  if (name == "batch") return Abi::batch;
  throw UsageError(fmt::format("unknown --abi '{}' (expected scalar or batch)", name));
}

namespace {
// Unary ABIs.
template <class S>
Kernel unary_kernel(const std::string& name, void* sym, Abi abi) {
  if (abi == Abi::scalar) {
    auto fn = reinterpret_cast<S (*)(S)>(sym);
    return {name, [fn](const void* x, void* y, size_t n) {
              const S* in = static_cast<const S*>(x);
              S* out = static_cast<S*>(y);
              for (size_t i = 0; i < n; ++i) out[i] = fn(in[i]);
            }, nullptr};
  }
  auto fn = reinterpret_cast<void (*)(const S*, S*, size_t)>(sym);
  return {name, [fn](const void* x, void* y, size_t n) {
            fn(static_cast<const S*>(x), static_cast<S*>(y), n);
          }, nullptr};
}

// Binary ABIs; `run` repeats the fixed second operand.
template <class Tag>
Kernel binary_kernel(const std::string& name, void* sym, Abi abi, double fixed_second) {
  using S = typename Tag::Storage;
  Kernel k{name, nullptr, nullptr};
  if (abi == Abi::scalar) {
    auto fn = reinterpret_cast<S (*)(S, S)>(sym);
    k.run2 = [fn](const void* x, const void* a, void* y, size_t n) {
      const S* xs = static_cast<const S*>(x);
      const S* as = static_cast<const S*>(a);
      S* out = static_cast<S*>(y);
      for (size_t i = 0; i < n; ++i) out[i] = fn(xs[i], as[i]);
    };
  } else {
    auto fn = reinterpret_cast<void (*)(const S*, const S*, S*, size_t)>(sym);
    k.run2 = [fn](const void* x, const void* a, void* y, size_t n) {
      fn(static_cast<const S*>(x), static_cast<const S*>(a), static_cast<S*>(y), n);
    };
  }
  const S a_value = Tag::from_bits(static_cast<typename Tag::Bits>(double_to_bits(
      Tag::format, Tag::format == Format::f64 ? fixed_second : round_double_to(spec(Tag::format), fixed_second))));
  k.run = [run2 = k.run2, a_value](const void* x, void* y, size_t n) {
    std::vector<S> a(n, a_value);
    run2(x, a.data(), y, n);
  };
  return k;
}
}  // namespace

void* load_symbol(const std::string& spec, const std::string& option) {
  const auto colon = spec.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == spec.size())
    throw UsageError(fmt::format("{} '{}' is neither 'reference' nor LIB:SYMBOL", option, spec));
  const std::string lib = spec.substr(0, colon), symbol = spec.substr(colon + 1);
  // dlerror's text is kept to one line, as every error of the CLI.
  const auto one_line = [](std::string s) {
    for (char& c : s)
      if (c == '\n' || c == '\r') c = ' ';
    return s;
  };
  // Never closed: the kernel may be called until the process ends.
  void* handle = dlopen(lib.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!handle) throw UsageError(one_line(fmt::format("cannot load library '{}': {}", lib, dlerror())));
  dlerror();
  void* sym = dlsym(handle, symbol.c_str());
  if (const char* err = dlerror(); err || !sym)
    throw UsageError(
        one_line(fmt::format("no symbol '{}' in '{}'{}{}", symbol, lib, err ? ": " : "", err ? err : "")));
  // Calling a table or a variable would crash (or run its bytes): its symbol
  // says what it is.
  Dl_info info{};
  void* entry = nullptr;
  if (dladdr1(sym, &info, &entry, RTLD_DL_SYMENT) && entry) {
    const unsigned type = ELF64_ST_TYPE(static_cast<const ElfW(Sym)*>(entry)->st_info);
    if (type == STT_OBJECT || type == STT_TLS || type == STT_COMMON)
      throw UsageError(fmt::format("{} '{}': '{}' in '{}' is a data object, not a function", option, spec, symbol, lib));
  }
  return sym;
}

Kernel load_kernel(const std::string& spec, Abi abi, const OpInfo& op, Format f, const Params& p) {
  void* sym = load_symbol(spec, "--kernel");
  return dispatch(f, [&](auto tag) {
    using Tag = decltype(tag);
    if (op.is_binary()) return binary_kernel<Tag>(spec, sym, abi, p.back());
    return unary_kernel<typename Tag::Storage>(spec, sym, abi);
  });
}

Kernel make_kernel(const std::string& spec, Abi abi, const OpInfo& op, Format f, const Params& p) {
  if (spec == "reference") return reference_kernel(op, f, p);
  return load_kernel(spec, abi, op, f, p);
}

}  // namespace numstab
