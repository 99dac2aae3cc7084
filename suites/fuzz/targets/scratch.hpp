// The fuzz targets' shared helper: the readers under test take file paths,
// so each input is written to a file of this process's scratch folder first.
#pragma once
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace numstab::fuzz {

// A folder of this process, removed at exit (libFuzzer runs one input after another in it).
inline const std::filesystem::path& scratch_dir() {
  static const std::filesystem::path dir = [] {
    const char* tmp = std::getenv("TMPDIR");
    std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/numstab-fuzz.XXXXXX";
    if (!::mkdtemp(pattern.data())) std::abort();
    static const std::string removed = pattern;
    std::atexit([] { std::filesystem::remove_all(removed); });
    return std::filesystem::path(pattern);
  }();
  return dir;
}

// Writes the bytes to `name` in the scratch folder (making its folders) and returns the path.
inline std::string scratch_file(const std::string& name, const uint8_t* data, size_t size) {
  const std::filesystem::path path = scratch_dir() / name;
  std::filesystem::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  if (!out) std::abort();  // the scratch folder itself failed: not a finding of the reader
  return path.string();
}

}  // namespace numstab::fuzz
