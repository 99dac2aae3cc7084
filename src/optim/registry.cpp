#include "src/optim/registry.hpp"

#include <set>

#include <fmt/format.h>

namespace numstab::optim {

namespace {
[[noreturn]] void reject(const OptimizerDescriptor& d, const std::string& why) {
  throw UsageError(fmt::format("optimizer descriptor '{}': {}", d.name, why));
}
}  // namespace

void check_descriptor(const OptimizerDescriptor& d) {
  const auto fail = [&](const std::string& why) { reject(d, why); };
  if (d.name.empty()) fail("no name");
  if (!d.make_kernel) fail("no kernel factory");
  if (!d.oracle_rule) fail("no oracle rule");
  std::set<std::string> names;
  for (const auto& p : d.params)
    if (!names.insert(p.name).second) fail(fmt::format("parameter '{}' listed twice", p.name));
  if (d.variants.empty() || !d.variants.front().empty()) fail("the first variant must be the defaults ({})");
  for (const auto& v : d.variants) d.resolve_params(v);
  for (size_t k = 0; k < d.slots.size(); ++k) {
    const int j = d.slots[k].at_least_square_of;
    if (j != -1 && (j < 0 || static_cast<size_t>(j) >= d.slots.size() || static_cast<size_t>(j) == k))
      fail(fmt::format("slot '{}' refers to slot {}, not another slot", d.slots[k].name, j));
  }
  for (const auto& s : d.scalars)
    if (!s.after) fail(fmt::format("scalar '{}' has no value after t steps", s.name));
  auto kernel = d.make_kernel(Format::f64, d.resolve_params({}), StepOptions{});
  if (kernel->state_slots().size() != d.slots.size() || kernel->state_scalars().size() != d.scalars.size())
    fail(fmt::format("the kernel's state has {} slots and {} scalars, the descriptor lists {} and {}",
                     kernel->state_slots().size(), kernel->state_scalars().size(), d.slots.size(),
                     d.scalars.size()));
}

namespace {
std::deque<OptimizerDescriptor>& registry() {
  static std::deque<OptimizerDescriptor> all(builtin_optimizers().begin(), builtin_optimizers().end());
  return all;
}
}  // namespace

Params OptimizerDescriptor::resolve_params(const std::vector<std::string>& assignments) const {
  return numstab::resolve_params(name, params, assignments);
}

CompositeOpInfo OptimizerDescriptor::catalog_row() const {
  return {name, OpKind::optimizer, summary, params, {}, notes};
}

const std::deque<OptimizerDescriptor>& optimizers() { return registry(); }

std::vector<std::string> optimizer_names() {
  std::vector<std::string> out;
  for (const auto& d : optimizers()) out.push_back(d.name);
  return out;
}

const OptimizerDescriptor* find_optimizer(std::string_view name) {
  for (const auto& d : optimizers())
    if (d.name == name) return &d;
  return nullptr;
}

UsageError unknown_optimizer(std::string_view name) {
  return unknown_name("optimizer", name, optimizer_names());
}

const OptimizerDescriptor& require_optimizer(std::string_view name) {
  if (const OptimizerDescriptor* d = find_optimizer(name)) return *d;
  throw unknown_optimizer(name);
}

const OptimizerDescriptor& register_optimizer(OptimizerDescriptor d) {
  check_descriptor(d);
  if (find_optimizer(d.name)) reject(d, "the name is taken");
  registry().push_back(std::move(d));
  return registry().back();
}

std::unique_ptr<AnyOptimizer> make_optimizer(std::string_view name, Format f, const Params& params,
                                             StepOptions options) {
  return require_optimizer(name).make_kernel(f, params, options);
}

}  // namespace numstab::optim
