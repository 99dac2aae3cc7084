#pragma once
#include <stdexcept>

namespace numstab {
// Bad invocation or unusable input (unknown op, malformed range, missing
// library or symbol): one line on stderr and exit status 2.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};
}  // namespace numstab
