// libFuzzer target: the command-line parser and its validation (src/cli.cpp,
// check_cli: nothing is run, loaded, read or written). The input is the
// argument list, NUL-separated. A usage error is exit 2 with one line; any
// other exception escaping is a finding.
#include <cstdint>
#include <string>
#include <vector>

#include "src/cli.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  constexpr size_t kMaxArgs = 64;
  std::vector<std::string> args = {"numstab"};
  std::string current;
  for (size_t i = 0; i < size && args.size() < kMaxArgs; ++i) {
    if (data[i] == 0) {
      args.push_back(current);
      current.clear();
    } else {
      current += static_cast<char>(data[i]);
    }
  }
  if (args.size() < kMaxArgs) args.push_back(current);
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  const int status = numstab::check_cli(static_cast<int>(args.size()), argv.data());
  if (status != 0 && status != 2) __builtin_trap();  // the parser knows no other status
  return 0;
}
