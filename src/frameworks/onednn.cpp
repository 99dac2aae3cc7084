// oneDNN's eltwise primitives (forward and backward), on the CPU engine. The
// only translation unit that includes oneDNN.
#include <oneapi/dnnl/dnnl.hpp>

#include <algorithm>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>

#include <fmt/format.h>

#include "src/errors.hpp"
#include "src/frameworks/entry_points.hpp"
#include "src/frameworks/isa.hpp"

namespace numstab::frameworks {

namespace {

using dnnl::algorithm;
using AlphaBeta = float (*)(const Params&);

float zero(const Params&) { return 0; }
float one(const Params&) { return 1; }
float first(const Params& p) { return static_cast<float>(p[0]); }
float second(const Params& p) { return static_cast<float>(p[1]); }
float six(const Params&) { return 6; }

struct OnednnRow {
  const char* op;  // numstab's name
  algorithm alg;
  bool backward;   // eltwise_backward with diff_dst = 1 (the derivative)
  AlphaBeta alpha, beta;
  const char* call;
};

// numstab op -> eltwise algorithm with alpha and beta as oneDNN defines them
// (dnnl_types.h, dnnl_eltwise_desc_t): relu's alpha is the negative slope,
// elu's the negative piece's scale, swish's the sigmoid's argument scale,
// clip_v2's alpha and beta the bounds. soft_relu has no parameter in 2.6: only
// softplus with beta = 1 is offered.
const std::vector<OnednnRow>& onednn_table() {
  static const std::vector<OnednnRow> rows = {
      {"exp", algorithm::eltwise_exp, false, zero, zero, "eltwise_exp"},
      {"log", algorithm::eltwise_log, false, zero, zero, "eltwise_log"},
      {"tanh", algorithm::eltwise_tanh, false, zero, zero, "eltwise_tanh"},
      {"tanh_grad", algorithm::eltwise_tanh, true, zero, zero, "eltwise_backward(eltwise_tanh)"},
      {"sigmoid", algorithm::eltwise_logistic, false, zero, zero, "eltwise_logistic"},
      {"sigmoid_grad", algorithm::eltwise_logistic, true, zero, zero, "eltwise_backward(eltwise_logistic)"},
      {"gelu", algorithm::eltwise_gelu_erf, false, zero, zero, "eltwise_gelu_erf"},
      {"gelu_grad", algorithm::eltwise_gelu_erf, true, zero, zero, "eltwise_backward(eltwise_gelu_erf)"},
      {"gelu_tanh", algorithm::eltwise_gelu_tanh, false, zero, zero, "eltwise_gelu_tanh"},
      {"gelu_tanh_grad", algorithm::eltwise_gelu_tanh, true, zero, zero, "eltwise_backward(eltwise_gelu_tanh)"},
      {"silu", algorithm::eltwise_swish, false, one, zero, "eltwise_swish(alpha=1)"},
      {"silu_grad", algorithm::eltwise_swish, true, one, zero, "eltwise_backward(eltwise_swish, alpha=1)"},
      {"softplus", algorithm::eltwise_soft_relu, false, zero, zero, "eltwise_soft_relu"},
      {"softplus_grad", algorithm::eltwise_soft_relu, true, zero, zero, "eltwise_backward(eltwise_soft_relu)"},
      {"mish", algorithm::eltwise_mish, false, zero, zero, "eltwise_mish"},
      {"mish_grad", algorithm::eltwise_mish, true, zero, zero, "eltwise_backward(eltwise_mish)"},
      {"log_sigmoid", algorithm::eltwise_logsigmoid, false, zero, zero, "eltwise_logsigmoid"},
      {"log_sigmoid_grad", algorithm::eltwise_logsigmoid, true, zero, zero, "eltwise_backward(eltwise_logsigmoid)"},
      {"elu", algorithm::eltwise_elu, false, first, zero, "eltwise_elu(alpha)"},
      {"elu_grad", algorithm::eltwise_elu, true, first, zero, "eltwise_backward(eltwise_elu, alpha)"},
      {"relu", algorithm::eltwise_relu, false, zero, zero, "eltwise_relu(alpha=0)"},
      {"relu_grad", algorithm::eltwise_relu, true, zero, zero, "eltwise_backward(eltwise_relu, alpha=0)"},
      {"leaky_relu", algorithm::eltwise_relu, false, first, zero, "eltwise_relu(alpha)"},
      {"leaky_relu_grad", algorithm::eltwise_relu, true, first, zero, "eltwise_backward(eltwise_relu, alpha)"},
      {"relu6", algorithm::eltwise_clip_v2, false, zero, six, "eltwise_clip_v2(0, 6)"},
      {"relu6_grad", algorithm::eltwise_clip_v2, true, zero, six, "eltwise_backward(eltwise_clip_v2, 0, 6)"},
      {"hardtanh", algorithm::eltwise_clip_v2, false, first, second, "eltwise_clip_v2(min_val, max_val)"},
      {"hardtanh_grad", algorithm::eltwise_clip_v2, true, first, second,
       "eltwise_backward(eltwise_clip_v2, min_val, max_val)"},
      {"hardswish", algorithm::eltwise_hardswish, false, zero, zero, "eltwise_hardswish"},
      {"hardswish_grad", algorithm::eltwise_hardswish, true, zero, zero, "eltwise_backward(eltwise_hardswish)"},
  };
  return rows;
}

const std::vector<std::pair<std::string, dnnl::cpu_isa>>& isa_names() {
  static const std::vector<std::pair<std::string, dnnl::cpu_isa>> names = {
      {"sse41", dnnl::cpu_isa::sse41}, {"avx", dnnl::cpu_isa::avx},
      {"avx2", dnnl::cpu_isa::avx2}, {"avx512_core", dnnl::cpu_isa::avx512_core}};
  return names;
}

// The path oneDNN chose, by the name its dnnl_types.h gives it: left to
// itself it runs the best the machine has (avx512_core_bf16, say), which
// --isa does not offer.
std::string isa_name(dnnl::cpu_isa isa) {
  static const std::vector<std::pair<std::string, dnnl::cpu_isa>> effective = {
      {"avx512_mic", dnnl::cpu_isa::avx512_mic},
      {"avx512_mic_4ops", dnnl::cpu_isa::avx512_mic_4ops},
      {"avx512_core_vnni", dnnl::cpu_isa::avx512_core_vnni},
      {"avx512_core_bf16", dnnl::cpu_isa::avx512_core_bf16},
      {"avx512_core_amx", dnnl::cpu_isa::avx512_core_amx},
      {"avx2_vnni", dnnl::cpu_isa::avx2_vnni}};
  for (const auto* names : {&isa_names(), &effective})
    for (const auto& [name, value] : *names)
      if (value == isa) return name;
  return fmt::format("cpu_isa {}", static_cast<int>(isa));
}

// oneDNN takes its maximum ISA once, before its first JIT kernel is made.
std::string select_isa(const std::string& isa) {
  if (!isa.empty()) {
    const auto& names = isa_names();
    const auto it = std::find_if(names.begin(), names.end(), [&](const auto& n) { return n.first == isa; });
    if (it == names.end()) {
      std::vector<std::string_view> known;
      for (const auto& n : names) known.push_back(n.first);
      throw unknown_name("--isa for onednn", isa, known);
    }
    if (!machine_runs(isa)) throw UsageError(fmt::format("--isa {}: this machine cannot run it", isa));
    dnnl::set_max_cpu_isa(it->second);  // fails silently once oneDNN has chosen: checked below
    if (dnnl::get_effective_cpu_isa() != it->second)
      throw UsageError(fmt::format("--isa {}: oneDNN already runs {} in this process (it chooses once)", isa,
                                   isa_name(dnnl::get_effective_cpu_isa())));
  }
  return isa_name(dnnl::get_effective_cpu_isa());
}

std::string version_text() {
  const dnnl::version_t* v = dnnl::version();
  return fmt::format("{}.{}.{}", v->major, v->minor, v->patch);
}

// The primitives of one kernel, one per block length, made on first use.
struct Primitives {
  OnednnRow row;
  Params p;
  dnnl::memory::data_type type;
  size_t element_size;
  uint16_t one_bits;  // 1 in the 16-bit formats (diff_dst)
  dnnl::engine engine{dnnl::engine::kind::cpu, 0};
  std::mutex mutex;
  struct Made {
    dnnl::primitive primitive;
    std::string implementation;
  };
  std::map<size_t, Made> by_length;

