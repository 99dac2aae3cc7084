// Kernels that frameworks ship (PyTorch's ATen CPU kernels, oneDNN's eltwise
// primitives), selected by name: --kernel torch | onednn. Each framework has one
// table mapping numstab op names to the framework's call (torch.cpp, onednn.cpp).
#pragma once
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "src/catalog.hpp"
#include "src/formats.hpp"
#include "src/inputs.hpp"
#include "src/sweep.hpp"

namespace numstab::frameworks {

// Where in a block an input sits when the framework computes it. ATen's loops
// run a vector body and finish with a scalar loop; oneDNN's JIT code masks the
// tail. Both are outputs the framework gives for that input.
enum class Position { body, tail };
Position parse_position(const std::string& name);  // UsageError on anything else

struct Options {
  std::string isa;  // empty: the framework's own choice for this machine
  Position position = Position::body;
};

// One framework's offer: its ops (numstab names -> the call made) and formats.
struct Offer {
  std::string op, call;
  std::vector<std::string> formats;
};
struct Framework {
  std::string name, version;
  std::vector<std::string> isas;  // values --isa takes
  std::vector<Offer> offers;
};

bool is_framework(const std::string& kernel_spec);
std::vector<Framework> frameworks();

// The framework's kernel for op in format f with p mapped to its arguments.
// `run` computes inputs in `options.position`; `run_tail` always in the tail
// position; `describe` names the framework, its version, the call and the ISA
// path that ran. UsageError (one line) for an op or format the framework lacks
// (naming the ops it has) or an ISA it or the machine cannot run.
Kernel framework_kernel(const std::string& name, const OpInfo& op, Format f, const Params& p,
                        const Options& options);

// Every input of `source` computed in the vector body and in the tail, compared
// bit for bit (two NaNs count as the same output): {"inputs", "differ", "examples": [{x, body, tail}]} (the first ten
// in input order; hexfloat and decimal).
nlohmann::json position_check(const Kernel& kernel, const InputSource& source, Format f);

// The vector ops gradcheck takes from a framework (softmax, log_softmax,
// logsumexp over one vector): the forward and the VJP in gradcheck's raw ABI
// (src/gradcheck/vector_loader.hpp: m outputs, dy of length m, dx of n), the
// VJP the one the framework's own backward computes (torch: autograd; onednn:
// the backward primitive on the forward's dst). `describe` names the framework,
// its version, both calls and the ISA path. UsageError (one line) for an op,
// format or ISA it lacks.
struct VectorKernels {
  std::function<void(const void* x, void* y, size_t n)> forward;
  std::function<void(const void* x, const void* dy, void* dx, size_t n)> vjp;
  nlohmann::json describe;
};
VectorKernels framework_vector_kernels(const std::string& name, const std::string& op, Format f,
                                       const std::string& isa);

// The texts of `numstab list --kernels`.
nlohmann::json kernels_json();
std::string kernels_text();

}  // namespace numstab::frameworks
