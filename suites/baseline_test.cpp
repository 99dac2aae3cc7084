// The regression gate on made-up records: per section of report.json, each
// figure it holds fails it when worse and is a note when better; records
// missing, new or measured differently; the baseline file's format and its
// validation. (The gate on real reports: suites/report_test.cpp.)
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "properties/test_support.hpp"
#include "reports/baseline.hpp"
#include "reports/report.hpp"
#include "src/errors.hpp"

namespace numstab {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const GateTolerances kTol{kBaselineToleranceUlp, kBaselineToleranceRelative};

json entry(const std::string& op, const std::string& format, double max_ulp) {
  return {{"op", op}, {"format", format}, {"kernel", "reference"}, {"mode", "samples"},
          {"inputs", 20000}, {"seed", 1}, {"max_ulp", max_ulp}, {"max_ulp_normal", max_ulp},
          {"max_ulp_subnormal", 0.0}, {"argmax", "0x1p+0"},
          {"mismatches", {{"nan", 0}, {"overflow", 0}, {"nonfinite", 0}, {"signed_zero", 0}}}};
}

json gradient(const std::string& op, double error, double bound) {
  return {{"op", op}, {"format", "f32"}, {"kernel", "reference"}, {"part", "forward"}, {"algorithm", "pairwise"},
          {"reference", "oracle"}, {"seed", 1}, {"cases", 10}, {"elements", 40}, {"bound_unit", "u sum|x_i|"},
          {"error", error}, {"bound", bound}, {"max_ulp", 0.5}, {"verdict", error <= bound ? "pass" : "fail"},
          {"where", "case 3"}, {"bound_source", "Higham"}};
}

json threshold(double momentum, double relative_gap) {
  return {{"experiment", "threshold"}, {"optimizer", "sgd"}, {"format", "f64"},
          {"params", {{"momentum", momentum}, {"dampening", 0.0}}}, {"L", 10.0}, {"mu", 0.1}, {"seed", 1},
          {"dim", 8}, {"relative_gap", relative_gap}, {"bracketed", true}, {"theory_lr", 0.2}};
}

json depth(const char* initialiser, json blowup_depth) {
  return {{"experiment", "depth"}, {"nonlinearity", "relu"}, {"initialiser", initialiser}, {"width", 256},
          {"depth", 50}, {"batch", 8}, {"seed", 1}, {"blowup_factor", 1e6}, {"blowup_depth", blowup_depth}};
}

json fixed_point(double mean, double variance) {
  return {{"experiment", "critical_variance"}, {"nonlinearity", "selu"}, {"criterion", "fixed_point"},
          {"theory", {{"mean", 0}, {"variance", 1}}}, {"measured", {{"mean", mean}, {"variance", variance}}},
          {"width", 256}, {"depth", 50}, {"seed", 1}};
}

json thresholds(const std::string& op, json overflow, json nonfinite, bool premature = false) {
  const json none = {{"exact_overflow", nullptr}, {"exact_underflow", nullptr}, {"exact_zero", nullptr},
                     {"kernel_nonfinite", nullptr}};
  json positive = none;
  positive["exact_overflow"] = overflow;
  positive["kernel_nonfinite"] = nonfinite;
  return {{"op", op}, {"format", "f32"}, {"kernel", "reference"}, {"negative", none}, {"positive", positive},
          {"premature_nonfinite", premature}};
}

json report_of(std::vector<json> entries, std::vector<json> gradients = {}, std::vector<json> divergence = {},
               std::vector<json> thresholds = {}) {
  return {{"numstab_version", "test"}, {"entries", entries}, {"gradients", gradients},
          {"divergence", divergence}, {"thresholds", thresholds}};
}

// The one regression line of `now` against `base` (empty when none; a
// failure when more than one).
std::string only_regression(const json& now, const json& base) {
  const GateResult g = check_baseline(now, make_baseline(base), kTol, {});
  EXPECT_LE(g.regressions.size(), 1u) << ::testing::PrintToString(g.regressions);
  for (const auto& line : g.regressions) EXPECT_EQ(line.find('\n'), std::string::npos);
  return g.regressions.empty() ? "" : g.regressions[0];
}

bool improved(const json& now, const json& base) {
  for (const auto& n : check_baseline(now, make_baseline(base), kTol, {}).notes)
    if (n.find("improved on the baseline") != std::string::npos) return true;
  return false;
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

TEST(BaselineGate, IdenticalAndWithinTolerancePass) {
  const json base = make_baseline(report_of({entry("tanh", "f32", 0.5), entry("relu", "f32", 0)}));
  EXPECT_TRUE(check_baseline(report_of({entry("tanh", "f32", 0.5), entry("relu", "f32", 0)}), base, kTol, {})
                  .regressions.empty());
  const auto g = check_baseline(report_of({entry("tanh", "f32", 0.5 + kBaselineToleranceUlp), entry("relu", "f32", 0)}),
                                base, kTol, {});
  EXPECT_TRUE(g.regressions.empty());
  EXPECT_EQ(g.checked, 2u);
}

TEST(BaselineGate, EachKindOfEntryRegressionIsOneLineNamingTheEntry) {
  const json base = make_baseline(report_of({entry("tanh", "f32", 0.5), entry("relu", "f32", 0),
                                             entry("exp", "f64", 0.5), entry("silu", "f16", 0.5)}));
  json nan = entry("relu", "f32", 0);
  nan["mismatches"]["nan"] = 3;
  json other = entry("silu", "f16", 0.5);
  other["inputs"] = 100000;
  const auto g = check_baseline(report_of({entry("tanh", "f32", 0.51), nan, other, entry("gelu", "f32", 0.5)}), base,
                                kTol, {});
  ASSERT_EQ(g.regressions.size(), 5u) << ::testing::PrintToString(g.regressions);
  EXPECT_TRUE(has(g.regressions[0], "tanh f32 reference: max_ulp 0.51 exceeds baseline 0.5")) << g.regressions[0];
  EXPECT_TRUE(has(g.regressions[1], "tanh f32 reference: max_ulp_normal"));
  EXPECT_TRUE(has(g.regressions[2], "relu f32 reference: nan mismatches 3 exceed baseline 0"));
  EXPECT_TRUE(has(g.regressions[3], "exp f64 reference: in the baseline but not in this report"));
  EXPECT_TRUE(has(g.regressions[4], "silu f16 reference: measured with mode samples, inputs 100000")) << g.regressions[4];
  ASSERT_EQ(g.notes.size(), 1u);
  EXPECT_TRUE(has(g.notes[0], "gelu f32 reference: new"));
  // Limited to some ops, the others' records are not missing but skipped.
  EXPECT_TRUE(check_baseline(report_of({entry("tanh", "f32", 0.5)}), base, kTol, {"tanh"}).regressions.empty());
}

TEST(BaselineGate, GradientsHoldErrorBoundAndVerdict) {
  const json base = report_of({}, {gradient("sum", 2, 8)});
  EXPECT_EQ(only_regression(base, base), "");
  EXPECT_TRUE(has(only_regression(report_of({}, {gradient("sum", 3, 8)}), base),
                  "gradients sum f32 reference forward pairwise: error 3 exceeds baseline 2 + tolerance"));
  EXPECT_TRUE(has(only_regression(report_of({}, {gradient("sum", 2, 9)}), base), "bound 9 is looser than baseline 8"));
  json worse_ulp = gradient("sum", 2, 8);
  worse_ulp["max_ulp"] = 0.75;
  EXPECT_TRUE(has(only_regression(report_of({}, {worse_ulp}), base), "max_ulp 0.75 exceeds baseline 0.5"));
  const GateResult g = check_baseline(report_of({}, {gradient("sum", 9, 8)}), make_baseline(base), kTol, {});
  EXPECT_EQ(g.regressions.size(), 2u) << "the error, and the verdict";
  EXPECT_TRUE(has(g.regressions.back(), "verdict fail, baseline pass"));
  json more_cases = gradient("sum", 2, 8);
  more_cases["cases"] = 20;
  EXPECT_TRUE(has(only_regression(report_of({}, {more_cases}), base), "not comparable"));
  EXPECT_TRUE(has(only_regression(report_of({}, {}), base), "not in this report"));
  EXPECT_TRUE(improved(report_of({}, {gradient("sum", 1, 8)}), base));
  // A report limited with --op has no gradients: skipped, not missing.
  EXPECT_TRUE(check_baseline(report_of({}), make_baseline(base), kTol, {"tanh"}).regressions.empty());
}

TEST(BaselineGate, DivergenceHoldsGapsBracketsBlowupDepthsAndFixedPoints) {
  const json base = report_of({}, {}, {threshold(0.9, -3e-5), depth("he_normal", nullptr), fixed_point(0.01, 1.003)});
  EXPECT_EQ(only_regression(base, base), "");
  const auto with = [](json changed, size_t i) {
    json r = report_of({}, {}, {threshold(0.9, -3e-5), depth("he_normal", nullptr), fixed_point(0.01, 1.003)});
    r["divergence"][i] = changed;
    return r;
  };
  EXPECT_TRUE(has(only_regression(with(threshold(0.9, 4e-5), 0), base),
                  "divergence threshold sgd f64 dampening=0,momentum=0.9 L=10 mu=0.1: relative_gap 4e-05 is further "
                  "from theory than baseline -3e-05"));
  EXPECT_EQ(only_regression(with(threshold(0.9, 3e-5), 0), base), "") << "the same distance on the other side";
  EXPECT_TRUE(improved(with(threshold(0.9, 1e-5), 0), base));
  json unbracketed = threshold(0.9, -3e-5);
  unbracketed["bracketed"] = false;
  EXPECT_TRUE(has(only_regression(with(unbracketed, 0), base), "no longer bracketed"));
  EXPECT_TRUE(has(only_regression(with(depth("he_normal", 40), 1), base),
                  "divergence depth relu he_normal: blowup_depth 40 differs from baseline null"));
  EXPECT_TRUE(has(only_regression(with(fixed_point(0.02, 1.003), 2), base), "fixed point |mean - theory| 0.02"));
  EXPECT_TRUE(has(only_regression(with(fixed_point(0.01, 0.99), 2), base), "fixed point |variance - theory|"));
  json other_seed = fixed_point(0.01, 1.003);
  other_seed["seed"] = 2;
  EXPECT_TRUE(has(only_regression(with(other_seed, 2), base), "not comparable"));
}

TEST(BaselineGate, ThresholdsHoldTheExactThresholdsAndWhereTheKernelTurnsNonFinite) {
  const json base = report_of({}, {}, {}, {thresholds("exp", "0x1.62e43p+6", nullptr)});
  EXPECT_EQ(only_regression(base, base), "");
  EXPECT_TRUE(has(only_regression(report_of({}, {}, {}, {thresholds("exp", "0x1.62e42p+6", nullptr)}), base),
                  "thresholds exp f32 reference: positive exact_overflow 0x1.62e42p+6 moved from baseline 0x1.62e43p+6"));
  const std::string line = only_regression(report_of({}, {}, {}, {thresholds("exp", "0x1.62e43p+6", "0x1p+6")}), base);
  EXPECT_TRUE(has(line, "positive kernel_nonfinite 0x1p+6")) << line;
  const json early = report_of({}, {}, {}, {thresholds("exp", "0x1.62e43p+6", "0x1.4p+6")});
  EXPECT_TRUE(has(only_regression(report_of({}, {}, {}, {thresholds("exp", "0x1.62e43p+6", "0x1p+6")}), early),
                  "kernel_nonfinite 0x1p+6"));
  EXPECT_TRUE(improved(early, report_of({}, {}, {}, {thresholds("exp", "0x1.62e43p+6", "0x1p+6")})));
  EXPECT_TRUE(has(only_regression(report_of({}, {}, {}, {thresholds("exp", "0x1.62e43p+6", nullptr, true)}), base),
                  "premature_nonfinite true, baseline false"));
}

// --- The file -----------------------------------------------------------------

class BaselineFile : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / fmt::format("numstab-baseline-file-{}", getpid());
    fs::create_directories(dir_);
    path_ = (dir_ / "b.json").string();
    base_ = make_baseline(report_of({entry("tanh", "f32", 0.5)}, {gradient("sum", 2, 8)},
                                    {threshold(0.9, -3e-5), fixed_point(0.01, 1.003)},
                                    {thresholds("exp", "0x1.62e43p+6", nullptr)}));
  }
  void TearDown() override { fs::remove_all(dir_); }
  // The one-line error of reading `b` back from the file, or "" when it reads.
  std::string read_error(const json& b) {
    std::ofstream(path_) << b.dump();  // as is: write_baseline keeps only the fields it knows
    try {
      read_baseline(path_);
    } catch (const UsageError& e) {
      EXPECT_EQ(std::string(e.what()).find('\n'), std::string::npos);
      EXPECT_TRUE(has(e.what(), path_)) << e.what();
      return e.what();
    }
    return "";
  }
  fs::path dir_;
  std::string path_;
  json base_;
};

