// numstab's public API (include/numstab/) as its users see it: the matcher's
// record is the CLI's record, its failures carry the CLI's counterexamples,
// and a bad request is a test failure with one clear line.
#include <gtest/gtest-spi.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <cstring>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include <nlohmann/json.hpp>
#include <numstab/testing.hpp>

#include "src/formats.hpp"  // the 16-bit kernels below round with numstab's own conversions

namespace {

using numstab::testing::Certifies;

float naive_tanhf(float x) { return 1.0f - 2.0f / (std::exp(2.0f * x) + 1.0f); }
// The same formula as suites/naive's naive_tanh, for the CLI to load.
float naive_tanh(float x) {
  return (std::exp(x) - std::exp(-x)) / (std::exp(x) + std::exp(-x));
}
double tanh_f64(double x) { return std::tanh(x); }
void tanh_batch_f64(const double* x, double* y, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) y[i] = std::tanh(x[i]);
}
float prelu_f32(float x, float a) { return x > 0 ? x : a * x; }
void prelu_batch_f32(const float* x, const float* a, float* y, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) y[i] = prelu_f32(x[i], a[i]);
}
float prelu_quarter(float x) { return x > 0 ? x : 0.25f * x; }

// The JSON record `numstab certify ... --json` writes.
nlohmann::json cli_record(const std::string& args) {
  const auto path = std::filesystem::temp_directory_path() /
                    ("numstab-public-api-" + std::to_string(::getpid()) + ".json");
  const std::string cmd = std::string(NUMSTAB_CLI) + " certify " + args + " --json " + path.string() + " >/dev/null";
  const int status = std::system(cmd.c_str());
  EXPECT_TRUE(WIFEXITED(status)) << cmd;
  std::ifstream in(path);
  EXPECT_TRUE(in) << "no record from: " << cmd;
  nlohmann::json j = nlohmann::json::parse(in, nullptr, false);
  std::filesystem::remove(path);
  return j;
}

// Every field but those that name the kernel or depend on scheduling.
nlohmann::json comparable(nlohmann::json j) {
  for (const char* key : {"kernel", "seconds", "oracle_tiers"}) j.erase(key);
  return j;
}

TEST(PublicApi, SameRecordAsTheCliForTheSameSeed) {
  const auto cli = cli_record("--op tanh --format f32 --kernel libm.so.6:tanhf --max-ulp 1 "
                              "--samples 20000 --seed 7 --range -3:3");
  numstab::testing::Settings s;
  s.op = "tanh";
  s.max_ulp = 1;
  s.samples = 20000;
  s.seed = 7;
  s.range = std::make_pair(-3.0, 3.0);
  const auto c = numstab::testing::certify(tanhf, s);
  ASSERT_EQ(c.error, "");
  EXPECT_EQ(comparable(nlohmann::json::parse(c.json)), comparable(cli)) << c.text;
  EXPECT_EQ(c.max_ulp, cli["max_ulp"].get<double>());
  EXPECT_EQ(c.worst_input, cli["argmax"].get<std::string>());
}

TEST(PublicApi, SameRecordAndCounterexamplesAsTheCliForANaiveKernel) {
  // The naive kernel has counterexamples: they must be the CLI's too.
  const auto cli = cli_record("--op tanh --format f32 --kernel " NUMSTAB_NAIVE_LIB
                              ":naive_tanh --max-ulp 4 --samples 5000 --seed 3");
  numstab::testing::Settings s;
  s.op = "tanh";
  s.max_ulp = 4;
  s.samples = 5000;
  s.seed = 3;
  const auto c = numstab::testing::certify(naive_tanh, s);
  ASSERT_EQ(c.error, "");
  ASSERT_FALSE(c.passed);
  ASSERT_FALSE(c.counterexamples.empty());
  EXPECT_EQ(comparable(nlohmann::json::parse(c.json)), comparable(cli));
}

TEST(PublicApi, FailureCarriesTheCounterexamples) {
  EXPECT_NONFATAL_FAILURE(EXPECT_THAT(naive_tanhf, Certifies("tanh", 4.0).samples(2000)),
                          "first counterexamples:\n  x = ");
  EXPECT_NONFATAL_FAILURE(EXPECT_THAT(naive_tanhf, Certifies("tanh", 4.0).samples(2000)), "verdict: FAIL");
}

TEST(PublicApi, PassingKernelsOfEveryShape) {
  EXPECT_THAT(tanhf, Certifies("tanh", 2.5).samples(5000));
  EXPECT_THAT(tanh_f64, Certifies("tanh", 2.5).samples(5000));
  EXPECT_THAT(tanh_batch_f64, Certifies("tanh", 2.5).samples(5000));
  EXPECT_THAT(prelu_f32, Certifies("prelu", 0.5).samples(5000));
  EXPECT_THAT(prelu_batch_f32, Certifies("prelu", 0.5).samples(5000));
  EXPECT_THAT(prelu_quarter, Certifies("prelu", 0.5).param("a", 0.25).samples(5000));
  EXPECT_THAT(prelu_f32, Certifies("prelu", 0.5).param("a", 0.25).samples(5000));
  const auto lambda = [](float x) { return std::tanh(x); };
  EXPECT_THAT(lambda, Certifies("tanh", 2.5).exhaustive().range(1.0, 1.001));
}

