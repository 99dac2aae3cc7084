#include <omp.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>

#include <fmt/format.h>

#include "src/errors.hpp"
#include "src/frameworks/module.hpp"

namespace numstab::frameworks {

Position parse_position(const std::string& name) {
  if (name == "body") return Position::body;
  if (name == "tail") return Position::tail;
  throw unknown_name("--position", name, {"body", "tail"});
}

bool is_framework(const std::string& kernel_spec) { return kernel_spec == "torch" || kernel_spec == "onednn"; }

std::vector<Framework> frameworks() { return {module().torch_framework(), module().onednn_framework()}; }

Kernel framework_kernel(const std::string& name, const OpInfo& op, Format f, const Params& p,
                        const Options& options) {
  if (op.is_binary()) throw UsageError(fmt::format("--kernel {}: binary ops ({}) are not offered", name, op.name));
  if (name == "torch") return module().torch_kernel(op, f, p, options);
  if (name == "onednn") return module().onednn_kernel(op, f, p, options);
  throw unknown_name("framework", name, {"torch", "onednn"});
}

VectorKernels framework_vector_kernels(const std::string& name, const std::string& op, Format f,
                                       const std::string& isa) {
  if (name == "torch") return module().torch_vector_kernels(op, f, isa);
  if (name == "onednn") return module().onednn_vector_kernels(op, f, isa);
  throw unknown_name("framework", name, {"torch", "onednn"});
}

namespace {
// Up to ten differing inputs of one chunk, in input order.
// Outputs that differ only in the sign of a zero are counted apart: the
// examples show values that differ first.
struct ChunkDiffs {
  uint64_t differ = 0, zero_sign_only = 0;
  std::vector<std::array<double, 3>> examples, zero_examples;  // x, body, tail
};
constexpr size_t kExamples = 10;
}  // namespace

nlohmann::json position_check(const Kernel& kernel, const InputSource& source, Format f) {
  constexpr uint64_t kChunk = 1 << 16;
  constexpr size_t kBlock = 4096;  // the sweep's block: the body's position in it is the sweep's
  const uint64_t total = source.size(), chunks = (total + kChunk - 1) / kChunk;
  std::vector<ChunkDiffs> diffs(chunks);
  dispatch(f, [&](auto tag) {
    using Tag = decltype(tag);
    using S = typename Tag::Storage;
#pragma omp parallel for schedule(dynamic, 1)
    for (uint64_t c = 0; c < chunks; ++c) {
      std::vector<uint64_t> bits(kBlock);
      std::vector<S> x(kBlock), body(kBlock), tail(kBlock);
      const uint64_t end = std::min(total, (c + 1) * kChunk);
      for (uint64_t b = c * kChunk; b < end; b += kBlock) {
        const size_t n = static_cast<size_t>(std::min<uint64_t>(kBlock, end - b));
        source.bits_block(b, n, bits.data());
        for (size_t i = 0; i < n; ++i) x[i] = Tag::from_bits(static_cast<typename Tag::Bits>(bits[i]));
        kernel.run(x.data(), body.data(), n);
        kernel.run_tail(x.data(), tail.data(), n);
        for (size_t i = 0; i < n; ++i) {
          if (std::memcmp(&body[i], &tail[i], sizeof(S)) == 0) continue;
          const std::array<double, 3> e{Tag::to_double(x[i]), Tag::to_double(body[i]), Tag::to_double(tail[i])};
          // Two NaNs are the same output whatever their sign and payload bits.
          if (std::isnan(e[1]) && std::isnan(e[2])) continue;
          ChunkDiffs& d = diffs[c];
          ++d.differ;
          const bool zeros = e[1] == 0 && e[2] == 0;
          d.zero_sign_only += zeros ? 1 : 0;
          auto& list = zeros ? d.zero_examples : d.examples;
          if (list.size() < kExamples) list.push_back(e);
        }
      }
    }
    return 0;
  });
  uint64_t differ = 0, zero_sign_only = 0;
  nlohmann::json examples = nlohmann::json::array();
  const auto value = [](double v) { return nlohmann::json{{"hex", fmt::format("{:a}", v)}, {"dec", fmt::format("{}", v)}}; };
  for (const bool zeros : {false, true}) {
    for (const auto& d : diffs) {
      for (const auto& e : zeros ? d.zero_examples : d.examples) {
        if (examples.size() == kExamples) break;
        examples.push_back({{"x", value(e[0])}, {"body", value(e[1])}, {"tail", value(e[2])}});
      }
    }
  }
  for (const auto& d : diffs) {
    differ += d.differ;
    zero_sign_only += d.zero_sign_only;
  }
  return {{"inputs", total}, {"differ", differ}, {"zero_sign_only", zero_sign_only}, {"examples", examples}};
}

nlohmann::json kernels_json() {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& fw : frameworks()) {
    nlohmann::json ops = nlohmann::json::array();
    for (const auto& o : fw.offers) ops.push_back({{"op", o.op}, {"call", o.call}, {"formats", o.formats}});
    out.push_back({{"kernel", fw.name}, {"version", fw.version}, {"isa", fw.isas}, {"ops", ops}});
  }
  return {{"module", module_path()}, {"frameworks", out}};
}

std::string kernels_text() {
  std::string text;
  const auto all = frameworks();
  text += fmt::format("frameworks module: {}\n", module_path());
  for (const auto& fw : all) {
    std::string isas;
    for (const auto& i : fw.isas) isas += (isas.empty() ? "" : ", ") + i;
    text += fmt::format("--kernel {} ({} {}; --isa {})\n", fw.name, fw.name, fw.version, isas);
    for (const auto& o : fw.offers) {
      std::string formats;
      for (const auto& f : o.formats) formats += (formats.empty() ? "" : " ") + f;
      text += fmt::format("  {:<18} {}  [{}]\n", o.op, o.call, formats);
    }
  }
  return text;
}

}  // namespace numstab::frameworks
