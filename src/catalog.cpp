#include <cmath>
#include "src/catalog.hpp"

#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <stdexcept>

#include <fmt/format.h>

#include "src/errors.hpp"
#include "src/formats.hpp"
#include "src/ops/families.hpp"

namespace numstab {

void check_row(const OpInfo& op) {
  const auto fail = [&](const std::string& why) { throw std::logic_error("catalog row '" + op.name + "' " + why); };
  if (op.name.empty() || op.family.empty() || !op.oracle) fail("needs a name, a family and an oracle");
  if (!op.reference.f64 || !op.reference.f32 || !op.reference.f16 || !op.reference.bf16)
    fail("needs a reference kernel in every format");
  if (op.hard_inputs.empty())
    fail(fmt::format("does not say whether it has hard inputs (a file in oracles/{}/, or kNoHardInputs)", op.family));
  for (const auto& t : op.thresholds)
    if (t.why.empty()) fail(fmt::format("has threshold {} without a why", t.x));
  if (!(op.sample_lo < op.sample_hi)) fail("needs a sample range lo < hi");
}

namespace {
std::vector<OpInfo> build_catalog() {
  std::vector<OpInfo> ops;
  // One file per family in src/ops/, in the order `numstab list` shows them.
  add_elementary_ops(ops);
  add_tanh_ops(ops);
  add_sigmoid_ops(ops);
  add_gelu_ops(ops);
  add_piecewise_ops(ops);
  add_prelu_ops(ops);
  add_elu_ops(ops);
  for (const auto& op : ops) check_row(op);
  return ops;
}

std::vector<CompositeOpInfo> build_composites() {
  std::vector<CompositeOpInfo> ops;
  add_vector_ops(ops);
  add_loss_ops(ops);
  add_normalisation_ops(ops);
  add_reduction_ops(ops);
  add_optimizer_ops(ops);
  add_initialiser_ops(ops);
  add_training_ops(ops);
  return ops;
}
}  // namespace

const std::vector<OpInfo>& catalog() {
  static const std::vector<OpInfo> ops = build_catalog();
  return ops;
}

const std::vector<CompositeOpInfo>& composite_catalog() {
  static const std::vector<CompositeOpInfo> ops = build_composites();
  return ops;
}

const char* kind_name(OpKind kind) {
  switch (kind) {
    case OpKind::vector: return "vector";
    case OpKind::loss: return "loss";
    case OpKind::normalisation: return "normalisation";
    case OpKind::reduction: return "reduction";
    case OpKind::optimizer: return "optimizer";
    case OpKind::initialiser: return "initialiser";
    case OpKind::training: break;
  }
  return "training";
}

const CompositeOpInfo* find_composite(std::string_view name) {
  for (const auto& op : composite_catalog())
    if (op.name == name) return &op;
  return nullptr;
}

const CompositeOpInfo& require_composite(std::string_view name, std::optional<OpKind> kind) {
  const CompositeOpInfo* op = find_composite(name);
  if (op && (!kind || op->kind == *kind)) return *op;
  std::string known;
  for (const auto& c : composite_catalog())
    if (!kind || c.kind == *kind) known += (known.empty() ? "" : ", ") + c.name;
  throw UsageError(fmt::format("unknown {} '{}' (known: {})", kind ? kind_name(*kind) : "op", name, known));
}

Params CompositeOpInfo::resolve_params(const std::vector<std::string>& assignments) const {
  return numstab::resolve_params(name, params, assignments);
}

const OpInfo* find_op(std::string_view name) {
  for (const auto& op : catalog())
    if (op.name == name) return &op;
  return nullptr;
}

const OpInfo& require_op(std::string_view name) {
  if (const OpInfo* op = find_op(name)) return *op;
  std::string known;
  for (const auto& op : catalog()) known += (known.empty() ? "" : ", ") + op.name;
  if (const CompositeOpInfo* c = find_composite(name))
    throw UsageError(fmt::format("'{}' is a {} op, not elementwise: measure and certify take "
                                 "elementwise ops (known: {})", name, kind_name(c->kind), known));
  throw UsageError(fmt::format("unknown op '{}' (known: {})", name, known));
}

Params OpInfo::resolve_params(const std::vector<std::string>& assignments) const {
  return numstab::resolve_params(name, params, assignments);
}

Params resolve_params(const std::string& owner, const std::vector<ParamSpec>& params,
                      const std::vector<std::string>& assignments) {
  Params values;
  for (const auto& p : params) values.push_back(p.default_value);
  for (const auto& a : assignments) {
    const auto eq = a.find('=');
    if (eq == std::string::npos)
      throw UsageError(fmt::format("--param '{}' is not of the form name=value", a));
    const std::string key = a.substr(0, eq);
    const auto value = parse_number(std::string_view(a).substr(eq + 1));
    size_t i = 0;
    while (i < params.size() && params[i].name != key) ++i;
    if (i == params.size()) throw UsageError(fmt::format("'{}' has no parameter '{}'", owner, key));
    if (!value) throw UsageError(fmt::format("--param {}: '{}' is not a number", key, a.substr(eq + 1)));
    // No op is defined at a NaN or infinite parameter: its oracle would judge nothing.
    if (!std::isfinite(*value))
      throw UsageError(fmt::format("--param {}: '{}' is not a finite number", key, a.substr(eq + 1)));
    values[i] = *value;
  }
  for (size_t i = 0; i < params.size(); ++i) {
    const ParamSpec& p = params[i];
    if (p.positive && !(values[i] > 0))
      throw UsageError(fmt::format("--param {}={}: '{}' needs {} > 0", p.name, values[i], owner, p.name));
    for (size_t j = 0; j < params.size(); ++j)
      if (params[j].name == p.below && !(values[i] < values[j]))
        throw UsageError(fmt::format("--param {}={} and {}={}: '{}' needs {} < {}", p.name, values[i],
                                     params[j].name, values[j], owner, p.name, params[j].name));
  }
  return values;
}

namespace {
struct OraclesDirOverride {
  std::mutex mutex;
  std::string dir;
};
OraclesDirOverride& oracles_dir_override() {
  static OraclesDirOverride o;
  return o;
}
}  // namespace

void set_oracles_dir(std::string dir) {
  auto& o = oracles_dir_override();
  std::lock_guard lock(o.mutex);
  o.dir = std::move(dir);
}

std::string oracles_dir() {
  const char* dir = std::getenv("NUMSTAB_ORACLES_DIR");
  if (dir && *dir) return dir;
  auto& o = oracles_dir_override();
  std::lock_guard lock(o.mutex);
  return o.dir.empty() ? std::string(NUMSTAB_SOURCE_DIR) + "/oracles" : o.dir;
}

double OpInfo::probe(std::string_view why) const {
  for (const auto& t : thresholds)
    if (t.why == why) return t.x;
  throw std::logic_error(fmt::format("catalog row '{}' has no threshold '{}'", name, why));
}

std::string OpInfo::hard_inputs_path() const {
  if (hard_inputs == kNoHardInputs) return "";
  return fmt::format("{}/{}/{}", oracles_dir(), family, hard_inputs);
}

}  // namespace numstab
