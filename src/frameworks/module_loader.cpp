// Finds and loads numstab_frameworks.so (module.hpp): the file named by
// NUMSTAB_FRAMEWORKS_MODULE if set (and only it), else the one beside an
// installed numstab (<prefix>/<libdir>/numstab/), else where this build tree
// made it.
#include <dlfcn.h>

#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <vector>

#include <fmt/format.h>

#include "src/frameworks/module.hpp"

namespace numstab::frameworks {

namespace {

std::vector<std::string> module_candidates() {
  if (const char* chosen = std::getenv("NUMSTAB_FRAMEWORKS_MODULE"); chosen != nullptr && *chosen != 0)
    return {chosen};
  std::vector<std::string> paths;
  std::error_code ec;
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) paths.push_back((exe.parent_path().parent_path() / NUMSTAB_INSTALL_LIBDIR / "numstab" / kModuleFile).string());
  paths.push_back(NUMSTAB_FRAMEWORKS_MODULE_BUILT);
  return paths;
}

struct Loaded {
  const ModuleTable* table;
  std::string path;
};

Loaded load_module() {
  std::string tried;
  for (const auto& path : module_candidates()) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) {
      tried += (tried.empty() ? "" : "; ") + path + ": no such file";
      continue;
    }
    // RTLD_LOCAL: libtorch's and oneDNN's symbols stay out of the kernels
    // numstab loads later with dlopen. Never closed: the kernels it returns
    // hold its code.
    void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (handle == nullptr) {
      const char* why = dlerror();
      tried += (tried.empty() ? "" : "; ") + path + ": " + (why ? why : "dlopen failed");
      continue;
    }
    using Entry = const ModuleTable* (*)();
    const auto entry = reinterpret_cast<Entry>(dlsym(handle, kModuleEntry));
    const ModuleTable* table = entry ? entry() : nullptr;
    if (table == nullptr || table->version != kModuleVersion) {
      tried += (tried.empty() ? "" : "; ") + path + ": not a numstab frameworks module of version " +
               std::to_string(kModuleVersion);
      continue;
    }
    return {table, path};
  }
  throw UsageError(fmt::format("framework kernels unavailable: cannot load {} ({})", kModuleFile, tried));
}

// A failed load is retried on the next call (and fails again with its reason).
const Loaded& loaded() {
  static std::mutex mutex;
  static Loaded done{nullptr, {}};
  const std::lock_guard<std::mutex> lock(mutex);
  if (done.table == nullptr) done = load_module();
  return done;
}

}  // namespace

const ModuleTable& module() { return *loaded().table; }
const std::string& module_path() { return loaded().path; }

}  // namespace numstab::frameworks