// 16-bit kernels on bit patterns: computed in double, rounded once.
uint16_t tanh_f16(uint16_t x) { return numstab::F16::from_double(std::tanh(numstab::F16::to_double(x))); }
uint16_t sigmoid_bf16(uint16_t x) {
  return numstab::BF16::from_double(1 / (1 + std::exp(-numstab::BF16::to_double(x))));
}
void sigmoid_bf16_batch(const uint16_t* x, uint16_t* y, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) y[i] = sigmoid_bf16(x[i]);
}
// Truncates instead of rounding: up to 1 ULP off.
uint16_t sigmoid_bf16_truncated(uint16_t x) {
  const float s = static_cast<float>(1 / (1 + std::exp(-numstab::BF16::to_double(x))));
  uint32_t b;
  std::memcpy(&b, &s, sizeof b);
  return static_cast<uint16_t>(b >> 16);
}

TEST(PublicApi, SixteenBitFormatsByName) {
  EXPECT_THAT(tanh_f16, Certifies<numstab::f16>("tanh", 0.5).exhaustive());
  EXPECT_THAT(sigmoid_bf16, Certifies<numstab::bf16>("sigmoid", 0.5).exhaustive());
  EXPECT_THAT(sigmoid_bf16_batch, Certifies<numstab::bf16>("sigmoid", 0.5).exhaustive());
  EXPECT_NONFATAL_FAILURE(
      EXPECT_THAT(sigmoid_bf16_truncated, Certifies<numstab::bf16>("sigmoid", 0.5).exhaustive()),
      "sigmoid bf16 kernel=callable uint16_t(uint16_t) mode=exhaustive inputs=65536");
}

TEST(PublicApi, WrongSlopeFails) {
  // A kernel with another slope than the one the matcher fixes is wrong.
  EXPECT_NONFATAL_FAILURE(EXPECT_THAT(prelu_quarter, Certifies("prelu", 0.5).param("a", 0.5).samples(500)),
                          "verdict: FAIL");
}

TEST(PublicApi, RecordsItsFiguresAsTestProperties) {
  EXPECT_THAT(tanhf, Certifies("tanh", 2.5).samples(1000));
  const auto* result = ::testing::UnitTest::GetInstance()->current_test_info()->result();
  std::map<std::string, std::string> props;
  for (int i = 0; i < result->test_property_count(); ++i)
    props[result->GetTestProperty(i).key()] = result->GetTestProperty(i).value();
  EXPECT_EQ(props["numstab.tanh.f32.inputs"], "1000");
  EXPECT_EQ(props["numstab.tanh.f32.verdict"], "pass");
  EXPECT_FALSE(props["numstab.tanh.f32.worst_input"].empty());
  const double max_ulp = std::stod(props["numstab.tanh.f32.max_ulp"]);
  EXPECT_GT(max_ulp, 0);
  EXPECT_LE(max_ulp, 2.5);
  EXPECT_TRUE(props.count("numstab.tanh.f32.mean_ulp"));
}

TEST(PublicApi, BadRequestsFailWithOneClearLine) {
  EXPECT_NONFATAL_FAILURE(EXPECT_THAT(tanhf, Certifies("tanhh", 1.0)), "numstab: error: unknown op 'tanhh'");
  EXPECT_NONFATAL_FAILURE(EXPECT_THAT(tanhf, Certifies("tanh", 1.0).range(1, 0)),
                          "numstab: error: range(1, 0): expected lo <= hi");
  EXPECT_NONFATAL_FAILURE(EXPECT_THAT(tanhf, Certifies("tanh", -1.0)),
                          "numstab: error: the bound must be a non-negative number");
  EXPECT_NONFATAL_FAILURE(EXPECT_THAT(tanhf, Certifies("tanh", NAN)),
                          "numstab: error: the bound must be a non-negative number");
  EXPECT_NONFATAL_FAILURE(EXPECT_THAT(tanhf, Certifies("tanh", 1.0).samples(0)), "numstab: error: samples(0)");
  EXPECT_NONFATAL_FAILURE(EXPECT_THAT(tanhf, Certifies("tanh", 1.0).param("alpha", 1)),
                          "numstab: error: 'tanh' has no parameter 'alpha'");
  EXPECT_NONFATAL_FAILURE(EXPECT_THAT(prelu_quarter, Certifies("prelu", 1.0)),
                          "numstab: error: 'prelu' is a two-operand op and the callable takes one");
  EXPECT_NONFATAL_FAILURE(EXPECT_THAT(prelu_f32, Certifies("tanh", 1.0)),
                          "numstab: error: 'tanh' takes one operand and the callable takes two");
  EXPECT_NONFATAL_FAILURE(EXPECT_THAT(tanh_f64, Certifies("tanh", 1.0).exhaustive()),
                          "numstab: error: exhaustive() over all of f64");
  EXPECT_NONFATAL_FAILURE(EXPECT_THAT(tanhf, Certifies("tanh", 1.0).range(0x1p-149 * 1.25, 0x1p-149 * 1.5).exhaustive()),
                          "numstab: error: no input of the format lies in the requested range");
}

}  // namespace
