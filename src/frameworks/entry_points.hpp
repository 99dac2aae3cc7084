// Internal to src/frameworks/: the two frameworks' entry points, so that the
// ATen and oneDNN headers each stay inside one translation unit.
#pragma once
#include "src/errors.hpp"
#include "src/frameworks/framework.hpp"

namespace numstab::frameworks {
Framework torch_framework();
Kernel torch_kernel(const OpInfo& op, Format f, const Params& p, const Options& options);
Framework onednn_framework();
Kernel onednn_kernel(const OpInfo& op, Format f, const Params& p, const Options& options);
VectorKernels torch_vector_kernels(const std::string& op, Format f, const std::string& isa);
VectorKernels onednn_vector_kernels(const std::string& op, Format f, const std::string& isa);
// The ISA path each framework runs after --isa (empty: its own choice), and its
// version: shared by the elementwise and the vector kernels.
std::string torch_select_capability(const std::string& isa);
std::string torch_version_text();
std::string onednn_select_isa(const std::string& isa);
std::string onednn_version_text();
// "op 'x' has no torch kernel (torch has: a, b, ...)"
UsageError missing_op(const Framework& fw, const std::string& op);
}  // namespace numstab::frameworks