TEST_F(BaselineFile, RoundTripsOneRecordPerLine) {
  write_baseline(path_, base_);
  EXPECT_EQ(read_baseline(path_), base_);
  size_t lines = 0;
  for (char c : test_support::read_file(path_)) lines += c == '\n';
  EXPECT_EQ(lines, 2u + 2 + 4 * 2 + 5u);  // { and }, 2 keys, 4 x ("name": [ and ]), 5 records
  EXPECT_THROW(read_baseline((dir_ / "missing.json").string()), UsageError);
}

TEST_F(BaselineFile, WrongTypesNegativeCountsAndUnknownFieldsAreOneLineErrors) {
  EXPECT_EQ(read_error(base_), "");
  json b = base_;
  b["gradients"][0]["error"] = "2";
  EXPECT_TRUE(has(read_error(b), "gradients[0]: \"error\" must be a number, got \"2\""));
  b = base_;
  b["gradients"][0]["cases"] = -3;
  EXPECT_TRUE(has(read_error(b), "\"cases\" must be a non-negative integer, got -3"));
  b = base_;
  b["entries"][0]["mismatches"]["nan"] = -1;
  EXPECT_TRUE(has(read_error(b), "entries[0]: \"mismatches\" must be"));
  b = base_;
  b["thresholds"][0]["positive"]["exact_zero"] = 3;
  EXPECT_TRUE(has(read_error(b), "thresholds[0]: \"positive\" must be"));
  b = base_;
  b["divergence"][1]["blowup_depth"] = 2.5;
  EXPECT_TRUE(has(read_error(b), "\"blowup_depth\" must be a non-negative integer or null, got 2.5"));
  b = base_;
  b["entries"][0]["max_ulp_norml"] = 0.5;
  EXPECT_TRUE(has(read_error(b), "unknown field \"max_ulp_norml\""));
  b = base_;
  b["entries"][0].erase("seed");
  EXPECT_TRUE(has(read_error(b), "entries[0]: no \"seed\""));
  b = base_;
  b["divergence"][0].erase("relative_gap");
  b["divergence"][0].erase("bracketed");
  EXPECT_TRUE(has(read_error(b), "holds no figure"));
  b = base_;
  b["divergence"].push_back(b["divergence"][0]);
  EXPECT_TRUE(has(read_error(b), "a second record 'divergence threshold sgd f64"));
  b = base_;
  b.erase("thresholds");
  EXPECT_TRUE(has(read_error(b), "has no \"thresholds\" array"));
  std::ofstream(path_) << "{\"entries\": [";
  EXPECT_THROW(read_baseline(path_), UsageError);
}

}  // namespace
}  // namespace numstab
