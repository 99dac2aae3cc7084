// The report's "Third-party libraries and frameworks" table: it renders one
// cell per row (op and format) of reports/kernel_sets/libraries.json from that
// row's certify record,
// and refuses (UsageError naming the file and the field) a folder where a
// record is missing, lacks a field the table shows, or belongs to another row.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "properties/test_support.hpp"
#include "reports/libraries.hpp"
#include "reports/report.hpp"
#include "src/errors.hpp"
#include "src/formats.hpp"
#include "src/record.hpp"

namespace numstab {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

json read_json(const fs::path& p) {
  std::ifstream in(p);
  return json::parse(in);
}

void write_json(const fs::path& p, const json& j) {
  fs::create_directories(p.parent_path());
  std::ofstream(p) << j.dump(2) << "\n";
}

// Every input of a format: what an exhaustive record counts.
uint64_t exhaustive_inputs(const std::string& format) {
  return uint64_t{1} << spec(*parse_format(format)).total_bits;
}

// One row of libraries.json: where its record lives and what the cell must say.
struct Row {
  std::string set, op, format, spec, subnormal;
  std::string framework, isa;  // a framework set's; empty for a library
  double bound = 0;
  fs::path record;
};

// A folder laid out like the suites write it: a copy of the rows file and, per
// row, a record made by numstab's own record writer (src/record.cpp), with a
// distinct maximum per row so each cell can be told apart.
class RecordsFolder {
 public:
  RecordsFolder() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() / fmt::format("numstab-libraries-{}-{}", info->name(), getpid());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    fs::copy_file(NUMSTAB_LIBRARY_ROWS, dir_ / "libraries.json");
    const json rows = read_json(NUMSTAB_LIBRARY_ROWS);
    int k = 0;
    for (const auto& set : rows.at("sets"))
      for (const auto& [op, by_format] : set.at("kernels").items())
        for (const auto& [format, spec] : by_format.items()) {
          const json& b = set.at("bounds").at(op).at(format);
          Row r{set.at("name"), op, format, spec, b.at("subnormal"),
                set.value("framework", ""), set.value("isa", ""), b.at("ulp"), {}};
          r.record = dir_ / r.set / format / (op + ".json");
          write_json(r.record, record_for(r, ++k));
          rows_.push_back(r);
        }
  }
  ~RecordsFolder() {
    if (!::testing::Test::HasFailure()) fs::remove_all(dir_);
  }
  const fs::path& dir() const { return dir_; }
  const std::vector<Row>& rows() const { return rows_; }

  // Row k's maximum: 0.25 + k / 8 ULP, at the input k (hexfloat 0x1.8p+1 ...).
  static json record_for(const Row& r, int k) {
    Record rec;
    rec.op = r.op;
    rec.format = r.format;
    rec.kernel = r.spec;
    rec.mode = k % 2 ? "exhaustive" : "samples";
    rec.inputs = k % 2 ? exhaustive_inputs(r.format) : 20000;
    rec.seed = k % 2 ? 1 : 20261126;
    rec.max_ulp = rec.max_ulp_normal = 0.25 + k / 8.0;
    rec.max_ulp_subnormal = 0.5;
    rec.has_argmax = true;
    rec.argmax = k;
    rec.argmax_exact = "0x1p+0";
    rec.bound = r.bound;
    rec.judge_subnormal = r.subnormal == "judge";
    rec.violations = rec.max_ulp > r.bound ? 1 : 0;
    json j = to_json(rec);
    // What certify's add_framework writes for --kernel torch|onednn.
    if (!r.framework.empty())
      j["framework"] = {{"framework", r.framework}, {"version", "1.13.0"}, {"call", "at::" + r.op + "(x)"},
                        {"isa", r.isa}, {"isa_requested", r.isa}, {"params", json::object()},
                        {"position", "body"}, {"position_dependence", "not checked (--no-position-check)"}};
    return j;
  }

 private:
  fs::path dir_;
  std::vector<Row> rows_;
};

std::string usage_error(const std::string& dir) {
  try {
    read_library_table(dir);
  } catch (const UsageError& e) {
    return e.what();
  }
  return "";
}

