#include "src/isolate/isolate.hpp"

#include "src/errors.hpp"

namespace numstab {

Kernel isolate_kernel(Kernel inner, Format, double) {
  // TODO(#6): child process; until then refuse rather than pretend.
  (void)inner;
  throw UsageError("--isolate is not implemented yet");
}

}  // namespace numstab
