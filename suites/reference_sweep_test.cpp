// Oracle tier: every reference kernel of the catalog against its MPFR oracle,
// swept (16-bit formats exhaustively, f32 and f64 on seeded samples) and as
// RapidCheck properties over bit patterns. New catalog entries join by themselves.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <iostream>

#include "properties/activation_properties.hpp"
#include "properties/each_format.hpp"
#include "src/record.hpp"

namespace numstab {
namespace {

// 1 ULP in every format (the catalog may allow f64 up to 2, saying why).
double reference_bound(const OpInfo& op, Format f) {
  return f == Format::f64 ? op.reference_bound_f64 : 1.0;
}
constexpr uint64_t kSamples = 100000;
constexpr uint64_t kSeed = 20261126;

struct SweepCase {
  std::string op;
  Format format;
};

void PrintTo(const SweepCase& c, std::ostream* os) { *os << c.op << " " << spec(c.format).name; }

class ReferenceSweep : public ::testing::TestWithParam<SweepCase> {};

// One body for pass/fail and for the accuracy report: the record is printed
// (max, mean, worst input) whether or not the bound holds.
TEST_P(ReferenceSweep, WithinBoundWithoutMismatches) {
  const auto [name, f] = GetParam();
  const OpInfo& op = require_op(name);
  SweepConfig cfg;
  cfg.op = &op;
  cfg.params = op.resolve_params({});
  cfg.format = f;
  cfg.seed = kSeed;
  cfg.bound = reference_bound(op, f);
  cfg.strict_zero = true;
  const bool exhaustive = spec(f).total_bits == 16;
  const InputSource src = InputSource::for_op(op, f, exhaustive ? Mode::exhaustive : Mode::samples,
                                              kSamples, kSeed, std::nullopt, false);
  const Record r = sweep(cfg, src, reference_kernel(op, f, cfg.params));
  std::cout << to_text(r);
  EXPECT_EQ(r.inputs, src.size());
  EXPECT_EQ(r.inputs, exhaustive ? 65536u * std::max<size_t>(1, op.is_binary() ? op.second_operand_probes.size() : 1) : kSamples);
  EXPECT_LE(r.max_ulp, *cfg.bound);
  EXPECT_TRUE(r.passed()) << r.violations << " inputs violate " << *cfg.bound << " ULP";
}

std::vector<SweepCase> all_cases() {
  std::vector<SweepCase> cases;
  for (const auto& op : catalog())
    for (Format f : kAllFormats) cases.push_back({op.name, f});
  return cases;
}

INSTANTIATE_TEST_SUITE_P(Catalog, ReferenceSweep, ::testing::ValuesIn(all_cases()),
                         [](const auto& info) {
                           return info.param.op + "_" + spec(info.param.format).name;
                         });

// Reference kernels meet their bound on generated bit patterns, for an op
// drawn from the whole catalog.
template <class Tag>
void catalog_within_bound() {
  const auto& ops = catalog();
  const size_t i = *rc::gen::inRange<size_t>(0, ops.size());
  const OpInfo& op = ops[i];
  props::within_bound<Tag>(op, reference_kernel(op, Tag::format, op.resolve_params({})),
                           reference_bound(op, Tag::format));
}

NUMSTAB_PROP_EACH_FORMAT(ReferenceBound, EveryOp, catalog_within_bound<Tag>())

}  // namespace
}  // namespace numstab
