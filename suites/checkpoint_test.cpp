// The checkpoint reader (src/checkpoint.cpp) refuses every line it did not
// write: each edit below came from the fuzz target (suites/fuzz/) or is one
// of its kind, and each must be one UsageError naming the file and the line.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "properties/test_support.hpp"
#include "src/catalog.hpp"
#include "src/checkpoint.hpp"
#include "src/errors.hpp"

namespace numstab {
namespace {

namespace fs = std::filesystem;

class CheckpointReader : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = (fs::temp_directory_path() /
             ("numstab-checkpoint-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
              ::testing::UnitTest::GetInstance()->current_test_info()->name()))
                .string();
    fs::remove(path_);
    cfg_.op = &require_op("tanh");
    cfg_.format = Format::f32;
    const InputSource src = InputSource::sampled(Format::f32, *cfg_.op, 1000, 1, std::nullopt);
    identity_ = checkpoint_identity(cfg_, src, Kernel{.name = "reference", .run = {}});
    Accumulator a;
    a.count = 256;
    a.max_ulp = 0.25;
    a.histogram[1] = 256;
    a.mismatches[static_cast<int>(Mismatch::nan)] = 1;
    a.counterexamples.push_back({0x3f800000, 1.0, 0.5, std::nullopt, "0x1p-1", "0.5", 0, Mismatch::nan});
    Checkpoint(path_, identity_, kChunks).save(0, a);
  }
  void TearDown() override { fs::remove(path_); }

  // The file with `from` replaced by `to` in its chunk line.
  void edit(const std::string& from, const std::string& to, bool reseal = true) {
    std::string s = test_support::read_file(path_);
    const auto at = s.find(from, s.find('\n'));
    ASSERT_NE(at, std::string::npos) << "no '" << from << "' in " << s;
    s.replace(at, from.size(), to);
    if (reseal) {  // the reader's checks behind the checksum: the edit sealed anew
      const auto line_start = s.rfind('\n', at) + 1;
      const auto tab = s.find('\t', line_start);
      s = s.substr(0, line_start) + seal_checkpoint_line(s.substr(line_start, tab - line_start)) + "\n";
    }
    std::ofstream(path_, std::ios::trunc) << s;
  }
  void expect_malformed_line_2() {
    try {
      Checkpoint(path_, identity_, kChunks);
      ADD_FAILURE() << "the edited checkpoint was accepted";
    } catch (const UsageError& e) {
      EXPECT_EQ(std::string(e.what()), "checkpoint '" + path_ + "' line 2 is malformed");
    }
  }

  static constexpr uint64_t kChunks = 4;
  std::string path_;
  SweepConfig cfg_;
  nlohmann::json identity_;
};

TEST_F(CheckpointReader, ReadsBackWhatItWrote) {
  const Checkpoint c(path_, identity_, kChunks);
  EXPECT_EQ(c.resumed(), 1u);
  Accumulator a;
  ASSERT_TRUE(c.load(0, a));
  EXPECT_EQ(a.count, 256u);
  EXPECT_EQ(a.max_ulp, 0.25);
  ASSERT_EQ(a.counterexamples.size(), 1u);
  EXPECT_EQ(a.counterexamples[0].mismatch, Mismatch::nan);
  EXPECT_FALSE(c.load(1, a));
}

// The fuzz target's first finding: a count beyond 2^64, which JSON reads as a
// float, was converted to uint64_t with undefined behaviour.
TEST_F(CheckpointReader, RefusesACountBeyondTwoToThe64) {
  edit("\"count\":256", "\"count\":44535124822734856192");
  expect_malformed_line_2();
}

TEST_F(CheckpointReader, RefusesANegativeCount) {
  edit("\"count\":256", "\"count\":-256");
  expect_malformed_line_2();
}

TEST_F(CheckpointReader, RefusesAFractionalViolationCount) {
  edit("\"violations\":0", "\"violations\":0.5");
  expect_malformed_line_2();
}

TEST_F(CheckpointReader, RefusesAnUnknownMismatchClass) {
  edit("\"0.5\",0,1]", "\"0.5\",0,99]");
  expect_malformed_line_2();
}

TEST_F(CheckpointReader, RefusesAShortHistogram) {
  edit("\"histogram\":[0,256,", "\"histogram\":[256,");
  expect_malformed_line_2();
}

TEST_F(CheckpointReader, RefusesAnEditedLineByItsChecksum) {
  edit("\"violations\":0", "\"violations\":1", /*reseal=*/false);
  try {
    Checkpoint(path_, identity_, kChunks);
    ADD_FAILURE() << "the edited checkpoint was accepted";
  } catch (const UsageError& e) {
    EXPECT_EQ(std::string(e.what()), "checkpoint '" + path_ +
                                         "' line 2 fails its checksum (edited or corrupted); remove it or name "
                                         "another file");
  }
}

TEST_F(CheckpointReader, DropsAndCutsATornLastLine) {
  std::ofstream(path_, std::ios::app) << "{\"chunk\":1,\"cou";
  Checkpoint(path_, identity_, kChunks).save(2, Accumulator{});
  Accumulator a;
  const Checkpoint reread(path_, identity_, kChunks);
  EXPECT_TRUE(reread.load(0, a));
  EXPECT_FALSE(reread.load(1, a));
  EXPECT_TRUE(reread.load(2, a));
}

TEST_F(CheckpointReader, RefusesADevice) {
  try {
    Checkpoint("/dev/null", identity_, kChunks);
    ADD_FAILURE() << "/dev/null was accepted as a checkpoint";
  } catch (const UsageError& e) {
    EXPECT_EQ(std::string(e.what()), "checkpoint '/dev/null' is not a regular file");
  }
}

}  // namespace
}  // namespace numstab
