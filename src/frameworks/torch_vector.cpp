// PyTorch's softmax, log_softmax and logsumexp over one vector for gradcheck:
// the forward as torch.nn.functional calls it, the VJP by autograd itself
// (torch::autograd::grad on the forward's graph), so that the backward checked
// is the one training runs (tools/autograd/derivatives.yaml).
#include <ATen/ATen.h>
#include <torch/csrc/autograd/autograd.h>

#include <algorithm>
#include <cstring>
#include <functional>

#include <fmt/format.h>

#include "src/errors.hpp"
#include "src/frameworks/entry_points.hpp"
#include "src/frameworks/torch_dtype.hpp"

namespace numstab::frameworks {

namespace {

using at::Tensor;

struct TorchVectorRow {
  const char* op;
  const char* forward_call;
  const char* vjp_call;  // what autograd runs for it
  std::function<Tensor(const Tensor& x)> fn;
};

const std::vector<TorchVectorRow>& torch_vector_table() {
  static const std::vector<TorchVectorRow> rows = {
      {"softmax", "at::softmax(x, 0)", "autograd: at::_softmax_backward_data(dy, y, 0, dtype)",
       [](const Tensor& x) { return at::softmax(x, 0); }},
      {"log_softmax", "at::log_softmax(x, 0)", "autograd: at::_log_softmax_backward_data(dy, y, 0, dtype)",
       [](const Tensor& x) { return at::log_softmax(x, 0); }},
      {"logsumexp", "at::logsumexp(x, {0})", "autograd: logsumexp_backward, dy * exp(x - y)",
       [](const Tensor& x) { return at::logsumexp(x, {0}); }},
  };
  return rows;
}

Tensor vector_tensor(const void* data, at::IntArrayRef shape, c10::ScalarType dtype) {
  return at::from_blob(const_cast<void*>(data), shape, at::TensorOptions().dtype(dtype));
}

}  // namespace

VectorKernels torch_vector_kernels(const std::string& op, Format f, const std::string& isa) {
  const auto& rows = torch_vector_table();
  const auto row = std::find_if(rows.begin(), rows.end(), [&](const TorchVectorRow& r) { return op == r.op; });
  if (row == rows.end())
    throw UsageError(fmt::format("op '{}' has no torch vector kernel for gradcheck (torch has: softmax, "
                                 "log_softmax, logsumexp)",
                                 op));
  const std::string capability = torch_select_capability(isa);
  const c10::ScalarType dtype = torch_dtype(f);
  const bool reduction = op == "logsumexp";
  VectorKernels k;
  k.forward = [fn = row->fn, dtype](const void* x, void* y, size_t n) {
    const Tensor out = fn(vector_tensor(x, {static_cast<int64_t>(n)}, dtype)).contiguous();
    std::memcpy(y, out.data_ptr(), static_cast<size_t>(out.numel()) * out.element_size());
  };
  k.vjp = [fn = row->fn, dtype, reduction](const void* x, const void* dy, void* dx, size_t n) {
    const auto length = static_cast<int64_t>(n);
    // A leaf of its own (from_blob's memory is the caller's), recorded by autograd.
    const Tensor input = vector_tensor(x, {length}, dtype).clone().requires_grad_(true);
    const Tensor output = fn(input);
    const Tensor cotangent = reduction ? vector_tensor(dy, {}, dtype) : vector_tensor(dy, {length}, dtype);
    const Tensor grad = torch::autograd::grad({output}, {input}, {cotangent})[0].contiguous();
    std::memcpy(dx, grad.data_ptr(), n * grad.element_size());
  };
  // ATen lacks some CPU kernels in some dtypes: find out on one vector.
  try {
    std::vector<unsigned char> x(8 * 3, 0), y(8 * 3), dx(8 * 3);
    k.forward(x.data(), y.data(), 3);
    k.vjp(x.data(), x.data(), dx.data(), 3);
  } catch (const c10::Error& e) {
    const std::string what = e.what_without_backtrace();
    throw UsageError(fmt::format("torch has no {} kernel for {}: {}", spec(f).name, op, what.substr(0, what.find('\n'))));
  }
  k.describe = {{"framework", "torch"},
                {"version", torch_version_text()},
                {"call", row->forward_call},
                {"vjp_call", row->vjp_call},
                {"isa", capability},
                {"isa_requested", isa.empty() ? "framework's choice" : isa}};
  return k;
}

}  // namespace numstab::frameworks