TEST(LibraryTable, EveryRowRendersItsRecord) {
  RecordsFolder f;
  const LibraryTable t = read_library_table(f.dir().string());
  ASSERT_FALSE(f.rows().empty());
  // Columns: op, format, then one per library set in file order.
  const json rows = read_json(NUMSTAB_LIBRARY_ROWS);
  ASSERT_EQ(t.table.header.size(), rows.at("sets").size() + 2);
  ASSERT_EQ(t.row_format.size(), t.table.rows.size());
  int k = 0;
  for (const auto& r : f.rows()) {
    ++k;
    size_t row = 0;
    while (row < t.table.rows.size() && (t.table.row_op[row] != r.op || t.row_format[row] != r.format)) ++row;
    ASSERT_LT(row, t.table.rows.size()) << r.op << " " << r.format;
    EXPECT_EQ(t.table.rows[row][1], r.format);
    size_t column = 2;
    for (const auto& set : rows.at("sets")) {
      if (set.at("name") == r.set) break;
      ++column;
    }
    const std::string& cell = t.table.rows[row][column];
    const std::string max = fmt::format("{:.4f}", 0.25 + k / 8.0);
    const std::string argmax = hex_text(static_cast<double>(k));
    EXPECT_NE(cell.find(max + " at " + argmax), std::string::npos) << r.set << " " << r.op << ": " << cell;
    EXPECT_NE(cell.find(0.25 + k / 8.0 <= r.bound ? "PASS" : "FAIL"), std::string::npos) << cell;
    EXPECT_NE(cell.find(k % 2 ? fmt::format("exhaustive, {} inputs", exhaustive_inputs(r.format))
                              : "20000 samples, seed 20261126"),
              std::string::npos)
        << cell;
    if (r.subnormal == "ignore") {
      EXPECT_NE(cell.find("normal results"), std::string::npos) << cell;
    }
    if (!r.framework.empty()) {
      EXPECT_NE(cell.find(fmt::format("{} 1.13.0, at::{}(x) on {}, body position", r.framework, r.op, r.isa)),
                std::string::npos)
          << cell;
    }
  }
  // A library without the function shows '-', never an empty cell.
  for (const auto& row : t.table.rows)
    for (const auto& cell : row) EXPECT_FALSE(cell.empty());
  // Every source cited by a cell is listed.
  for (const auto& key : {"glibc-manual", "sleef-docs", "ours-eigen", "ours-frameworks"}) {
    const bool listed = std::any_of(t.sources.begin(), t.sources.end(),
                                    [&](const std::string& s) { return s.rfind(key, 0) == 0; });
    EXPECT_TRUE(listed) << key;
  }
  const std::string md = library_markdown(t);
  EXPECT_NE(md.find("## Third-party libraries and frameworks"), std::string::npos);
  EXPECT_NE(md.find("| op | format | glibc | SLEEF u10 | SLEEF u35/u15 | Eigen (SSE2) | PyTorch 1.13 (avx2) | oneDNN 2.6 (avx2) |"), std::string::npos) << md;
  const std::string page = with_library_html("<html><body>\n<p>x</p>\n</body>\n</html>\n", t);
  EXPECT_LT(page.find("id=\"libraries\""), page.find("</body>"));
}

TEST(LibraryTable, MissingRecordIsAnError) {
  RecordsFolder f;
  const Row& r = f.rows().back();
  fs::remove(r.record);
  const std::string what = usage_error(f.dir().string());
  EXPECT_NE(what.find(r.record.string()), std::string::npos) << what;
}

TEST(LibraryTable, MissingRowsFileIsAnError) {
  RecordsFolder f;
  fs::remove(f.dir() / "libraries.json");
  EXPECT_NE(usage_error(f.dir().string()).find("libraries.json"), std::string::npos);
}

// Every field a cell shows: without it the table must refuse, not print a blank.
TEST(LibraryTable, RecordMissingAFieldIsAnError) {
  for (const std::string name : {"op", "format", "kernel", "mode", "inputs", "seed", "max_ulp", "argmax",
                                 "max_ulp_normal", "max_ulp_subnormal", "mismatches", "bound_ulp",
                                 "subnormal", "verdict"}) {
    RecordsFolder f;
    // An Eigen row judges normal results only, so it shows every field above.
    const auto r = std::find_if(f.rows().begin(), f.rows().end(), [](const Row& x) { return x.subnormal == "ignore"; });
    ASSERT_NE(r, f.rows().end());
    json rec = read_json(r->record);
    rec.erase(name);
    write_json(r->record, rec);
    const std::string what = usage_error(f.dir().string());
    EXPECT_NE(what.find(fmt::format("has no \"{}\"", name)), std::string::npos) << name << ": " << what;
    EXPECT_NE(what.find(r->record.string()), std::string::npos) << what;
  }
}

