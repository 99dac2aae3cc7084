// Reports: the three files, determinism across thread counts, the baseline
// gate (unit and end to end, and CI's own gate against reports/baseline.json),
// and the page rendered in headless Chromium.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <regex>
#include <set>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "reports/baseline.hpp"
#include "reports/experiments.hpp"
#include "reports/gnuplot.hpp"
#include "reports/measure.hpp"
#include "reports/report.hpp"
#include "reports/tables.hpp"
#include "src/catalog.hpp"
#include "src/errors.hpp"

namespace numstab {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

size_t count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t p = 0; (p = text.find(what, p)) != std::string::npos; p += what.size()) ++n;
  return n;
}

// A fresh folder under the temp dir, removed at the end of the test.
class TempDir {
 public:
  TempDir() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    path_ = fs::temp_directory_path() /
            fmt::format("numstab-{}-{}-{}", info->test_suite_name(), info->name(), getpid());
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() {
    if (!::testing::Test::HasFailure()) fs::remove_all(path_);  // kept for a look on failure
  }
  fs::path operator/(const std::string& name) const { return path_ / name; }

 private:
  fs::path path_;
};

// A small report: quick mode over a few ops (one binary), every format.
ReportOptions small(const fs::path& out, std::vector<std::string> ops = {"tanh", "relu", "prelu"}) {
  ReportOptions o;
  o.out_dir = out.string();
  o.quick = true;
  o.ops = std::move(ops);
  return o;
}

int run(const ReportOptions& o, std::string* out = nullptr, std::string* err = nullptr) {
  std::ostringstream o_s, e_s;
  const int status = run_report(o, o_s, e_s);
  if (out) *out = o_s.str();
  if (err) *err = e_s.str();
  return status;
}

