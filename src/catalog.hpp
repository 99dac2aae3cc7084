// The op catalog: the single source of truth for names, parameters, domains,
// kinks, oracles and reference kernels.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "oracles/enclosure.hpp"
#include "oracles/oracle.hpp"
#include "src/kernels/reference.hpp"
#include "src/params.hpp"

namespace numstab {

struct ParamSpec {
  std::string name;
  double default_value;
  std::string meaning;
  bool positive = false;  // a value <= 0 is refused (softplus's beta divides)
  std::string below{};    // the parameter this one must be smaller than (min_val < max_val)
};

// A point where the op is not differentiable, and the value numstab (like
// PyTorch today) gives the derivative there.
struct Kink {
  double x;
  std::string convention;
};

// An input worth probing, and why: sweeps add it with both signs and two
// neighbours each side, in every format (src/inputs.cpp). `why` names the
// format it is for when it is one format's ("f32: e^x overflows past ln of the
// largest finite"); tests look a probe up by it (OpInfo::probe).
struct Probe {
  double x;
  std::string why;
};

// OpInfo::hard_inputs of an op without a hard-input file.
inline constexpr const char* kNoHardInputs = "none";

// The folder of the oracles' data files: $NUMSTAB_ORACLES_DIR if set (a binary
// run away from its source tree, a test), else the folder set by
// set_oracles_dir (an installed copy), else the source tree's oracles/.
std::string oracles_dir();
void set_oracles_dir(std::string dir);

struct OpInfo {
  std::string name;
  std::string family;             // folder of its oracle: oracles/<family>/
  std::string summary;
  std::vector<ParamSpec> params;
  std::string domain;             // where the op is defined, in words
  std::vector<Kink> kinks;
  std::string derivative_of;      // for <op>_grad: the op it differentiates
  double sample_lo, sample_hi;    // where uniform samples go: the interesting range
  std::vector<Probe> thresholds;  // inputs worth probing with their neighbours
  OracleFn oracle;
  ReferenceKernels reference;
  // The ULP bound the reference kernel is held to in f64 (1 in the narrower
  // formats); more than 1 only where the entry says why.
  double reference_bound_f64 = 1.0;
  // Binary ops (prelu(x, a)): the last parameter is the second operand. Fixed
  // with --param it is a parameter like any other; otherwise every input draws
  // its own (exhaustive sweeps pair every x with each of these values).
  int arity = 1;
  std::vector<double> second_operand_probes{};
  // The oracle's fast tier (oracles/enclosure.hpp); null: the f64 reference
  // kernel under the stated relative bound.
  FastOracleFn fast = nullptr;
  // True when `fast` computes the op by another formula than the reference
  // kernel (tanh: glibc's double tanh against expm1(-2|x|) / (2 + expm1)).
  // Otherwise a sweep of the reference kernel is judged by MPFR at every
  // input: a judge that shares the judged kernel's formula shares its defects.
  bool fast_independent_of_reference = false;
  // Where `fast` is not: a tier that shares no formula or code path with the
  // reference kernels (long double: oracles/independent_tiers.hpp), for sweeps
  // of those kernels. Null: such sweeps are judged by MPFR at every input.
  FastOracleFn independent_fast = nullptr;

  bool is_binary() const { return arity == 2; }
  const std::string& second_operand_name() const { return params.back().name; }

  // Defaults, overridden by "name=value" assignments; throws UsageError on an
  // unknown name or a malformed value.
  Params resolve_params(const std::vector<std::string>& assignments) const;
  // Its hard inputs: a file in oracles/<family>/ ("tanh.wc"), or kNoHardInputs.
  // Every row says which (the catalog refuses a row that does not), and a
  // named file that cannot be read is an error, never an empty list.
  std::string hard_inputs{};
  // Where the named file is: <oracles_dir()>/<family>/<hard_inputs>.
  std::string hard_inputs_path() const;
  // The x of the threshold whose `why` is exactly this; std::logic_error when
  // there is none (a test that names a probe the row lost fails).
  double probe(std::string_view why) const;
};

// Ops that are not elementwise: they take vectors (softmax, losses,
// normalisation, reductions) or run a procedure (optimizers, initialisers,
// training utilities). They share the catalog's names and parameters; each kind
// has its own oracle, kernels and measurement (gradcheck, diverge, suites).
enum class OpKind { vector, loss, normalisation, reduction, optimizer, initialiser, training };
const char* kind_name(OpKind kind);

struct CompositeOpInfo {
  std::string name;
  OpKind kind;
  std::string summary;
  std::vector<ParamSpec> params{};       // PyTorch's defaults
  std::vector<std::string> algorithms{}; // named variants (sum: naive, pairwise, kahan)
  std::string notes{};                   // definitions, conventions, sources

  Params resolve_params(const std::vector<std::string>& assignments) const;
};

// std::logic_error unless the row is complete: a name, family and oracle, a
// reference kernel per format, its hard inputs said (a file or kNoHardInputs),
// a why for every threshold, a sample range. Every built-in row is checked
// when the catalog is built.
void check_row(const OpInfo& op);

// Elementwise ops (the sweep engine's unit).
const std::vector<OpInfo>& catalog();
// Every other op of the design's catalog.
const std::vector<CompositeOpInfo>& composite_catalog();
const CompositeOpInfo* find_composite(std::string_view name);
// The composite op (of that kind, when given) or a UsageError naming the known ones.
const CompositeOpInfo& require_composite(std::string_view name, std::optional<OpKind> kind = {});

// Defaults of `specs` overridden by "name=value" assignments; throws UsageError
// naming `owner` on an unknown name or a malformed value.
Params resolve_params(const std::string& owner, const std::vector<ParamSpec>& specs,
                      const std::vector<std::string>& assignments);
// nullptr when there is no such op.
const OpInfo* find_op(std::string_view name);
// The op or a UsageError naming the known ones.
const OpInfo& require_op(std::string_view name);

}  // namespace numstab
