// libFuzzer target: the reader of `report --library-records DIR`
// (reports/libraries.cpp) and the table it renders. The input is a folder,
// written out first: files separated by a line "%%% NAME" (the first file,
// with no such line, is libraries.json); NAME is SET/OP.json, of letters,
// digits and underscores, so that nothing is written outside the scratch folder.
#include <cstdint>
#include <regex>
#include <string>

#include "reports/libraries.hpp"
#include "src/errors.hpp"
#include "targets/scratch.hpp"

using namespace numstab;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::regex kName("[A-Za-z0-9_]{1,32}/[A-Za-z0-9_]{1,32}\\.json");
  const std::string input(reinterpret_cast<const char*>(data), size);
  const std::string dir = "records";
  std::filesystem::remove_all(fuzz::scratch_dir() / dir);
  std::string name = "libraries.json";
  size_t start = 0;
  while (true) {
    const size_t sep = input.find("\n%%% ", start);
    const std::string body = input.substr(start, sep == std::string::npos ? std::string::npos : sep - start);
    if (name == "libraries.json" || std::regex_match(name, kName))
      fuzz::scratch_file(dir + "/" + name, reinterpret_cast<const uint8_t*>(body.data()), body.size());
    if (sep == std::string::npos) break;
    const size_t eol = input.find('\n', sep + 5);
    name = input.substr(sep + 5, eol == std::string::npos ? std::string::npos : eol - sep - 5);
    if (eol == std::string::npos) break;
    start = eol + 1;
  }
  try {
    const LibraryTable t = read_library_table((fuzz::scratch_dir() / dir).string());
    (void)library_markdown(t);
    (void)with_library_html("<html><body></body></html>", t);
  } catch (const UsageError&) {
  }
  return 0;
}