// A field of the wrong type (a fuzzer's find: a number where a string belongs
// threw nlohmann's type_error past the reader) is one named error, in a record
// and in the rows file alike.
TEST(LibraryTable, FieldOfTheWrongTypeIsAnError) {
  for (const std::string name : {"kernel", "mode", "inputs", "seed", "max_ulp", "argmax", "max_ulp_normal",
                                 "bound_ulp", "verdict"}) {
    RecordsFolder f;
    const auto r = std::find_if(f.rows().begin(), f.rows().end(), [](const Row& x) { return x.subnormal == "ignore"; });
    ASSERT_NE(r, f.rows().end());
    json rec = read_json(r->record);
    rec[name] = json::array({1});
    write_json(r->record, rec);
    const std::string what = usage_error(f.dir().string());
    EXPECT_NE(what.find(fmt::format("\"{}\" must be", name)), std::string::npos) << name << ": " << what;
    EXPECT_NE(what.find(r->record.string()), std::string::npos) << what;
  }
  for (const auto& [where, value] : std::vector<std::pair<std::string, json>>{
           {"title", 7}, {"name", 7}, {"kernels", "exp"}, {"source", 0}, {"ulp", "one"}}) {
    RecordsFolder f;
    json rows = read_json(f.dir() / "libraries.json");
    json& set = rows.at("sets").at(0);
    const std::string op = set.at("kernels").begin().key();
    if (where == "source" || where == "ulp") set.at("bounds").at(op).at("f32")[where] = value;
    else set[where] = value;
    write_json(f.dir() / "libraries.json", rows);
    const std::string what = usage_error(f.dir().string());
    EXPECT_NE(what.find("must be"), std::string::npos) << where << ": " << what;
    EXPECT_NE(what.find("libraries.json"), std::string::npos) << what;
  }
  // The fuzzer's own input: a cited source whose text is a number.
  RecordsFolder f;
  json rows = read_json(f.dir() / "libraries.json");
  for (auto& [key, text] : rows.at("sources").items()) text = 0;
  write_json(f.dir() / "libraries.json", rows);
  EXPECT_NE(usage_error(f.dir().string()).find("must be a string"), std::string::npos);
}

// A record of another op, symbol or bound in a row's place is stale, not shown.
TEST(LibraryTable, RecordOfAnotherRowIsAnError) {
  for (const auto& [name, value] : std::vector<std::pair<std::string, json>>{
           {"op", "sigmoid"}, {"kernel", "libm.so.6:coshf"}, {"bound_ulp", 100.0}, {"format", "f64"}}) {
    RecordsFolder f;
    const Row& r = f.rows().front();
    json rec = read_json(r.record);
    rec[name] = value;
    write_json(r.record, rec);
    const std::string what = usage_error(f.dir().string());
    EXPECT_NE(what.find("is not the row's record"), std::string::npos) << name << ": " << what;
  }
}

// The first framework set in the rows file (its index), which the data must have.
size_t first_framework_set(const json& rows) {
  for (size_t i = 0; i < rows.at("sets").size(); ++i)
    if (rows.at("sets").at(i).contains("framework")) return i;
  ADD_FAILURE() << "no framework set in " << NUMSTAB_LIBRARY_ROWS;
  return 0;
}

// A framework set names its framework and ISA, and every kernel in it is that
// framework's: anything else is the rows file's error, named.
TEST(LibraryTable, FrameworkSetFieldsAreValidated) {
  const auto edited = [](const std::function<void(json& set, json& library_set)>& edit) {
    RecordsFolder f;
    json rows = read_json(f.dir() / "libraries.json");
    edit(rows.at("sets").at(first_framework_set(rows)), rows.at("sets").at(0));
    write_json(f.dir() / "libraries.json", rows);
    return usage_error(f.dir().string());
  };
  EXPECT_NE(edited([](json& s, json&) { s["framework"] = "tensorflow"; }).find("framework 'tensorflow'"),
            std::string::npos);
  EXPECT_NE(edited([](json& s, json&) { s.erase("isa"); }).find("has no \"isa\""), std::string::npos);
  EXPECT_NE(edited([](json& s, json&) { s["isa"] = ""; }).find("empty \"isa\""), std::string::npos);
  EXPECT_NE(edited([](json& s, json&) { s["isa"] = 2; }).find("\"isa\" must be a string"), std::string::npos);
  EXPECT_NE(edited([](json&, json& lib) { lib["isa"] = "avx2"; }).find("but no \"framework\""), std::string::npos);
  const std::string other = edited([](json& s, json&) {
    const std::string fw = s.at("framework");
    s.at("kernels").begin().value()["f32"] = fw == "torch" ? "onednn" : "torch";
  });
  EXPECT_NE(other.find("but kernels."), std::string::npos) << other;
}

