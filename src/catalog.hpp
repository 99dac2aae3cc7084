// The op catalog: the single source of truth for names, parameters, domains,
// kinks, oracles and reference kernels.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "oracles/oracle.hpp"
#include "src/kernels/reference.hpp"
#include "src/params.hpp"

namespace numstab {

struct ParamSpec {
  std::string name;
  double default_value;
  std::string meaning;
};

// A point where the op is not differentiable, and the value numstab (like
// PyTorch today) gives the derivative there.
struct Kink {
  double x;
  std::string convention;
};

struct OpInfo {
  std::string name;
  std::string family;             // folder of its oracle: oracles/<family>/
  std::string summary;
  std::vector<ParamSpec> params;
  std::string domain;             // where the op is defined, in words
  std::vector<Kink> kinks;
  std::string derivative_of;      // for <op>_grad: the op it differentiates
  double sample_lo, sample_hi;    // where uniform samples go: the interesting range
  std::vector<double> thresholds; // inputs worth probing with their neighbours
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

  bool is_binary() const { return arity == 2; }
  const std::string& second_operand_name() const { return params.back().name; }

  // Defaults, overridden by "name=value" assignments; throws UsageError on an
  // unknown name or a malformed value.
  Params resolve_params(const std::vector<std::string>& assignments) const;
  // Hard inputs kept as data: oracles/<family>/<op>.wc (empty when none).
  std::string hard_inputs_path() const;
};

const std::vector<OpInfo>& catalog();
// nullptr when there is no such op.
const OpInfo* find_op(std::string_view name);
// The op or a UsageError naming the known ones.
const OpInfo& require_op(std::string_view name);

}  // namespace numstab
