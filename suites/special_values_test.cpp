// Smoke tier, for every op of the catalog: NaN in, NaN out, in every format;
// the rows are well formed, and each op's hard-input file is read or missed loudly.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include <fmt/format.h>

#include "properties/special_values.hpp"
#include "src/errors.hpp"
#include "src/inputs.hpp"

namespace numstab {
namespace {

namespace fs = std::filesystem;

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

// Every .wc file under oracles/ is named by its op's row (an unnamed one
// would be skipped without a word), and every named file exists.
TEST(SmokeCatalog, HardInputFilesAndRowsMatch) {
  std::set<std::string> named;
  for (const auto& op : catalog()) {
    if (op.hard_inputs == kNoHardInputs) continue;
    EXPECT_TRUE(fs::exists(op.hard_inputs_path())) << op.name << ": " << op.hard_inputs_path();
    named.insert(fs::weakly_canonical(op.hard_inputs_path()).string());
  }
  size_t files = 0;
  for (const auto& entry : fs::recursive_directory_iterator(oracles_dir()))
    if (entry.path().extension() == ".wc") {
      ++files;
      EXPECT_TRUE(named.count(fs::weakly_canonical(entry.path()).string()))
          << entry.path() << " is not named by any catalog row";
    }
  EXPECT_EQ(files, named.size());
  EXPECT_GT(files, 0u);
}

// Points NUMSTAB_ORACLES_DIR at a folder for the scope of the object.
class OraclesDirOverride {
 public:
  explicit OraclesDirOverride(const fs::path& dir) { setenv("NUMSTAB_ORACLES_DIR", dir.c_str(), 1); }
  ~OraclesDirOverride() { unsetenv("NUMSTAB_ORACLES_DIR"); }
};

// The file is read (one more value there is one more probe with its
// neighbours), and a missing one is a UsageError naming the op and the path,
// never an op sampled without its hard inputs.
TEST(SmokeCatalog, MissingHardInputFileIsAnError) {
  const OpInfo& tanh = require_op("tanh");
  const uint64_t kMany = 1000000;  // more than the probes: none is cut off
  const size_t probes = InputSource::sampled(Format::f32, tanh, kMany, 1, std::nullopt).fixed_probes();
  const fs::path dir = fs::temp_directory_path() / fmt::format("numstab-hard-inputs-{}", getpid());
  fs::remove_all(dir);
  fs::create_directories(dir / "tanh");
  const OraclesDirOverride override_dir(dir);
  fs::copy_file(fs::path(NUMSTAB_SOURCE_DIR) / "oracles/tanh/tanh.wc", dir / "tanh/tanh.wc");
  EXPECT_EQ(InputSource::sampled(Format::f32, tanh, kMany, 1, std::nullopt).fixed_probes(), probes);
  std::ofstream(dir / "tanh/tanh.wc", std::ios::app) << "0x1.234p-3\n";
  EXPECT_GT(InputSource::sampled(Format::f32, tanh, kMany, 1, std::nullopt).fixed_probes(), probes);

  fs::remove(dir / "tanh/tanh.wc");
  try {
    InputSource::sampled(Format::f32, tanh, 100, 1, std::nullopt);
    ADD_FAILURE() << "tanh was sampled without its hard-input file";
  } catch (const UsageError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find((dir / "tanh/tanh.wc").string()), std::string::npos) << what;
    EXPECT_NE(what.find("'tanh'"), std::string::npos) << what;
    EXPECT_EQ(what.find('\n'), std::string::npos) << what;
  }
  EXPECT_THROW(read_hard_inputs((dir / "tanh/tanh.wc").string()), UsageError);
  // An op whose row says it has none needs no file.
  EXPECT_NO_THROW(InputSource::sampled(Format::f32, require_op("relu"), 100, 1, std::nullopt));
  fs::remove_all(dir);
}

}  // namespace
}  // namespace numstab