// A format the tool does not have is the rows file's error, named; a record
// of another format in a row's place is stale.
TEST(LibraryTable, UnknownFormatIsAnError) {
  RecordsFolder f;
  json rows = read_json(f.dir() / "libraries.json");
  json& by_format = rows.at("sets").at(0).at("kernels").begin().value();
  by_format["f8"] = by_format.begin().value();
  write_json(f.dir() / "libraries.json", rows);
  const std::string what = usage_error(f.dir().string());
  EXPECT_NE(what.find("names format 'f8'"), std::string::npos) << what;
}

// A framework row's record must be of that framework on that ISA path: a
// record of the other framework, another path or of a libm symbol is stale.
TEST(LibraryTable, FrameworkRecordOfAnotherFrameworkOrIsaIsAnError) {
  for (const std::string edit : {"framework", "isa", "erase"}) {
    RecordsFolder f;
    const auto r = std::find_if(f.rows().begin(), f.rows().end(), [](const Row& x) { return !x.framework.empty(); });
    ASSERT_NE(r, f.rows().end());
    json rec = read_json(r->record);
    if (edit == "framework") rec["framework"]["framework"] = r->framework == "torch" ? "onednn" : "torch";
    if (edit == "isa") rec["framework"]["isa"] = "avx512_core";
    if (edit == "erase") rec.erase("framework");
    write_json(r->record, rec);
    const std::string what = usage_error(f.dir().string());
    EXPECT_NE(what.find("is not the row's record"), std::string::npos) << edit << ": " << what;
    EXPECT_NE(what.find(r->record.string()), std::string::npos) << what;
  }
}

// The committed exhaustive records (reports/library_records/exhaustive) are
// those of today's rows: the folder's copy of the rows file is the current
// one, every row has its record, and each verdict is the one the row expects
// (FAIL exactly where it carries expected_fail evidence).
TEST(LibraryTable, CommittedExhaustiveRecordsAreTheRowsRecords) {
  const fs::path dir = NUMSTAB_COMMITTED_LIBRARY_RECORDS;
  const json rows = read_json(NUMSTAB_LIBRARY_ROWS);
  ASSERT_EQ(read_json(dir / "libraries.json"), rows) << "refresh " << dir << "/libraries.json";
  const LibraryTable t = read_library_table(dir.string());
  for (size_t column = 2; column < rows.at("sets").size() + 2; ++column) {
    const json& set = rows.at("sets").at(column - 2);
    for (size_t i = 0; i < t.table.rows.size(); ++i) {
      const std::string& op = t.table.row_op[i];
      const std::string& format = t.row_format[i];
      const std::string& cell = t.table.rows[i][column];
      if (!set.at("kernels").contains(op) || !set.at("kernels").at(op).contains(format)) {
        EXPECT_EQ(cell, "-");
        continue;
      }
      const json& b = set.at("bounds").at(op).at(format);
      EXPECT_NE(cell.find(b.contains("expected_fail") ? "; FAIL (bound" : "; PASS (bound"), std::string::npos)
          << set.at("name") << " " << op << " " << format << ": " << cell;
      // Every input of the format, or every input of the row's range (SLEEF's erfcf).
      EXPECT_NE(cell.find(b.contains("range") ? std::string("; exhaustive, ")
                                              : fmt::format("; exhaustive, {} inputs", exhaustive_inputs(format))),
                std::string::npos)
          << cell;
    }
  }
}

// End to end: `numstab report --library-records DIR` puts the table in
// report.md and index.html, and a folder missing a record fails before measuring.
TEST(LibraryTable, ReportRendersTheSection) {
  RecordsFolder f;
  ReportOptions o;
  o.out_dir = (f.dir() / "report").string();
  o.quick = true;
  o.ops = {"exp"};
  o.plots = false;
  o.experiments = false;
  o.threads = 1;
  o.library_records = f.dir().string();
  std::ostringstream out, err;
  ASSERT_EQ(run_report(o, out, err), 0) << err.str();
  const std::string md = test_support::read_file(f.dir() / "report" / "report.md");
  const std::string html = test_support::read_file(f.dir() / "report" / "index.html");
  EXPECT_NE(md.find("## Third-party libraries and frameworks"), std::string::npos);
  EXPECT_NE(html.find("<h2 id=\"libraries\">"), std::string::npos);
  EXPECT_LT(html.find("<h2 id=\"libraries\">"), html.find("</body>"));

  fs::remove(f.rows().front().record);
  fs::remove_all(f.dir() / "report2");
  o.out_dir = (f.dir() / "report2").string();
  EXPECT_THROW(run_report(o, out, err), UsageError);
  EXPECT_FALSE(fs::exists(f.dir() / "report2" / "report.json"));
}

}  // namespace
}  // namespace numstab
