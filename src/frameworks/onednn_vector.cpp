// oneDNN's softmax primitive (softmax_v2: accurate and log) over one vector for
// gradcheck: the forward, and the VJP as a training step computes it, the
// backward primitive on the forward's dst. oneDNN has no logsumexp.
#include <oneapi/dnnl/dnnl.hpp>

#include <cstring>
#include <vector>

#include <fmt/format.h>

#include "src/errors.hpp"
#include "src/frameworks/entry_points.hpp"

namespace numstab::frameworks {

namespace {

using dnnl::algorithm;

struct SoftmaxPrimitives {
  dnnl::softmax_v2_forward forward;
  dnnl::softmax_v2_backward backward;
  std::string implementation;
};

SoftmaxPrimitives make(const dnnl::engine& engine, algorithm alg, dnnl::memory::data_type type, size_t n) {
  const dnnl::memory::desc md({static_cast<dnnl::memory::dim>(n)}, type, dnnl::memory::format_tag::a);
  const dnnl::softmax_v2_forward::desc fwd(dnnl::prop_kind::forward_training, alg, md, md, 0);
  const dnnl::softmax_v2_forward::primitive_desc fwd_pd(fwd, engine);
  const dnnl::softmax_v2_backward::desc bwd(alg, md, md, md, 0);
  const dnnl::softmax_v2_backward::primitive_desc bwd_pd(bwd, engine, fwd_pd);
  return {dnnl::softmax_v2_forward(fwd_pd), dnnl::softmax_v2_backward(bwd_pd), fwd_pd.impl_info_str()};
}

struct OnednnSoftmax {
  algorithm alg;
  dnnl::memory::data_type type;
  size_t element_size;
  dnnl::engine engine{dnnl::engine::kind::cpu, 0};

  dnnl::memory::desc desc(size_t n) const {
    return {{static_cast<dnnl::memory::dim>(n)}, type, dnnl::memory::format_tag::a};
  }
  void forward(const void* x, void* y, size_t n) const {
    const SoftmaxPrimitives p = make(engine, alg, type, n);
    dnnl::memory src(desc(n), engine, const_cast<void*>(x)), dst(desc(n), engine, y);
    dnnl::stream stream(engine);
    p.forward.execute(stream, {{DNNL_ARG_SRC, src}, {DNNL_ARG_DST, dst}});
    stream.wait();
  }
  void vjp(const void* x, const void* dy, void* dx, size_t n) const {
    const SoftmaxPrimitives p = make(engine, alg, type, n);
    std::vector<unsigned char> y(n * element_size);
    dnnl::memory src(desc(n), engine, const_cast<void*>(x)), dst(desc(n), engine, y.data());
    dnnl::memory diff_dst(desc(n), engine, const_cast<void*>(dy)), diff_src(desc(n), engine, dx);
    dnnl::stream stream(engine);
    p.forward.execute(stream, {{DNNL_ARG_SRC, src}, {DNNL_ARG_DST, dst}});
    p.backward.execute(stream, {{DNNL_ARG_DST, dst}, {DNNL_ARG_DIFF_DST, diff_dst}, {DNNL_ARG_DIFF_SRC, diff_src}});
    stream.wait();
  }
};

}  // namespace

VectorKernels onednn_vector_kernels(const std::string& op, Format f, const std::string& isa) {
  if (op != "softmax" && op != "log_softmax")
    throw UsageError(fmt::format("op '{}' has no onednn vector kernel for gradcheck (onednn has: softmax, "
                                 "log_softmax)",
                                 op));
  if (f != Format::f32 && f != Format::bf16)
    throw UsageError(fmt::format("onednn has no {} softmax on the CPU (it has f32 and bf16)", spec(f).name));
  const std::string ran = onednn_select_isa(isa);
  const OnednnSoftmax s{op == "softmax" ? algorithm::softmax_accurate : algorithm::softmax_log,
                        f == Format::f32 ? dnnl::memory::data_type::f32 : dnnl::memory::data_type::bf16,
                        f == Format::f32 ? size_t{4} : size_t{2}};
  const std::string call = op == "softmax" ? "softmax_v2_forward(softmax_accurate, axis 0)"
                                           : "softmax_v2_forward(softmax_log, axis 0)";
  std::string implementation;
  try {
    implementation = make(s.engine, s.alg, s.type, 16).implementation;
  } catch (const dnnl::error& e) {
    // oneDNN's CPU bf16 needs avx512_core.
    throw UsageError(fmt::format("onednn {} cannot make {} for {} on this machine (isa {}): {}", onednn_version_text(),
                                 call, spec(f).name, ran, e.what()));
  }
  VectorKernels k;
  k.forward = [s](const void* x, void* y, size_t n) { s.forward(x, y, n); };
  k.vjp = [s](const void* x, const void* dy, void* dx, size_t n) { s.vjp(x, dy, dx, n); };
  k.describe = {{"framework", "onednn"},
                {"version", onednn_version_text()},
                {"call", call},
                {"vjp_call", "softmax_v2_backward on the forward's dst"},
                {"isa", ran},
                {"isa_requested", isa.empty() ? "framework's choice" : isa},
                {"implementation", implementation}};
  return k;
}

}  // namespace numstab::frameworks
