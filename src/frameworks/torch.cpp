// PyTorch's ATen CPU kernels, called as autograd and torch.nn.functional call
// them. The only translation unit that includes ATen (its headers are slow).
#include <ATen/ATen.h>
#include <torch/version.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <cstring>
#include <functional>

#include <fmt/format.h>

#include "src/errors.hpp"
#include "src/frameworks/entry_points.hpp"
#include "src/frameworks/torch_dtype.hpp"
#include "src/frameworks/isa.hpp"

namespace numstab::frameworks {

namespace {

using at::Tensor;
using TorchFn = std::function<Tensor(const Tensor& x, const Params& p)>;

// PyTorch's softplus reverts to x where beta x > threshold; F.softplus's
// default threshold is 20 and numstab's softplus has no such parameter, so the
// framework's choice is used and named in the record.
constexpr double kSoftplusThreshold = 20;
// torch.nn.SELU's constants (aten/src/ATen/native/Activation.cpp).
constexpr double kSeluAlpha = 1.6732632423543772848170429916717;
constexpr double kSeluScale = 1.0507009873554804934193349852946;

Tensor ones(const Tensor& x) { return at::ones_like(x, at::MemoryFormat::Contiguous); }

struct TorchRow {
  const char* op;    // numstab's name
  const char* call;  // what is called, with numstab's parameter names
  TorchFn fn;
};

// numstab op -> ATen call. Backward rows take grad_output = 1 and call the
// backward function autograd calls (tools/autograd/derivatives.yaml), on the
// forward's result where autograd passes the result.
const std::vector<TorchRow>& torch_table() {
  static const std::vector<TorchRow> rows = {
      {"exp", "at::exp(x)", [](const Tensor& x, const Params&) { return at::exp(x); }},
      {"log", "at::log(x)", [](const Tensor& x, const Params&) { return at::log(x); }},
      {"expm1", "at::expm1(x)", [](const Tensor& x, const Params&) { return at::expm1(x); }},
      {"log1p", "at::log1p(x)", [](const Tensor& x, const Params&) { return at::log1p(x); }},
      {"erf", "at::erf(x)", [](const Tensor& x, const Params&) { return at::erf(x); }},
      {"erfc", "at::erfc(x)", [](const Tensor& x, const Params&) { return at::erfc(x); }},
      {"tanh", "at::tanh(x)", [](const Tensor& x, const Params&) { return at::tanh(x); }},
      {"tanh_grad", "at::tanh_backward(1, at::tanh(x))",
       [](const Tensor& x, const Params&) { return at::tanh_backward(ones(x), at::tanh(x)); }},
      {"sigmoid", "at::sigmoid(x)", [](const Tensor& x, const Params&) { return at::sigmoid(x); }},
      {"sigmoid_grad", "at::sigmoid_backward(1, at::sigmoid(x))",
       [](const Tensor& x, const Params&) { return at::sigmoid_backward(ones(x), at::sigmoid(x)); }},
      {"mish", "at::mish(x)", [](const Tensor& x, const Params&) { return at::mish(x); }},
      {"mish_grad", "at::mish_backward(1, x)",
       [](const Tensor& x, const Params&) { return at::mish_backward(ones(x), x); }},
      {"gelu", "at::gelu(x, \"none\")", [](const Tensor& x, const Params&) { return at::gelu(x, "none"); }},
      {"gelu_grad", "at::gelu_backward(1, x, \"none\")",
       [](const Tensor& x, const Params&) { return at::gelu_backward(ones(x), x, "none"); }},
      {"gelu_tanh", "at::gelu(x, \"tanh\")", [](const Tensor& x, const Params&) { return at::gelu(x, "tanh"); }},
      {"gelu_tanh_grad", "at::gelu_backward(1, x, \"tanh\")",
       [](const Tensor& x, const Params&) { return at::gelu_backward(ones(x), x, "tanh"); }},
      {"silu", "at::silu(x)", [](const Tensor& x, const Params&) { return at::silu(x); }},
      {"silu_grad", "at::silu_backward(1, x)",
       [](const Tensor& x, const Params&) { return at::silu_backward(ones(x), x); }},
      {"softplus", "at::softplus(x, beta, threshold=20)",
       [](const Tensor& x, const Params& p) { return at::softplus(x, p[0], kSoftplusThreshold); }},
      {"softplus_grad", "at::softplus_backward(1, x, beta, threshold=20)",
       [](const Tensor& x, const Params& p) {
         return at::softplus_backward(ones(x), x, p[0], kSoftplusThreshold);
       }},
      {"log_sigmoid", "at::log_sigmoid(x)", [](const Tensor& x, const Params&) { return at::log_sigmoid(x); }},
      {"log_sigmoid_grad", "at::log_sigmoid_backward(1, x, buffer of at::log_sigmoid_forward(x))",
       [](const Tensor& x, const Params&) {
         const auto forward = at::log_sigmoid_forward(x);
         return at::log_sigmoid_backward(ones(x), x, std::get<1>(forward));
       }},
      {"relu", "at::relu(x)", [](const Tensor& x, const Params&) { return at::relu(x); }},
      {"relu_grad", "at::threshold_backward(1, at::relu(x), 0)",
       [](const Tensor& x, const Params&) { return at::threshold_backward(ones(x), at::relu(x), 0); }},
      {"relu6", "at::relu6(x)", [](const Tensor& x, const Params&) { return at::relu6(x); }},
      {"relu6_grad", "at::hardtanh_backward(1, x, 0, 6)",
       [](const Tensor& x, const Params&) { return at::hardtanh_backward(ones(x), x, 0, 6); }},
      {"leaky_relu", "at::leaky_relu(x, negative_slope=alpha)",
       [](const Tensor& x, const Params& p) { return at::leaky_relu(x, p[0]); }},
      {"leaky_relu_grad", "at::leaky_relu_backward(1, x, negative_slope=alpha, self_is_result=false)",
       [](const Tensor& x, const Params& p) { return at::leaky_relu_backward(ones(x), x, p[0], false); }},
      {"hardtanh", "at::hardtanh(x, min_val, max_val)",
       [](const Tensor& x, const Params& p) { return at::hardtanh(x, p[0], p[1]); }},
      {"hardtanh_grad", "at::hardtanh_backward(1, x, min_val, max_val)",
       [](const Tensor& x, const Params& p) { return at::hardtanh_backward(ones(x), x, p[0], p[1]); }},
      {"hardsigmoid", "at::hardsigmoid(x)", [](const Tensor& x, const Params&) { return at::hardsigmoid(x); }},
      {"hardsigmoid_grad", "at::hardsigmoid_backward(1, x)",
       [](const Tensor& x, const Params&) { return at::hardsigmoid_backward(ones(x), x); }},
      {"hardswish", "at::hardswish(x)", [](const Tensor& x, const Params&) { return at::hardswish(x); }},
      {"hardswish_grad", "at::hardswish_backward(1, x)",
       [](const Tensor& x, const Params&) { return at::hardswish_backward(ones(x), x); }},
      {"elu", "at::elu(x, alpha, scale=1, input_scale=1)",
       [](const Tensor& x, const Params& p) { return at::elu(x, p[0], 1, 1); }},
      {"elu_grad", "at::elu_backward(1, alpha, scale=1, input_scale=1, is_result=false, x)",
       [](const Tensor& x, const Params& p) { return at::elu_backward(ones(x), p[0], 1, 1, false, x); }},
      {"selu", "at::selu(x)", [](const Tensor& x, const Params&) { return at::selu(x); }},
      {"selu_grad", "at::elu_backward(1, selu alpha, selu scale, input_scale=1, is_result=false, x)",
       [](const Tensor& x, const Params&) {
         return at::elu_backward(ones(x), kSeluAlpha, kSeluScale, 1, false, x);
       }},
      {"celu", "at::celu(x, alpha)", [](const Tensor& x, const Params& p) { return at::celu(x, p[0]); }},
      {"celu_grad", "at::elu_backward(1, alpha, scale=1, input_scale=1/alpha, is_result=false, x)",
       [](const Tensor& x, const Params& p) {
         return at::elu_backward(ones(x), p[0], 1, 1.0 / p[0], false, x);
       }},
  };
  return rows;
}

std::string first_line(const std::string& s) { return s.substr(0, s.find('\n')); }

// ATen reads ATEN_CPU_CAPABILITY once, at its first dispatch, and never checks
// that the machine runs the ISA it names: the machine is checked here, and the
// capability ATen settled on is read back from at::show_config().
std::string aten_capability() {
  const std::string config = at::show_config();
  const std::string key = "CPU capability usage: ";
  const auto at_key = config.find(key);
  if (at_key == std::string::npos) return "unknown";
  const auto start = at_key + key.size();
  return config.substr(start, config.find('\n', start) - start);
}

// The library's own build settings name its version (TORCH_VERSION=...); the
// header's TORCH_VERSION is what the headers say, used if the settings do not.
std::string torch_version() {
  const std::string config = at::show_config();
  const std::string key = "TORCH_VERSION=";
  const auto at_key = config.find(key);
  if (at_key == std::string::npos) return TORCH_VERSION;
  const auto start = at_key + key.size();
  return config.substr(start, config.find_first_of(", \n", start) - start);
}

std::string select_capability(const std::string& isa) {
  if (!isa.empty()) {
    if (isa != "default" && isa != "avx2" && isa != "avx512")
      throw unknown_name("--isa for torch", isa, {"default", "avx2", "avx512"});
    if (!machine_runs(isa)) throw UsageError(fmt::format("--isa {}: this machine cannot run it", isa));
    setenv("ATEN_CPU_CAPABILITY", isa.c_str(), 1);
  }
  // show_config says "NO AVX" for the capability ATEN_CPU_CAPABILITY calls "default".
  std::string ran = aten_capability();
  for (char& c : ran) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (ran == "no avx") ran = "default";
  if (!isa.empty() && ran != isa)
    throw UsageError(fmt::format("--isa {}: ATen already runs {} in this process (it chooses once)", isa, ran));
  return ran;
}

// x's block as a tensor over its memory; in the tail position, as a strided
// view, which ATen's loops compute with their scalar (basic) loop throughout.
Tensor block_tensor(const void* x, size_t n, c10::ScalarType dtype, Position position) {
  const Tensor contiguous = at::from_blob(const_cast<void*>(x), {static_cast<int64_t>(n)}, at::TensorOptions().dtype(dtype));
  if (position == Position::body) return contiguous;
  Tensor spaced = at::empty({2 * static_cast<int64_t>(n)}, at::TensorOptions().dtype(dtype));
  Tensor view = spaced.as_strided({static_cast<int64_t>(n)}, {2});
  view.copy_(contiguous);
  return view;
}

std::function<void(const void*, void*, size_t)> runner(TorchFn fn, Params p, c10::ScalarType dtype,
                                                         Position position) {
  return [fn = std::move(fn), p = std::move(p), dtype, position](const void* x, void* y, size_t n) {
    const Tensor out = fn(block_tensor(x, n, dtype, position), p).contiguous();
    std::memcpy(y, out.data_ptr(), n * out.element_size());
  };
}

}  // namespace

std::string torch_select_capability(const std::string& isa) { return select_capability(isa); }
std::string torch_version_text() { return torch_version(); }

Framework torch_framework() {
  Framework fw{"torch", torch_version(), {"default", "avx2", "avx512"}, {}};
  for (const auto& row : torch_table()) fw.offers.push_back({row.op, row.call, {"f64", "f32", "bf16", "f16"}});
  return fw;
}

Kernel torch_kernel(const OpInfo& op, Format f, const Params& p, const Options& options) {
  const auto& rows = torch_table();
  const auto row = std::find_if(rows.begin(), rows.end(), [&](const TorchRow& r) { return op.name == r.op; });
  if (row == rows.end()) throw missing_op(torch_framework(), op.name);
  const std::string capability = select_capability(options.isa);
  const c10::ScalarType dtype = torch_dtype(f);
  // ATen has no kernel for some ops in some dtypes (most CPU ops lack f16 in
  // 1.13): find out on one input, and say so in one line.
  try {
    const Tensor probe = at::zeros({3}, at::TensorOptions().dtype(dtype));
    const Tensor out = row->fn(probe, p);
    if (out.scalar_type() != dtype) throw UsageError("the output's dtype differs from the input's");
  } catch (const c10::Error& e) {
    throw UsageError(fmt::format("torch has no {} kernel for {}: {}", spec(f).name, op.name, first_line(e.what_without_backtrace())));
  }
  Kernel k{"torch", runner(row->fn, p, dtype, options.position), nullptr};
  k.run_tail = runner(row->fn, p, dtype, Position::tail);
  nlohmann::json params = nlohmann::json::object();
  for (size_t i = 0; i < op.params.size() && i < p.size(); ++i) params[op.params[i].name] = p[i];
  k.describe = [call = std::string(row->call), capability, params, position = options.position,
                requested = options.isa] {
    nlohmann::json d = {{"framework", "torch"},
                        {"version", torch_version()},
                        {"call", call},
                        {"params", params},
                        {"isa", capability},
                        {"isa_requested", requested.empty() ? "framework's choice" : requested},
                        {"position", position == Position::body ? "body" : "tail"}};
    if (call.find("threshold=20") != std::string::npos)
      d["framework_choice"] = "threshold=20: PyTorch's F.softplus default, x itself where beta x > 20";
    return d;
  };
  return k;
}

}  // namespace numstab::frameworks
