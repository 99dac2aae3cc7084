// The public gradcheck entry (numstab/gradcheck.hpp): a user's forward and VJP
// callables judged as `numstab gradcheck` judges the same kernels loaded from
// a library.
#include <dlfcn.h>
#include <gtest/gtest-spi.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>
#include <numstab/testing.hpp>

namespace {

using numstab::testing::PassesGradcheck;

using Forward = void (*)(const double*, double*, std::size_t);
using Vjp = void (*)(const double*, const double*, double*, std::size_t);

template <class Fn>
Fn fixture(const char* symbol) {
  void* lib = dlopen(NUMSTAB_GRADCHECK_FIXTURES, RTLD_NOW | RTLD_LOCAL);
  EXPECT_NE(lib, nullptr) << dlerror();
  void* sym = lib ? dlsym(lib, symbol) : nullptr;
  EXPECT_NE(sym, nullptr) << symbol;
  return reinterpret_cast<Fn>(sym);
}

nlohmann::json cli_gradcheck(const std::string& args) {
  const auto path = std::filesystem::temp_directory_path() /
                    ("numstab-gradcheck-api-" + std::to_string(::getpid()) + ".json");
  const std::string cmd = std::string(NUMSTAB_CLI) + " gradcheck " + args + " --json " + path.string() + " >/dev/null";
  const int status = std::system(cmd.c_str());
  EXPECT_TRUE(WIFEXITED(status)) << cmd;
  std::ifstream in(path);
  nlohmann::json j = nlohmann::json::parse(in, nullptr, false);
  std::filesystem::remove(path);
  for (const char* key : {"kernel", "grad_kernel"}) j.erase(key);
  for (auto& g : j["gradients"]) g.erase("kernel");
  return j;
}

nlohmann::json without_kernel_names(const std::string& json) {
  nlohmann::json j = nlohmann::json::parse(json);
  for (const char* key : {"kernel", "grad_kernel"}) j.erase(key);
  for (auto& g : j["gradients"]) g.erase("kernel");
  return j;
}

TEST(PublicGradcheck, SameVerdictAndRecordAsTheCli) {
  const std::string lib = NUMSTAB_GRADCHECK_FIXTURES;
  for (const char* vjp : {"softmax_vjp_f64", "softmax_vjp_no_dot_f64"}) {
    SCOPED_TRACE(vjp);
    const auto cli = cli_gradcheck("--op softmax --format f64 --n 8 --cases 40 --seed 5 --kernel " + lib +
                                   ":softmax_f64 --grad-kernel " + lib + ":" + vjp);
    const auto r = numstab::testing::gradcheck(*fixture<Forward>("softmax_f64"), *fixture<Vjp>(vjp),
                                               {.op = "softmax", .n = 8, .cases = 40, .seed = 5});
    ASSERT_EQ(r.error, "");
    EXPECT_EQ(without_kernel_names(r.json), cli);
    EXPECT_EQ(r.passed, cli["verdict"] == "pass");
  }
}

// A user's softmax written in C++, and its VJP with and without <dy, y>.
void softmax(const double* x, double* y, std::size_t n) {
  double max = -INFINITY, sum = 0;
  for (std::size_t i = 0; i < n; ++i) max = std::isnan(x[i]) || x[i] > max ? x[i] : max;
  for (std::size_t i = 0; i < n; ++i) sum += y[i] = std::exp(x[i] - max);
  for (std::size_t i = 0; i < n; ++i) y[i] /= sum;
}
void softmax_vjp(const double* x, const double* dy, double* dx, std::size_t n) {
  softmax(x, dx, n);
  double dot = 0;
  for (std::size_t i = 0; i < n; ++i) dot += dy[i] * dx[i];
  for (std::size_t i = 0; i < n; ++i) dx[i] *= dy[i] - dot;
}
void softmax_vjp_without_dot(const double* x, const double* dy, double* dx, std::size_t n) {
  softmax(x, dx, n);
  for (std::size_t i = 0; i < n; ++i) dx[i] *= dy[i];
}

TEST(PublicGradcheck, PassesACorrectPairAndFailsAMissingTerm) {
  EXPECT_TRUE(PassesGradcheck(softmax, softmax_vjp, {.op = "softmax", .n = 16}));
  EXPECT_NONFATAL_FAILURE(EXPECT_TRUE(PassesGradcheck(softmax, softmax_vjp_without_dot, {.op = "softmax", .n = 16})),
                          "verdict: FAIL");
  EXPECT_NONFATAL_FAILURE(EXPECT_TRUE(PassesGradcheck(softmax, softmax_vjp, {.op = "softmaxx"})),
                          "numstab: error: unknown op 'softmaxx' for gradcheck");
  EXPECT_NONFATAL_FAILURE(EXPECT_TRUE(PassesGradcheck(softmax, softmax_vjp, {.op = "softmax", .n = 0})),
                          "numstab: error: --n must be at least 1");
}

}  // namespace
