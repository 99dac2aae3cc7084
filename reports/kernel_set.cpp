#include "reports/kernel_set.hpp"

#include <algorithm>
#include <fstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "src/catalog.hpp"
#include "src/errors.hpp"

namespace numstab {

KernelSet read_kernel_set(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw UsageError(fmt::format("cannot read kernel set '{}'", path));
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(in);
  } catch (const nlohmann::json::exception& e) {
    throw UsageError(fmt::format("kernel set '{}' is not valid JSON: {}", path, e.what()));
  }
  const auto bad = [&](const std::string& why) {
    return UsageError(fmt::format("kernel set '{}': {}", path, why));
  };
  if (!j.is_object() || !j.contains("name") || !j.at("name").is_string() ||
      j.at("name").get<std::string>().empty())
    throw bad("needs a non-empty \"name\" string");
  if (!j.contains("kernels") || !j.at("kernels").is_object())
    throw bad("needs a \"kernels\" object: {\"op\": {\"format\": \"LIB:SYMBOL\"}}");
  KernelSet set;
  set.name = j.at("name");
  set.path = path;
  if (set.name == "reference") throw bad("the name 'reference' is numstab's own kernels");
  if (j.contains("abi")) {
    if (!j.at("abi").is_string()) throw bad("\"abi\" must be \"scalar\" or \"batch\"");
    set.abi = parse_abi(j.at("abi").get<std::string>());
  }
  for (const auto& [op_name, by_format] : j.at("kernels").items()) {
    const OpInfo* op = find_op(op_name);
    if (!op) throw bad(fmt::format("unknown op '{}'", op_name));
    if (!by_format.is_object()) throw bad(fmt::format("\"{}\" must map formats to LIB:SYMBOL", op_name));
    for (const auto& [format_name, spec] : by_format.items()) {
      const auto f = parse_format(format_name);
      if (!f) throw bad(fmt::format("unknown format '{}' for '{}'", format_name, op_name));
      if (!spec.is_string() || spec.get<std::string>().find(':') == std::string::npos)
        throw bad(fmt::format("{} {}: expected \"LIB:SYMBOL\"", op_name, format_name));
      set.entries.push_back({op->name, *f, spec.get<std::string>()});
    }
  }
  // Catalog order, then the design's format order, whatever the file's order.
  const auto rank = [](const KernelSetEntry& e) {
    const auto& ops = catalog();
    const auto op = std::find_if(ops.begin(), ops.end(), [&](const OpInfo& o) { return o.name == e.op; });
    return std::pair(op - ops.begin(), static_cast<int>(e.format));
  };
  std::stable_sort(set.entries.begin(), set.entries.end(),
                   [&](const auto& a, const auto& b) { return rank(a) < rank(b); });
  if (set.entries.empty()) throw bad("names no kernels");
  return set;
}

}  // namespace numstab
