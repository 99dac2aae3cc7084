#pragma once
#include <initializer_list>
#include <stdexcept>
#include <string>
#include <string_view>

namespace numstab {
// Bad invocation or unusable input (unknown op, malformed range, missing
// library or symbol): one line on stderr and exit status 2.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// The error every dispatch over a fixed set of names (optimizers, losses,
// algorithms) ends with, so that no unknown name falls through to a default.
template <class Names>
UsageError unknown_name(std::string_view what, std::string_view name, const Names& known) {
  std::string list;
  for (std::string_view k : known) list += (list.empty() ? "" : ", ") + std::string(k);
  return UsageError("unknown " + std::string(what) + " '" + std::string(name) + "' (known: " + list + ")");
}
inline UsageError unknown_name(std::string_view what, std::string_view name,
                               std::initializer_list<std::string_view> known) {
  return unknown_name<std::initializer_list<std::string_view>>(what, name, known);
}
}  // namespace numstab
