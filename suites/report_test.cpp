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

#include "properties/test_support.hpp"
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

using test_support::read_file;
using test_support::TempDir;

size_t count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t p = 0; (p = text.find(what, p)) != std::string::npos; p += what.size()) ++n;
  return n;
}

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
  EXPECT_NE(out.find("16 records checked, 0 regressions"), std::string::npos) << out;

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

// Every section of the committed baseline is held: tightening one figure of
// each kind (in a copy) fails the gate on this run's quick report with one
// line naming the record and the figure; the untouched copy passes.
TEST(CiGate, TighteningEachSectionOfTheCommittedBaselineFailsNamingIt) {
  TempDir tmp;
  ReportOptions o;
  o.out_dir = (tmp / "r").string();
  o.quick = true;
  o.plots = false;
  ASSERT_EQ(run(o), 0);
  const json report = json::parse(read_file(tmp / "r/report.json"));
  const std::string committed = std::string(NUMSTAB_SOURCE_DIR) + "/reports/baseline.json", copy = (tmp / "b.json").string();
  const GateTolerances tol{kBaselineToleranceUlp, kBaselineToleranceRelative};
  struct Tightening {
    const char* section;
    json match;           // the record: these fields equal
    const char* figure;   // JSON pointer into the record to the figure tightened
    json value;           // its tightened value (null: half the committed one)
    const char* expected; // in the regression line
  };
  const std::vector<Tightening> cases = {
      {"entries", {{"op", "tanh"}, {"format", "f32"}}, "/max_ulp", 0.25, "tanh f32 reference: max_ulp "},
      {"gradients", {{"op", "softmax"}, {"format", "f32"}, {"part", "forward"}}, "/error", nullptr,
       "gradients softmax f32 reference forward shifted: error "},
      {"gradients", {{"op", "mse"}, {"format", "f16"}, {"part", "gradient"}}, "/error", nullptr,
       "gradients mse f16 reference gradient mean: error "},
      {"gradients", {{"op", "layernorm"}, {"format", "f32"}, {"part", "backward"}}, "/bound", nullptr,
       "gradients layernorm f32 reference backward two_pass: bound "},
      {"gradients", {{"op", "sum"}, {"format", "f32"}, {"algorithm", "naive"}}, "/error", nullptr,
       "gradients sum f32 reference forward naive: error "},
      {"gradients", {{"op", "adam"}, {"format", "f16"}, {"kernel", "reference"}}, "/error", nullptr,
       "gradients adam f16 reference step: error "},
      {"divergence", {{"experiment", "threshold"}, {"format", "f64"}, {"params", {{"dampening", 0.0}, {"momentum", 0.9},
       {"nesterov", 0.0}, {"weight_decay", 0.0}}}}, "/relative_gap", 0.0, "divergence threshold sgd f64 "},
      {"divergence", {{"experiment", "rate"}, {"format", "f32"}, {"mu", 1.0}}, "/relative_gap", 0.0,
       "divergence rate sgd f32 "},
      {"divergence", {{"experiment", "depth"}, {"variance_scale", 4.0}}, "/blowup_depth", 41,
       "divergence depth relu normal variance_scale=4: blowup_depth 40 differs from baseline 41"},
      {"divergence", {{"experiment", "critical_variance"}, {"nonlinearity", "relu"}}, "/relative_gap", 0.0,
       "divergence critical_variance relu forward_variance: relative_gap "},
      {"divergence", {{"experiment", "critical_variance"}, {"nonlinearity", "selu"}}, "/measured/mean", 0,
       "divergence critical_variance selu lecun_normal fixed_point: fixed point |mean"},
      {"divergence", {{"experiment", "regression"}}, "/relative_gap", 0.0, "divergence regression sgd f64 "},
      {"divergence", {{"experiment", "drift"}, {"format", "f32"}}, "/max_error", nullptr,
       "divergence drift sgd f32 lr=0.25,momentum=0,weight_decay=0: max_error "},
      {"divergence", {{"experiment", "drift"}, {"format", "bf16"}}, "/bound", nullptr,
       "divergence drift sgd bf16 lr=0.25,momentum=0,weight_decay=0: bound "},
      {"thresholds", {{"op", "exp"}, {"format", "f64"}}, "/positive/exact_overflow", "0x1p+9",
       "thresholds exp f64 reference: positive exact_overflow 0x1.62e42fefa39fp+9 moved from baseline 0x1p+9"},
  };
  for (const auto& c : cases) {
    json b = read_baseline(committed);
    size_t matched = 0;
    for (auto& r : b.at(c.section)) {
      bool same = true;
      for (const auto& [k, v] : c.match.items()) same = same && r.contains(k) && r.at(k) == v;
      if (!same) continue;
      ++matched;
      json& figure = r.at(json::json_pointer(c.figure));
      figure = c.value.is_null() ? json(figure.get<double>() / 2) : c.value;
    }
    ASSERT_EQ(matched, 1u) << c.expected;
    write_baseline(copy, b);
    const GateResult g = check_baseline(report, read_baseline(copy), tol, {});
    ASSERT_EQ(g.regressions.size(), 1u) << c.expected << ": " << ::testing::PrintToString(g.regressions);
    EXPECT_NE(g.regressions[0].find(c.expected), std::string::npos) << g.regressions[0];
    const std::string field = std::string(c.figure).substr(std::string(c.figure).rfind('/') + 1);
    EXPECT_NE(g.regressions[0].find(field), std::string::npos) << g.regressions[0];
  }
  fs::copy_file(committed, copy, fs::copy_options::overwrite_existing);
  const GateResult restored = check_baseline(report, read_baseline(copy), tol, {});
  EXPECT_TRUE(restored.regressions.empty()) << ::testing::PrintToString(restored.regressions);
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