TEST(ReportFiles, JsonMarkdownAndHtmlWithPlots) {
  TempDir tmp;
  std::string err;
  ASSERT_EQ(run(small(tmp / "r"), nullptr, &err), 0);
  const json report = json::parse(read_file(tmp / "r/report.json"));
  for (const char* key : {"numstab_version", "entries", "gradients", "divergence", "thresholds"})
    EXPECT_TRUE(report.contains(key)) << key;
  ASSERT_EQ(report.at("entries").size(), 12u);
  EXPECT_EQ(report.at("thresholds").size(), 12u);
  for (const auto& e : report.at("entries")) {
    EXPECT_FALSE(e.contains("seconds")) << "timing belongs in timing.json";
    EXPECT_EQ(e.at("seed"), 1);
    EXPECT_EQ(e.at("inputs"), e.at("mode") == "samples" ? kQuickSamples
                              : e.at("op") == "prelu"   ? 65536u * require_op("prelu").second_operand_probes.size()
                                                        : 65536u);
  }
  const json timing = json::parse(read_file(tmp / "r/timing.json"));
  EXPECT_GT(timing.at("total_seconds").get<double>(), 0);
  EXPECT_EQ(timing.at("entries").size(), 12u);

  const std::string md = read_file(tmp / "r/report.md");
  EXPECT_NE(md.find("## Maximum ULP error"), std::string::npos);
  EXPECT_NE(md.find("| tanh | "), std::string::npos);
  EXPECT_NE(md.find("## Thresholds"), std::string::npos);
  EXPECT_NE(md.find("## Gradients\n\nNone yet"), std::string::npos);
  EXPECT_NE(md.find("## Divergence\n\nNone yet"), std::string::npos);
  EXPECT_NE(md.find("20000 seeded samples"), std::string::npos);
  EXPECT_NE(md.find("This report took"), std::string::npos);

  const std::string html = read_file(tmp / "r/index.html");
  EXPECT_TRUE(err.empty()) << err;  // gnuplot is a dependency of the project
  EXPECT_EQ(count(html, "<svg"), 6u) << "a scatter and a histogram per op";
  for (const char* op : {"tanh", "relu", "prelu"})
    EXPECT_NE(html.find(fmt::format("<section id=\"op-{}\">", op)), std::string::npos) << op;
  // Self-contained: no script, no external resource (xmlns URIs only name namespaces).
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_FALSE(std::regex_search(html, std::regex(R"((src|href)\s*=\s*["']?(https?:|//))")));
  EXPECT_EQ(html.find("id=\"no-plots\""), std::string::npos);
  // Ids of the inlined figures are prefixed per figure: none is defined twice.
  std::set<std::string> ids;
  const std::regex id_re(R"re(\sid=['"]([^'"]+)['"])re");
  for (auto it = std::sregex_iterator(html.begin(), html.end(), id_re); it != std::sregex_iterator(); ++it)
    EXPECT_TRUE(ids.insert((*it)[1]).second) << "duplicate id " << (*it)[1];
}

TEST(ReportFiles, WithoutGnuplotEverythingElseIsWritten) {
  TempDir tmp;
  ReportOptions o = small(tmp / "r", {"relu"});
  o.gnuplot = (tmp / "no-such-gnuplot").string();
  std::string err;
  ASSERT_EQ(run(o, nullptr, &err), 0);
  EXPECT_NE(err.find("was not found: no plots"), std::string::npos) << err;
  const std::string html = read_file(tmp / "r/index.html");
  EXPECT_NE(html.find("id=\"no-plots\""), std::string::npos);
  EXPECT_EQ(html.find("<svg"), std::string::npos);
  EXPECT_NE(html.find("<table"), std::string::npos);
  EXPECT_TRUE(fs::exists(tmp / "r/report.md"));
  EXPECT_EQ(json::parse(read_file(tmp / "r/report.json")).at("entries").size(), 4u);
}

// The same seed gives the same bytes of report.json for any thread count.
TEST(ReportDeterminism, SameBytesForOneAndTwoThreads) {
  TempDir tmp;
  ReportOptions one = small(tmp / "t1", {"tanh", "prelu", "softplus"}), two = one;
  one.threads = 1;
  two.threads = 2;
  two.out_dir = (tmp / "t2").string();
  ASSERT_EQ(run(one), 0);
  ASSERT_EQ(run(two), 0);
  const std::string a = read_file(tmp / "t1/report.json"), b = read_file(tmp / "t2/report.json");
  ASSERT_FALSE(a.empty());
  EXPECT_TRUE(a == b) << "report.json differs between --threads 1 and 2";
  EXPECT_EQ(json::parse(read_file(tmp / "t2/timing.json")).at("threads"), 2);
}

// The plot sample re-evaluates the sweep's inputs: with as many points as
// inputs it finds exactly the sweep's maximum and count.
TEST(ReportPlotSample, AllInputsReproduceTheSweep) {
  ReportOptions o;
  o.quick = true;
  o.ops = {"tanh"};
  o.plot_points = 65536;
  std::ostringstream table;
  for (const auto& m : measure_catalog(o, {}, table)) {
    SCOPED_TRACE(m.record.format);
    EXPECT_EQ(m.sample.drawn, m.record.inputs);
    double max = 0;
    for (const auto& p : m.sample.points) max = std::max(max, p.ulp);
    EXPECT_EQ(max, m.record.max_ulp);
    uint64_t compared = 0;
    for (uint64_t c : m.record.histogram) compared += c;
    EXPECT_EQ(m.sample.points.size(), compared);
  }
}

TEST(ReportTables, MaxUlpIsRoundedUp) {
  EXPECT_EQ(ulp_bound_text(0.5), "0.500");
  EXPECT_EQ(ulp_bound_text(0.49999), "0.500");
  EXPECT_EQ(ulp_bound_text(0.5000001), "0.501");
  EXPECT_EQ(ulp_bound_text(0), "0.000");
  EXPECT_EQ(ulp_bound_text(1234.5), "1.24e+03");
}

// --- The baseline gate on made-up records ---------------------------------

json entry(const std::string& op, const std::string& format, double max_ulp) {
  return {{"op", op}, {"format", format}, {"kernel", "reference"}, {"mode", "samples"},
          {"inputs", 20000}, {"seed", 1}, {"max_ulp", max_ulp}, {"max_ulp_normal", max_ulp},
          {"max_ulp_subnormal", 0.0}, {"argmax", "0x1p+0"},
          {"mismatches", {{"nan", 0}, {"overflow", 0}, {"nonfinite", 0}, {"signed_zero", 0}}}};
}

json report_of(std::vector<json> entries) {
  return {{"numstab_version", "test"}, {"entries", entries}};
}

TEST(BaselineGate, IdenticalAndWithinTolerancePass) {
  const json base = make_baseline(report_of({entry("tanh", "f32", 0.5), entry("relu", "f32", 0)}));
  EXPECT_TRUE(check_baseline(report_of({entry("tanh", "f32", 0.5), entry("relu", "f32", 0)}), base,
                             kBaselineToleranceUlp, {}).regressions.empty());
  const auto g = check_baseline(report_of({entry("tanh", "f32", 0.5 + kBaselineToleranceUlp),
                                           entry("relu", "f32", 0)}),
                                base, kBaselineToleranceUlp, {});
  EXPECT_TRUE(g.regressions.empty());
  EXPECT_EQ(g.checked, 2u);
}

TEST(BaselineGate, EachKindOfRegressionIsOneLineNamingTheEntry) {
  const json base = make_baseline(report_of({entry("tanh", "f32", 0.5), entry("relu", "f32", 0),
                                             entry("exp", "f64", 0.5), entry("silu", "f16", 0.5)}));
  json worse = entry("tanh", "f32", 0.51);
  json nan = entry("relu", "f32", 0);
  nan["mismatches"]["nan"] = 3;
  json other = entry("silu", "f16", 0.5);
  other["inputs"] = 100000;
  const auto g = check_baseline(report_of({worse, nan, other, entry("gelu", "f32", 0.5)}), base,
                                kBaselineToleranceUlp, {});
  ASSERT_EQ(g.regressions.size(), 5u) << ::testing::PrintToString(g.regressions);
  EXPECT_NE(g.regressions[0].find("tanh f32 reference: max_ulp 0.51 exceeds baseline 0.5"), std::string::npos);
  EXPECT_NE(g.regressions[1].find("tanh f32 reference: max_ulp_normal"), std::string::npos);
  EXPECT_NE(g.regressions[2].find("relu f32 reference: nan mismatches 3 exceed baseline 0"), std::string::npos);
  EXPECT_NE(g.regressions[3].find("exp f64 reference: in the baseline but not in this report"), std::string::npos);
  EXPECT_NE(g.regressions[4].find("silu f16 reference: measured samples on 100000 inputs"), std::string::npos);
  for (const auto& line : g.regressions) EXPECT_EQ(line.find('\n'), std::string::npos);
  ASSERT_EQ(g.notes.size(), 1u);
  EXPECT_NE(g.notes[0].find("gelu f32 reference: new"), std::string::npos);
  // Limited to some ops, the others' entries are not missing but skipped.
  EXPECT_TRUE(check_baseline(report_of({entry("tanh", "f32", 0.5)}), base, kBaselineToleranceUlp,
                             {"tanh"}).regressions.empty());
}

TEST(BaselineGate, FileRoundTripsOneEntryPerLine) {
  TempDir tmp;
  const json base = make_baseline(report_of({entry("tanh", "f32", 0.5), entry("relu", "f32", 0)}));
  write_baseline((tmp / "b.json").string(), base);
  EXPECT_EQ(read_baseline((tmp / "b.json").string()), base);
  EXPECT_EQ(count(read_file(tmp / "b.json"), "\"op\":"), 2u);
  EXPECT_EQ(count(read_file(tmp / "b.json"), "\n"), 8u);  // {, 2 keys, "entries": [, 2 entries, ], }
  EXPECT_THROW(read_baseline((tmp / "missing.json").string()), UsageError);
}

// --- The gate end to end: the issue's "done when" ---------------------------

TEST(BaselineGate, TighteningOneEntryFailsNamingItRestoringPasses) {
  TempDir tmp;
  const std::string path = (tmp / "baseline.json").string();
  ReportOptions make = small(tmp / "r0", {"tanh", "relu"});
  make.plots = false;
  make.update_baseline = path;
  ASSERT_EQ(run(make), 0);
  const std::string original = read_file(path);

  ReportOptions check = make;
  check.update_baseline.clear();
  check.check_baseline = path;
  check.out_dir = (tmp / "r1").string();
  std::string out;
  EXPECT_EQ(run(check, &out), 0) << out;
  EXPECT_NE(out.find("8 entries checked, 0 regressions"), std::string::npos) << out;

  json tightened = read_baseline(path);
  for (auto& e : tightened.at("entries"))
    if (e.at("op") == "tanh" && e.at("format") == "f32") e["max_ulp"] = 0.25;
  write_baseline(path, tightened);
  EXPECT_EQ(run(check, &out), 1);
  EXPECT_EQ(count(out, "regression: "), 1u) << out;
  EXPECT_NE(out.find("regression: tanh f32 reference: max_ulp "), std::string::npos) << out;
  EXPECT_NE(out.find("exceeds baseline 0.25 + tolerance"), std::string::npos) << out;

  std::ofstream(path, std::ios::binary) << original;
  EXPECT_EQ(run(check, &out), 0) << out;
}

// CI's gate: the quick report of the whole catalog against the committed
// baseline (`numstab report --quick --check-baseline reports/baseline.json`).
TEST(CiGate, QuickReportWithinCommittedBaseline) {
  TempDir tmp;
  ReportOptions o;
  o.out_dir = (tmp / "r").string();
  o.quick = true;
  o.plots = false;
  o.check_baseline = std::string(NUMSTAB_SOURCE_DIR) + "/reports/baseline.json";
  std::string out;
  const int status = run(o, &out);
  // Only the gate's lines: the table is in report.md.
  std::string gate;
  std::istringstream lines(out);
  for (std::string line; std::getline(lines, line);)
    if (line.rfind("regression: ", 0) == 0 || line.rfind("note: ", 0) == 0 || line.rfind("baseline ", 0) == 0)
      gate += line + "\n";
  std::cout << gate;
  const std::string md = read_file(tmp / "r/report.md");
  for (const char* heading : {"## Gradients\n\nForward and derivative", "Bounds from:", "| softmax | f16 |",
                              "### Learning-rate thresholds", "### Critical weight variance",
                              "### The linear-regression example"})
    EXPECT_NE(md.find(heading), std::string::npos) << heading;
  for (const auto& op : composite_catalog())
    EXPECT_NE(md.find(fmt::format("| {} | {} |", op.name, kind_name(op.kind))), std::string::npos)
        << op.name << " is missing from the composite ops table";
  EXPECT_EQ(status, 0) << "the gate failed; if the change is intended, regenerate the baseline with "
                          "`numstab report --quick --no-plots --update-baseline reports/baseline.json`";
}

// --- The experiment sections ------------------------------------------------

const ExperimentSections& quick_experiments() {
  static const ExperimentSections s = [] {
    ReportOptions o;
    o.quick = true;
    return run_experiments(o);
  }();
  return s;
}

// Every composite op that has a gradient measurement appears in every format,
// so a family that drops out of the report (or a format of it) is caught.
TEST(ReportExperiments, GradientsCoverEveryMeasuredKindInEveryFormat) {
  const json& gradients = quick_experiments().gradients;
  std::set<std::pair<std::string, std::string>> seen;
  for (const auto& g : gradients) {
    seen.insert({g.at("op").get<std::string>(), g.at("format").get<std::string>()});
    EXPECT_EQ(g.at("verdict"), "pass") << g.dump();
    EXPECT_LE(g.at("error").get<double>(), g.at("bound").get<double>()) << g.dump();
    EXPECT_GT(g.at("cases").get<uint64_t>(), 0u) << g.dump();
  }
  size_t ops = 0;
  for (const auto& op : composite_catalog()) {
    if (op.kind != OpKind::vector && op.kind != OpKind::optimizer && op.kind != OpKind::loss &&
        op.kind != OpKind::normalisation && op.kind != OpKind::reduction && op.name.rfind("clip_", 0) != 0)
      continue;
    ++ops;
    for (Format f : kAllFormats)
      EXPECT_TRUE(seen.count({op.name, spec(f).name})) << op.name << " " << spec(f).name << " has no record";
  }
  EXPECT_GE(ops, 3u + 8u);
}

TEST(ReportExperiments, DivergenceSectionTablesAndFigures) {
  const json& divergence = quick_experiments().divergence;
  std::set<std::string> kinds;
  for (const auto& e : divergence) kinds.insert(e.at("experiment"));
  for (const char* k : {"threshold", "rate", "depth", "critical_variance", "regression"})
    EXPECT_TRUE(kinds.count(k)) << k;
  for (const auto& e : divergence)
    if (e.at("experiment") == "threshold") {
      EXPECT_TRUE(e.contains("optimizer") && e.contains("params") && e.contains("L") &&
                  e.contains("theory_lr") && e.contains("measured_lr")) << e.dump();
    }
  const json report = {{"divergence", divergence}};
  TempDir tmp;
  const Figures figs = make_figures({}, report, (tmp / "r").string(), "gnuplot");
  ASSERT_TRUE(figs.note.empty()) << figs.note;
  for (const char* id : {"divergence-thresholds", "depth-gradient", "depth-variance"}) {
    ASSERT_TRUE(figs.svg.count(id)) << id;
    EXPECT_GT(count(figs.svg.at(id), "<path"), 10u) << id << " has no curves";
  }
}

// --- The page in a browser ---------------------------------------------------

std::string find_chromium() {
  for (const char* name : {"chromium", "chromium-browser"}) {
    const char* path = std::getenv("PATH");
    std::istringstream dirs(path ? path : "");
    for (std::string dir; std::getline(dirs, dir, ':');)
      if (!dir.empty() && access((fs::path(dir) / name).c_str(), X_OK) == 0) return (fs::path(dir) / name).string();
  }
  return "";
}

TEST(BrowserCheck, PageRendersInHeadlessChromium) {
  const std::string chromium = find_chromium();
  if (chromium.empty())
    GTEST_SKIP() << "chromium is not installed (Debian package chromium; ./numstab installs it): "
                    "the page was not rendered";
  TempDir tmp;
  ASSERT_EQ(run(small(tmp / "r")), 0);
  const std::string page = "file://" + fs::absolute(tmp / "r/index.html").string();
  const std::string flags = fmt::format(
      "--headless --no-sandbox --disable-gpu --disable-quic --no-first-run "
      "--disable-background-networking --disable-component-update --disable-sync "
      "--enable-logging=stderr --v=0 --window-size=1100,2400");
  const auto browse = [&](const std::string& profile, const std::string& what, const std::string& log) {
    const std::string cmd = fmt::format("timeout 180 {} {} --user-data-dir={} {} {} 2>{}", chromium, flags,
                                        (tmp / profile).string(), what, page, (tmp / log).string());
    return std::system(cmd.c_str());
  };
  ASSERT_EQ(browse("profile1", "--dump-dom > " + (tmp / "dom.html").string(), "dom.log"), 0)
      << read_file(tmp / "dom.log");
  const std::string dom = read_file(tmp / "dom.html");
  EXPECT_GE(count(dom, "<table"), 7u) << "summary, four formats, thresholds, per-op tables";
  EXPECT_EQ(count(dom, "<svg"), 6u) << "a scatter and a histogram per op";
  EXPECT_GT(count(dom, "<path"), 100u) << "the plots have content";
  for (const char* op : {"tanh", "relu", "prelu"})
    EXPECT_NE(dom.find(fmt::format("id=\"op-{}\"", op)), std::string::npos) << op;
  const std::string log = read_file(tmp / "dom.log");
  EXPECT_EQ(log.find("Uncaught"), std::string::npos) << log;
  EXPECT_EQ(log.find(":CONSOLE"), std::string::npos) << "console messages (script errors): " << log;

  ASSERT_EQ(browse("profile2", "--screenshot=" + (tmp / "page.png").string(), "shot.log"), 0)
      << read_file(tmp / "shot.log");
  const std::string png = read_file(tmp / "page.png");
  EXPECT_EQ(png.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
  EXPECT_GT(png.size(), 50000u) << "a page with tables and plots is not a blank image";
}

}  // namespace
}  // namespace numstab
