// Smoke tier, for every op of the catalog: NaN in, NaN out, in every format.
#include <gtest/gtest.h>

#include "properties/special_values.hpp"

namespace numstab {
namespace {

TEST(SmokeCatalog, EveryOpPropagatesNaN) {
  std::vector<props::SpecialCase> cases;
  for (const auto& op : catalog()) cases.push_back({op.name.c_str(), NAN, NAN});
  for (Format f : kAllFormats) EXPECT_EQ(props::special_value_failures(cases, f), "");
}

TEST(SmokeCatalog, EntriesAreWellFormed) {
  for (const auto& op : catalog()) {
    EXPECT_FALSE(op.family.empty()) << op.name;
    EXPECT_TRUE(op.oracle != nullptr) << op.name;
    EXPECT_LT(op.sample_lo, op.sample_hi) << op.name;
    if (!op.derivative_of.empty()) {
      EXPECT_NE(find_op(op.derivative_of), nullptr) << op.name;
    }
    EXPECT_EQ(find_op(op.name), &op) << "duplicate name " << op.name;
    EXPECT_LE(op.reference_bound_f64, 2.0) << op.name;
  }
}

}  // namespace
}  // namespace numstab
