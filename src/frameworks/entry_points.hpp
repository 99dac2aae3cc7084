// Internal to src/frameworks/: the two frameworks' entry points, so that the
// ATen and oneDNN headers each stay inside one translation unit.
#pragma once
#include "src/frameworks/framework.hpp"

namespace numstab::frameworks {
Framework torch_framework();
Kernel torch_kernel(const OpInfo& op, Format f, const Params& p, const Options& options);
Framework onednn_framework();
Kernel onednn_kernel(const OpInfo& op, Format f, const Params& p, const Options& options);
// "op 'x' has no torch kernel (torch has: a, b, ...)"
UsageError missing_op(const Framework& fw, const std::string& op);
}  // namespace numstab::frameworks
