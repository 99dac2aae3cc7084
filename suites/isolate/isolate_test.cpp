// --isolate: a kernel that crashes, aborts, exits or hangs is
// reported with the input (or block) and the signal instead of taking the
// harness down; a well-behaved kernel gives the same record as without it.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <csignal>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <regex>
#include <set>
#include <unistd.h>

#include "src/isolate/isolate.hpp"
#include "src/loader.hpp"
#include "src/record.hpp"

namespace numstab {
namespace {

const std::string kLib = NUMSTAB_ISOLATE_LIB;

Kernel fixture(const char* symbol, const OpInfo& op, Format f) {
  return make_kernel(kLib + ":" + symbol, Abi::scalar, op, f, op.resolve_params({}));
}

SweepConfig config(const OpInfo& op, Format f, int threads) {
  SweepConfig cfg;
  cfg.op = &op;
  cfg.params = op.resolve_params({});
  cfg.format = f;
  cfg.threads = threads;
  cfg.bound = 4;
  return cfg;
}

// The record without its wall time, nor the tiered oracle's fast/MPFR counts:
// with two threads those vary from run to run even without --isolate (seen:
// tanh f32, 20000 samples, seed 1: mpfr 649 or 654 on repeated plain runs).
nlohmann::json comparable(const Record& r) {
  nlohmann::json j = to_json(r);
  j.erase("seconds");
  j.erase("oracle_tiers");
  return j;
}

std::string value_text(Format f, double v) { return hex_text(v) + " (" + dec_text(f, v) + ")"; }

// Runs the sweep and returns KernelFailure's text ("" when nothing was thrown).
std::string failure_of(const SweepConfig& cfg, const InputSource& src, const Kernel& k) {
  try {
    sweep(cfg, src, k);
  } catch (const KernelFailure& e) {
    std::cout << "KernelFailure: " << e.what() << "\n";
    return e.what();
  }
  return "";
}

// ---- a well-behaved kernel: the same record ----------------------------------

struct SameCase {
  const char* name;
  const char* op;
  Format format;
  const char* kernel;  // "reference" or a fixture symbol
  Mode mode;
  double lo, hi;
  uint64_t samples;
};

void PrintTo(const SameCase& c, std::ostream* os) { *os << c.name; }

const SameCase kSameCases[] = {
    {"tanh_f32_reference_samples", "tanh", Format::f32, "reference", Mode::samples, -20, 20, 20000},
    // crash_tanhf is plain tanhf outside [2, 2.0001]: a loaded kernel, 4 blocks in flight.
    {"crash_tanhf_outside_its_defect", "tanh", Format::f32, "crash_tanhf", Mode::exhaustive, 1.99, 1.9999, 0},
    {"tanh_f16_reference_exhaustive", "tanh", Format::f16, "reference", Mode::exhaustive, -4, 4, 0},
    {"sigmoid_bf16_reference_samples", "sigmoid", Format::bf16, "reference", Mode::samples, -100, 100, 5000},
    {"exp_f64_reference_samples", "exp", Format::f64, "reference", Mode::samples, -10, 10, 5000},
    // prelu is binary: run2 with a second operand per input.
    {"prelu_f32_reference_samples", "prelu", Format::f32, "reference", Mode::samples, -10, 10, 5000},
};

class IsolateSameRecord : public ::testing::TestWithParam<SameCase> {};

TEST_P(IsolateSameRecord, AsWithoutIsolation) {
  const SameCase& c = GetParam();
  const OpInfo& op = require_op(c.op);
  const SweepConfig cfg = config(op, c.format, 2);  // two threads: two children at once
  const Kernel plain = std::string(c.kernel) == "reference"
                           ? reference_kernel(op, c.format, cfg.params)
                           : fixture(c.kernel, op, c.format);
  const Kernel isolated = isolate_kernel(plain, c.format, 10);
  const InputSource src = InputSource::for_op(op, c.format, c.mode, c.samples, 1, Range{c.lo, c.hi}, false);
  const Record want = sweep(cfg, src, plain);
  const Record got = sweep(cfg, src, isolated);
  std::cout << to_text(got);
  EXPECT_GT(got.inputs, 0u);
  EXPECT_EQ(comparable(got).dump(2), comparable(want).dump(2));
}

INSTANTIATE_TEST_SUITE_P(Isolate, IsolateSameRecord, ::testing::ValuesIn(kSameCases),
                         [](const auto& info) { return std::string(info.param.name); });

// ---- deaths and hangs ---------------------------------------------------------

// Every input of [lo, hi] in order, on one thread: the first block that fails
// is the first one in input order.
std::string exhaustive_failure(const char* symbol, double lo, double hi, double seconds) {
  const OpInfo& op = require_op("tanh");
  const SweepConfig cfg = config(op, Format::f32, 1);
  const InputSource src = InputSource::exhaustive(Format::f32, Range{lo, hi});
  return failure_of(cfg, src, isolate_kernel(fixture(symbol, op, Format::f32), Format::f32, seconds));
}

// 2 is the 840th input of [1.9999, 2.0002], in the middle of a block: the
// narrowing has to find it among inputs the kernel survives.
TEST(Isolate, CrashNamesTheFirstBadInputAndTheSignal) {
  const std::string what = exhaustive_failure("crash_tanhf", 1.9999, 2.0002, 10);
  EXPECT_EQ(what.rfind("kernel killed by signal SIGSEGV (Segmentation fault) at input 0x1p+1 (2) "
                       "(block of ", 0),
            0u)
      << what;
  EXPECT_EQ(what.find('\n'), std::string::npos) << what;
}

TEST(Isolate, AbortIsSigabrt) {
  // [-5.0002, -4.9999] ascending: the first input, -5.0002f, is already < -5.
  const std::string what = exhaustive_failure("abort_tanhf", -5.0002, -4.9999, 10);
  const double x0 = bits_to_double(Format::f32,
                                   InputSource::exhaustive(Format::f32, Range{-5.0002, -4.9999}).bits_at(0));
  EXPECT_EQ(what.rfind("kernel killed by signal SIGABRT (Aborted) at input " + value_text(Format::f32, x0) +
                           " (block of ",
                       0),
            0u)
      << what;
}

TEST(Isolate, ExitStatusIsReported) {
  const std::string what = exhaustive_failure("exit_tanhf", 0.9999, 1.0001, 10);
  EXPECT_EQ(what.rfind("kernel exited with status 3 at input 0x1p+0 (1) (block of ", 0), 0u) << what;
}

// The time limit names the block (no narrowing: that would cost a limit per input).
TEST(Isolate, HangReportedWithTheBlock) {
  const double lo = 2.9999, hi = 3.0001;
  const std::string what = exhaustive_failure("hang_tanhf", lo, hi, 0.5);
  const std::regex pattern(
      R"(^kernel hung: no result within 0\.5 s on the block of (\d+) inputs from (\S+) \((\S+)\) to (\S+) \((\S+)\)$)");
  std::smatch m;
  ASSERT_TRUE(std::regex_match(what, m, pattern)) << what;
  const double first = std::strtod(m[2].str().c_str(), nullptr), last = std::strtod(m[4].str().c_str(), nullptr);
  // The decimal is the shortest text that reads back as the same float.
  EXPECT_EQ(std::strtof(m[3].str().c_str(), nullptr), first) << what;
  EXPECT_EQ(std::strtof(m[5].str().c_str(), nullptr), last) << what;
  // The block holds 3, in ascending order, its size consistent with its ends.
  EXPECT_TRUE(first <= 3 && 3 <= last && lo <= first && last <= hi) << what;
  const uint64_t n = std::stoull(m[1].str());
  EXPECT_EQ(order_key(Format::f32, double_to_bits(Format::f32, last)) -
                order_key(Format::f32, double_to_bits(Format::f32, first)) + 1,
            n)
      << what;
}

// After a failure the next call forks a fresh child: the kernel is usable again.
TEST(Isolate, RestartsAfterAFailure) {
  const OpInfo& op = require_op("tanh");
  const Kernel plain = fixture("crash_tanhf", op, Format::f32);
  const Kernel isolated = isolate_kernel(plain, Format::f32, 10);
  const float bad[] = {1.0f, 2.0f, 3.0f};
  float y[3] = {};
  EXPECT_THROW(isolated.run(bad, y, 3), KernelFailure);
  const float good[] = {0.5f, -1.0f, 3.0f};
  float want[3] = {}, got[3] = {};
  plain.run(good, want, 3);
  isolated.run(good, got, 3);
  EXPECT_EQ(std::memcmp(want, got, sizeof got), 0);
}

// ---- the narrowing, on random blocks ------------------------------------------

enum class Death { segv, abort_, exit7, kill };

void die(Death d) {
  switch (d) {
    case Death::segv: std::raise(SIGSEGV); break;
    case Death::abort_: std::abort();
    case Death::exit7: std::exit(7);
    case Death::kill: std::raise(SIGKILL); break;
  }
}

const char* death_words(Death d) {
  switch (d) {
    case Death::segv: return "killed by signal SIGSEGV (Segmentation fault)";
    case Death::abort_: return "killed by signal SIGABRT (Aborted)";
    case Death::exit7: return "exited with status 7";
    case Death::kill: break;
  }
  return "killed by signal SIGKILL (Killed)";
}

// A batch kernel (identity) over a format's storage that dies on any input
// whose bit pattern is poisoned; the whole block is computed before the ack.
template <class Tag>
Kernel poisoned_identity(std::set<uint64_t> poison, Death d) {
  Kernel k;
  k.name = "poisoned_identity";
  k.run = [poison, d](const void* xv, void* yv, size_t n) {
    const auto* x = static_cast<const typename Tag::Storage*>(xv);
    auto* y = static_cast<typename Tag::Storage*>(yv);
    for (size_t i = 0; i < n; ++i) {
      if (poison.count(Tag::to_bits(x[i]))) die(d);
      y[i] = x[i];
    }
  };
  return k;
}

template <class Tag>
void names_first_poisoned_input() {
  using Bits = typename Tag::Bits;
  const Format f = Tag::format;
  // Blocks of one input, of the sweep's sizes, and larger than a round trip carries.
  const auto n = *rc::gen::weightedOneOf<size_t>({{1, rc::gen::just<size_t>(1)},
                                                  {8, rc::gen::inRange<size_t>(2, 600)},
                                                  {1, rc::gen::inRange<size_t>(kIsolatedBlockMax, 9000)}});
  // Finite values only (a NaN's decimal text is just "nan"): draw bit patterns, keep finite.
  // Not shrunk: thousands of values would make a failure shrink for minutes.
  const std::vector<Bits> x = *rc::gen::noShrink(rc::gen::container<std::vector<Bits>>(
      n, rc::gen::suchThat(rc::gen::arbitrary<Bits>(),
                           [f](Bits v) { return std::isfinite(bits_to_double(f, v)); })));
  const auto poisoned_count = *rc::gen::inRange<size_t>(0, 4);
  std::set<uint64_t> poison;
  // A split call has its poison past the first block half of the time.
  const size_t lowest = n > kIsolatedBlockMax ? *rc::gen::element<size_t>(0, kIsolatedBlockMax) : 0;
  for (size_t i = 0; i < poisoned_count; ++i) poison.insert(x[*rc::gen::inRange<size_t>(lowest, n)]);
  const Death d = *rc::gen::element(Death::segv, Death::abort_, Death::exit7, Death::kill);
  const Kernel isolated = isolate_kernel(poisoned_identity<Tag>(poison, d), f, 10);
  std::vector<typename Tag::Storage> in(n), out(n);
  for (size_t i = 0; i < n; ++i) in[i] = Tag::from_bits(x[i]);
  std::string what;
  try {
    isolated.run(in.data(), out.data(), n);
  } catch (const KernelFailure& e) {
    what = e.what();
  }
  if (poison.empty()) {
    RC_ASSERT(what == "");
    for (size_t i = 0; i < n; ++i) RC_ASSERT(Tag::to_bits(out[i]) == x[i]);
    return;
  }
  size_t first = 0;
  while (!poison.count(x[first])) ++first;
  // The block is the piece of at most kIsolatedBlockMax inputs that holds it.
  const size_t start = first / kIsolatedBlockMax * kIsolatedBlockMax;
  const size_t len = std::min(kIsolatedBlockMax, n - start);
  std::string want = std::string("kernel ") + death_words(d) + " at input " +
                     value_text(f, bits_to_double(f, x[first]));
  if (len > 1)  // a one-input block is just its input
    want += " (block of " + std::to_string(len) + " inputs from " + value_text(f, bits_to_double(f, x[start])) +
            " to " + value_text(f, bits_to_double(f, x[start + len - 1])) + ")";
  RC_TAG(death_words(d));
  RC_CLASSIFY(first == 0, "first input poisoned");
  RC_CLASSIFY(len == 1, "one-input block");
  RC_CLASSIFY(n > kIsolatedBlockMax, "call split into blocks");
  if (what != want) RC_FAIL("got  " + what + "\nwant " + want);
}

RC_GTEST_PROP(Isolate, NamesFirstPoisonedInputF32, ()) { names_first_poisoned_input<F32>(); }
RC_GTEST_PROP(Isolate, NamesFirstPoisonedInputF16, ()) { names_first_poisoned_input<F16>(); }

}  // namespace
}  // namespace numstab
