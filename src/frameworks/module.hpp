// The framework kernels live in a module of their own (numstab_frameworks.so,
// which links libtorch and oneDNN), loaded with dlopen the first time a
// framework is named: a run that names none does not pay libtorch's start-up
// (0.6 s and 276 more shared objects, measured on `numstab list`). Host and
// module are built together by the same compiler, so the table passes C++
// types; the version guards against a module left over from another build.
#pragma once
#include "src/frameworks/entry_points.hpp"

namespace numstab::frameworks {

inline constexpr int kModuleVersion = 1;
inline constexpr const char* kModuleEntry = "numstab_frameworks_module";
inline constexpr const char* kModuleFile = "numstab_frameworks.so";

struct ModuleTable {
  int version;
  Framework (*torch_framework)();
  Kernel (*torch_kernel)(const OpInfo& op, Format f, const Params& p, const Options& options);
  VectorKernels (*torch_vector_kernels)(const std::string& op, Format f, const std::string& isa);
  Framework (*onednn_framework)();
  Kernel (*onednn_kernel)(const OpInfo& op, Format f, const Params& p, const Options& options);
  VectorKernels (*onednn_vector_kernels)(const std::string& op, Format f, const std::string& isa);
};

// The module's table, loaded once per process; UsageError (one line) naming the
// paths tried and dlerror's reason when the module cannot be loaded.
const ModuleTable& module();
// The file it was loaded from (named in `numstab list --kernels`).
const std::string& module_path();

}  // namespace numstab::frameworks
