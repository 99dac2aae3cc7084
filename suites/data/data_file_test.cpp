// --data FILE.npy: files are read bit-exactly in every format and layout, every
// malformed file is one UsageError line (smoke), and a sweep of recorded
// outputs is the sweep of the kernel that produced them (oracle tier).
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <unistd.h>

#include "properties/generators.hpp"
#include "src/data/data_file.hpp"
#include "src/errors.hpp"
#include "src/record.hpp"
#include "suites/data/npy_fixtures.hpp"

namespace numstab {
namespace {

using npyfix::Rows;

// A file of this test, removed when it goes out of scope.
class TempFile {
 public:
  explicit TempFile(const std::string& bytes) {
    static int counter = 0;
    path_ = (std::filesystem::temp_directory_path() /
             ("numstab-data-test-" + std::to_string(getpid()) + "-" + std::to_string(counter++) + ".npy"))
                .string();
    npyfix::write_file(path_, bytes);
  }
  ~TempFile() { std::filesystem::remove(path_); }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// What load_data_file says about these bytes: "" when it loads them.
// The UsageError message of loading `path` ("" when it loads).
std::string path_error(const std::string& path, const OpInfo& op, Format f) {
  try {
    load_data_file(path, op, f);
    return "";
  } catch (const UsageError& e) {
    return e.what();
  }
}

std::string load_error(const std::string& bytes, const OpInfo& op, Format f, std::string* path_out = nullptr) {
  TempFile file(bytes);
  if (path_out) *path_out = file.path();
  return path_error(file.path(), op, f);
}

// Every row of the data set as the sweep sees it: x, second operand, output bits.
Rows rows_seen(const DataSet& d, Format f) {
  Rows r;
  const size_t n = static_cast<size_t>(d.source.size());
  dispatch(f, [&](auto tag) {
    using Tag = decltype(tag);
    std::vector<typename Tag::Storage> y(n);
    d.kernel.recorded(0, y.data(), n);
    for (size_t i = 0; i < n; ++i) {
      r.x.push_back(d.source.bits_at(i));
      if (d.source.has_second_operand()) r.a.push_back(d.source.second_bits_at(i));
      r.y.push_back(Tag::to_bits(y[i]));
    }
  });
  return r;
}

// Random rows of arbitrary bit patterns of the format (NaN payloads included).
Rows random_rows(Format f, bool binary) {
  const uint64_t mask = spec(f).total_bits == 64 ? ~uint64_t{0} : (uint64_t{1} << spec(f).total_bits) - 1;
  const size_t n = *rc::gen::inRange<size_t>(1, 200);
  const auto word = [&] { return *props::full_size(rc::gen::arbitrary<uint64_t>()) & mask; };
  Rows r;
  for (size_t i = 0; i < n; ++i) {
    r.x.push_back(word());
    if (binary) r.a.push_back(word());
    r.y.push_back(word());
  }
  return r;
}

// ---- smoke tier: reading, no oracle -------------------------------------------

RC_GTEST_PROP(SmokeDataFile, ReadsEveryFormatBitExactInBothLayouts, ()) {
  const Format f = *rc::gen::elementOf(std::vector<Format>(std::begin(kAllFormats), std::end(kAllFormats)));
  const bool binary = *rc::gen::arbitrary<bool>();
  const bool fortran = *rc::gen::arbitrary<bool>();
  // f16 files may hold numpy float16 or uint16 bit patterns: same bits.
  const std::string descr = f == Format::f16 && *rc::gen::arbitrary<bool>() ? "<u2" : npyfix::natural_dtype(f);
  const OpInfo& op = require_op(binary ? "prelu" : "tanh");
  const Rows rows = random_rows(f, binary);
  TempFile file(npyfix::npy_of(rows, f, descr, fortran));
  const DataSet d = load_data_file(file.path(), op, f);
  RC_ASSERT(d.kernel.name == "data:" + file.path());
  RC_ASSERT(d.source.mode() == Mode::data);
  RC_ASSERT(d.source.size() == rows.size());
  RC_ASSERT(d.source.has_second_operand() == binary);
  const Rows seen = rows_seen(d, f);
  RC_ASSERT(seen.x == rows.x);
  RC_ASSERT(seen.a == rows.a);
  RC_ASSERT(seen.y == rows.y);
}

// Cutting a good file anywhere leaves a malformed one: never a crash, never a load.
RC_GTEST_PROP(SmokeDataFile, EveryTruncationIsAUsageError, ()) {
  const Format f = *rc::gen::elementOf(std::vector<Format>(std::begin(kAllFormats), std::end(kAllFormats)));
  const std::string good = npyfix::npy_of(random_rows(f, false), f, npyfix::natural_dtype(f));
  const size_t cut = *rc::gen::inRange<size_t>(0, good.size());
  const std::string message = load_error(good.substr(0, cut), require_op("tanh"), f);
  RC_ASSERT(!message.empty());
  RC_ASSERT(message.find('\n') == std::string::npos);
}

// Any bytes of the header changed: a load or a UsageError, never anything else
// (xtensor's parser meets arbitrary text here).
RC_GTEST_PROP(SmokeDataFile, CorruptedHeaderIsLoadedOrAUsageError, ()) {
  const Rows rows = random_rows(Format::f32, false);
  std::string bytes = npyfix::npy_of(rows, Format::f32, "<f4");
  const size_t changes = *rc::gen::inRange<size_t>(1, 6);
  for (size_t i = 0; i < changes; ++i) {
    const size_t at = *rc::gen::inRange<size_t>(0, 64);
    // Printable characters and the header's own punctuation make the parser go deepest.
    bytes[at] = *rc::gen::oneOf(rc::gen::elementOf(std::string("{}()',: 0123456789\n<>fuTF")),
                                rc::gen::arbitrary<char>());
  }
  std::string message;
  try {
    message = load_error(bytes, require_op("tanh"), Format::f32);
  } catch (const std::exception& e) {
    RC_FAIL(std::string("not a UsageError: ") + e.what());
  }
  RC_ASSERT(message.find('\n') == std::string::npos);
}

TEST(SmokeDataFile, EachMalformedFileIsOneUsageErrorNamingTheFileAndTheFault) {
  for (const auto& c : npyfix::malformed_cases()) {
    std::string path;
    const std::string message = load_error(c.bytes, require_op(c.op), c.format, &path);
    std::cout << c.name << ": " << message << "\n";
    EXPECT_NE(message.find("--data '" + path + "': "), std::string::npos) << c.name << ": " << message;
    EXPECT_NE(message.find(c.expected), std::string::npos)
        << c.name << ": expected '" << c.expected << "' in: " << message;
    EXPECT_EQ(message.find('\n'), std::string::npos) << c.name << ": " << message;
  }
}

TEST(SmokeDataFile, MissingFileAndDirectoryAreUsageErrors) {
  const std::string missing = "/nonexistent/numstab-data.npy";
  const std::string dir = std::filesystem::temp_directory_path().string();
  EXPECT_EQ(path_error(missing, require_op("tanh"), Format::f32), "--data '" + missing + "': no such file");
  EXPECT_EQ(path_error(dir, require_op("tanh"), Format::f32), "--data '" + dir + "': not a regular file");
}

// ---- oracle tier: sweeps of recorded outputs ----------------------------------

SweepConfig certify_config(const OpInfo& op, Format f) {
  SweepConfig cfg;
  cfg.op = &op;
  cfg.params = op.resolve_params({});
  cfg.format = f;
  cfg.bound = f == Format::f64 ? op.reference_bound_f64 : 1.0;
  return cfg;
}

// Everything a record measures; not the mode, the kernel's name or the time.
void expect_same_measurements(const Record& data, const Record& direct, const std::string& what) {
  SCOPED_TRACE(what + "\n--- from the file ---\n" + to_text(data) + "--- from the kernel ---\n" + to_text(direct));
  EXPECT_EQ(data.inputs, direct.inputs);
  EXPECT_EQ(data.max_ulp, direct.max_ulp);
  EXPECT_EQ(data.max_ulp_normal, direct.max_ulp_normal);
  EXPECT_EQ(data.max_ulp_subnormal, direct.max_ulp_subnormal);
  EXPECT_EQ(data.mean_ulp, direct.mean_ulp);
  EXPECT_EQ(data.has_argmax, direct.has_argmax);
  EXPECT_EQ(data.argmax_bits, direct.argmax_bits);
  EXPECT_EQ(data.argmax_got, direct.argmax_got);
  EXPECT_EQ(data.argmax_second, direct.argmax_second);
  EXPECT_EQ(data.argmax_exact, direct.argmax_exact);
  EXPECT_EQ(data.mismatches, direct.mismatches);
  EXPECT_EQ(data.histogram, direct.histogram);
  EXPECT_EQ(data.violations, direct.violations);
  EXPECT_EQ(data.binade_unresolved, direct.binade_unresolved);
  EXPECT_EQ(data.counterexamples.size(), direct.counterexamples.size());
  EXPECT_EQ(data.mode, "data");
  EXPECT_EQ(data.kernel.rfind("data:", 0), 0u);
}

// The reference kernel's outputs written to a file and swept from it give the
// record of sweeping the kernel itself over the same inputs, in every format,
// for a unary op and a binary one (whose slope varies per row).
TEST(DataFile, RecordEqualsTheSweepOfTheKernelThatWroteIt) {
  struct Case {
    const char* op;
    Format format;
    std::string descr;
  };
  const std::vector<Case> cases = {{"tanh", Format::f64, "<f8"}, {"tanh", Format::f32, "<f4"},
                                   {"tanh", Format::f16, "<f2"}, {"tanh", Format::f16, "<u2"},
                                   {"tanh", Format::bf16, "<u2"}, {"prelu", Format::f32, "<f4"},
                                   {"prelu", Format::bf16, "<u2"}};
  for (const auto& c : cases) {
    const OpInfo& op = require_op(c.op);
    const SweepConfig cfg = certify_config(op, c.format);
    const InputSource src = InputSource::for_op(op, c.format, Mode::samples, 3000, 20261126, std::nullopt, false);
    const Kernel reference = reference_kernel(op, c.format, cfg.params);
    TempFile file(npyfix::npy_of(npyfix::rows_of(src, reference, c.format), c.format, c.descr));
    const DataSet d = load_data_file(file.path(), op, c.format);
    const Record from_file = sweep(cfg, d.source, d.kernel);
    const Record direct = sweep(cfg, src, reference);
    const std::string what = std::string(c.op) + " " + spec(c.format).name + " " + c.descr;
    std::cout << what << ": " << from_file.inputs << " rows, max " << from_file.max_ulp << " ULP at "
              << hex_text(from_file.argmax) << ", mean " << from_file.mean_ulp << " ULP, "
              << (from_file.passed() ? "PASS" : "FAIL") << "\n";
    expect_same_measurements(from_file, direct, what);
    EXPECT_TRUE(from_file.passed()) << what;
    EXPECT_EQ(from_file.kernel, "data:" + file.path());
  }
}

// Rows of tanh in f32 from the reference kernel, made once.
const Rows& tanh_f32_rows() {
  static const Rows rows = [] {
    const OpInfo& op = require_op("tanh");
    const InputSource src = InputSource::for_op(op, Format::f32, Mode::samples, 2000, 7, std::nullopt, false);
    return npyfix::rows_of(src, reference_kernel(op, Format::f32, op.resolve_params({})), Format::f32);
  }();
  return rows;
}

// Three outputs moved 1000 ULP: the certify fails on exactly those three inputs.
RC_GTEST_PROP(DataFile, PerturbedOutputsAreExactlyTheCounterexamples, ()) {
  Rows rows = tanh_f32_rows();
  const auto index = rc::gen::inRange<size_t>(0, rows.size());
  std::vector<size_t> picked = {*index, *index, *index};
  std::vector<uint64_t> inputs;
  for (size_t i : picked) {
    const double x = bits_to_double(Format::f32, rows.x[i]);
    RC_PRE(!std::isnan(x));
    inputs.push_back(rows.x[i]);
  }
  std::sort(inputs.begin(), inputs.end());
  RC_PRE(std::adjacent_find(inputs.begin(), inputs.end()) == inputs.end());  // three distinct inputs
  for (size_t i : picked) rows.y[i] = npyfix::away_from_zero(rows.y[i], 1000);

  const OpInfo& op = require_op("tanh");
  TempFile file(npyfix::npy_of(rows, Format::f32, "<f4"));
  const DataSet d = load_data_file(file.path(), op, Format::f32);
  const Record r = sweep(certify_config(op, Format::f32), d.source, d.kernel);
  std::vector<uint64_t> named;
  for (const auto& c : r.counterexamples) named.push_back(c.input_bits);
  std::sort(named.begin(), named.end());
  RC_ASSERT(r.violations == 3u);
  RC_ASSERT(named == inputs);
  RC_ASSERT(r.max_ulp >= 999.0);
}

}  // namespace
}  // namespace numstab
