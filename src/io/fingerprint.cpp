#include "src/io/fingerprint.hpp"

#include <dlfcn.h>
#include <sys/stat.h>
#include <zlib.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <vector>

#include <fmt/format.h>

#include "src/errors.hpp"
#include "src/loader.hpp"

namespace numstab {

std::string file_fingerprint(const std::string& path) {
  struct stat st {};
  if (stat(path.c_str(), &st) != 0)
    throw UsageError(fmt::format("cannot read '{}': {}", path, std::strerror(errno)));
  std::ifstream in(path, std::ios::binary);
  if (!in) throw UsageError(fmt::format("cannot read '{}'", path));
  uLong crc = crc32(0L, Z_NULL, 0);
  std::vector<char> buf(1 << 16);
  while (in) {
    in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
    crc = crc32(crc, reinterpret_cast<const Bytef*>(buf.data()), static_cast<uInt>(in.gcount()));
  }
  if (in.bad()) throw UsageError(fmt::format("cannot read '{}'", path));
  return fmt::format("{} size={} mtime={}.{:09d} crc32={:08x}", path, static_cast<long long>(st.st_size),
                     static_cast<long long>(st.st_mtim.tv_sec), st.st_mtim.tv_nsec, crc);
}

std::string kernel_library_fingerprint(const std::string& kernel_spec) {
  if (kernel_spec == "reference" || kernel_spec.find(':') == std::string::npos) return "";
  Dl_info info{};
  void* symbol = load_symbol(kernel_spec, "--kernel");
  if (dladdr(symbol, &info) == 0 || !info.dli_fname)
    throw UsageError(fmt::format("--kernel '{}': the loader does not say which file holds it", kernel_spec));
  return file_fingerprint(info.dli_fname);
}

}  // namespace numstab