  Made make(size_t n) {
    const dnnl::memory::desc md({static_cast<dnnl::memory::dim>(n)}, type, dnnl::memory::format_tag::a);
    const dnnl::eltwise_forward::desc fwd(dnnl::prop_kind::forward_training, row.alg, md, row.alpha(p), row.beta(p));
    const dnnl::eltwise_forward::primitive_desc fwd_pd(fwd, engine);
    if (!row.backward) return {dnnl::eltwise_forward(fwd_pd), fwd_pd.impl_info_str()};
    const dnnl::eltwise_backward::desc bwd(row.alg, md, md, row.alpha(p), row.beta(p));
    const dnnl::eltwise_backward::primitive_desc bwd_pd(bwd, engine, fwd_pd);
    return {dnnl::eltwise_backward(bwd_pd), bwd_pd.impl_info_str()};
  }
  const Made& get(size_t n) {
    const std::lock_guard lock(mutex);
    auto it = by_length.find(n);
    if (it == by_length.end()) it = by_length.emplace(n, make(n)).first;
    return it->second;
  }

  void run(const void* x, void* y, size_t n) {
    const Made& made = get(n);
    const dnnl::memory::desc md({static_cast<dnnl::memory::dim>(n)}, type, dnnl::memory::format_tag::a);
    dnnl::memory src(md, engine, const_cast<void*>(x)), out(md, engine, y);
    dnnl::stream stream(engine);
    if (!row.backward) {
      made.primitive.execute(stream, {{DNNL_ARG_SRC, src}, {DNNL_ARG_DST, out}});
    } else {
      std::vector<unsigned char> ones(n * element_size);
      const float one_f32 = 1.0f;
      for (size_t i = 0; i < n; ++i) {
        if (element_size == 4) std::memcpy(&ones[4 * i], &one_f32, 4);
        else std::memcpy(&ones[2 * i], &one_bits, 2);
      }
      dnnl::memory diff_dst(md, engine, ones.data());
      made.primitive.execute(stream, {{DNNL_ARG_SRC, src}, {DNNL_ARG_DIFF_DST, diff_dst}, {DNNL_ARG_DIFF_SRC, out}});
    }
    stream.wait();
  }
  // Pieces shorter than the narrowest vector (8 f32 lanes): every input is
  // computed by the JIT code's masked tail.
  void run_tail(const void* x, void* y, size_t n) {
    constexpr size_t kPiece = 7;
    for (size_t i = 0; i < n; i += kPiece)
      run(static_cast<const unsigned char*>(x) + i * element_size, static_cast<unsigned char*>(y) + i * element_size,
          std::min(kPiece, n - i));
  }
};

}  // namespace

std::string onednn_select_isa(const std::string& isa) { return select_isa(isa); }
std::string onednn_version_text() { return version_text(); }

Framework onednn_framework() {
  Framework fw{"onednn", version_text(), {"sse41", "avx", "avx2", "avx512_core"}, {}};
  for (const auto& row : onednn_table()) fw.offers.push_back({row.op, row.call, {"f32", "bf16"}});
  return fw;
}

Kernel onednn_kernel(const OpInfo& op, Format f, const Params& p, const Options& options) {
  const auto& rows = onednn_table();
  const auto row = std::find_if(rows.begin(), rows.end(), [&](const OnednnRow& r) { return op.name == r.op; });
  if (row == rows.end()) throw missing_op(onednn_framework(), op.name);
  if ((op.name == "softplus" || op.name == "softplus_grad") && p[0] != 1)
    throw UsageError("onednn 2.6's eltwise_soft_relu has no beta: only softplus with beta=1");
  if (f != Format::f32 && f != Format::bf16)
    throw UsageError(fmt::format("onednn has no {} eltwise kernel on the CPU (it has f32 and bf16)", spec(f).name));
  const std::string isa = select_isa(options.isa);
  auto prims = std::make_shared<Primitives>();
  prims->row = *row;
  prims->p = p;
  prims->type = f == Format::f32 ? dnnl::memory::data_type::f32 : dnnl::memory::data_type::bf16;
  prims->element_size = f == Format::f32 ? 4 : 2;
  prims->one_bits = 0x3f80;  // bf16 1.0
  std::string implementation;
  try {
    implementation = prims->get(4096).implementation;
  } catch (const dnnl::error& e) {
    // oneDNN's CPU bf16 needs avx512_core (platform::has_data_type_support).
    throw UsageError(fmt::format("onednn {} cannot make {} for {} on this machine (isa {}): {}", version_text(),
                                 row->call, spec(f).name, isa, e.what()));
  }
  Kernel k{"onednn", nullptr, nullptr};
  if (options.position == Position::body) k.run = [prims](const void* x, void* y, size_t n) { prims->run(x, y, n); };
  else k.run = [prims](const void* x, void* y, size_t n) { prims->run_tail(x, y, n); };
  k.run_tail = [prims](const void* x, void* y, size_t n) { prims->run_tail(x, y, n); };
  nlohmann::json params = nlohmann::json::object();
  for (size_t i = 0; i < op.params.size() && i < p.size(); ++i) params[op.params[i].name] = p[i];
  k.describe = [call = std::string(row->call), alpha = row->alpha(p), beta = row->beta(p), isa, implementation,
                params, position = options.position, requested = options.isa] {
    return nlohmann::json{{"framework", "onednn"},
                          {"version", version_text()},
                          {"call", call},
                          {"params", params},
                          {"alpha", alpha},
                          {"beta", beta},
                          {"isa", isa},
                          {"isa_requested", requested.empty() ? "framework's choice" : requested},
                          {"implementation", implementation},
                          {"position", position == Position::body ? "body" : "tail"}};
  };
  return k;
}

}  // namespace numstab::frameworks
