#include "reports/gnuplot.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <optional>
#include <set>
#include <sstream>

#include <fmt/format.h>

#include "reports/experiment_figures.hpp"
#include "src/errors.hpp"
#include "src/io/output.hpp"

extern char** environ;

namespace numstab {

namespace {

namespace fs = std::filesystem;

// No mouse, no script: the SVG only draws. Lines get round caps (the dots).
constexpr const char* kTerminal =
    "set terminal svg size 960,{} font 'sans,10' background '#ffffff' rounded noenhanced\n";

const char* color(Format f) {
  switch (f) {
    case Format::f64: return "#1f77b4";
    case Format::f32: return "#d95f02";
    case Format::f16: return "#1b9e77";
    case Format::bf16: break;
  }
  return "#7570b3";
}

// Tick values: 0, +-1 and +-10^k with k chosen per format's range.
std::vector<double> tick_values(Format f) {
  const double k = f == Format::f64 ? 1e200 : f == Format::f16 ? 1e3 : 1e20;
  return {-k, -1, -1 / k, 0, 1 / k, 1, k};
}

uint64_t nearest_bits(Format f, double v) {
  return double_to_bits(f, f == Format::f64 ? v : round_double_to(spec(f), v));
}

std::string quoted(const std::string& s) {  // a gnuplot double-quoted string
  std::string q = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') q += '\\';
    q += c;
  }
  return q + "\"";
}

double panel_top(const Measurement& m) {
  double top = m.record.max_ulp;
  for (const auto& p : m.sample.points) top = std::max(top, p.ulp);
  return top > 0 ? std::max(top * 1.1, 0.55) : 1.0;
}

std::string bin_label(int k) {
  if (k == 0) return "0";
  if (k == 1) return "(0,0.5]";
  if (k == 2) return "(0.5,1]";
  if (k == kHistogramBins - 1) return fmt::format(">2^{}", k - 3);
  if (k <= 8) return fmt::format("({},{}]", 1 << (k - 3), 1 << (k - 2));
  return fmt::format("(2^{},2^{}]", k - 3, k - 2);
}

// One panel of the scatter figure: the plot sample's points that `position`
// places in [x_lo, x_hi], a dashed line at 0.5 ULP and the worst input in red.
struct Panel {
  std::string title, xtics;
  double x_lo, x_hi;
  std::function<std::optional<double>(uint64_t bits)> position;
};

void panel_script(std::ostream& gp, const Measurement& m, const Panel& p, double top,
                  const std::string& block, const char* rgb) {
  gp << block << " << EOD\n";
  // Each point is a short horizontal segment drawn with round caps: a dot in
  // about 36 bytes of SVG, half of what gnuplot's point symbols take.
  const double dx = (p.x_hi - p.x_lo) * 0.001;
  for (const auto& [x, y] : panel_points(m, top, p.position, p.x_lo, p.x_hi))
    gp << fmt::format("{:.9g} {:.6g}\n{:.9g} {:.6g}\n\n", x, y, x + dx, y);
  gp << "EOD\n";
  const double margin = (p.x_hi - p.x_lo) * 0.01;
  gp << fmt::format("set title '{}' font ',9'\nset xtics {} font ',8'\nset xrange [{:.9g}:{:.9g}]\n"
                    "set yrange [0:{:.6g}]\n",
                    p.title, p.xtics, p.x_lo - margin, p.x_hi + margin, top);
  gp << fmt::format("plot {} with lines lw 2 lc rgb '{}', 0.5 with lines dt 2 lc rgb '#888888'", block, rgb);
  const auto worst = m.record.has_argmax ? p.position(m.record.argmax_bits) : std::nullopt;
  if (worst)
    gp << fmt::format(", '-' with points pt 7 ps 0.7 lc rgb '#d62728'\n{:.9g} {:.9g}\ne\n", *worst,
                      m.record.max_ulp);
  else
    gp << "\n";
}

// Per format two panels: the op's interesting range on a linear axis, and
// every input with each binade the same width.
void scatter_script(std::ostream& gp, const std::string& id, const std::string& op,
                    const std::vector<const Measurement*>& ms, const fs::path& dir) {
  const OpInfo& info = require_op(op);
  const double lo = info.sample_lo, hi = info.sample_hi;
  gp << fmt::format(kTerminal, 220 * ms.size()) << "set ylabel 'ULP error'\n";
  gp << fmt::format("set output {}\n", quoted((dir / (id + ".svg")).string()));
  gp << fmt::format("set multiplot layout {},2 title '{}: ULP error against input' font ',11'\n",
                    ms.size(), op);
  for (size_t i = 0; i < ms.size(); ++i) {
    const Measurement& m = *ms[i];
    const Format f = *parse_format(m.record.format);
    const double top = panel_top(m);
    const std::string without =
        m.sample.excluded ? fmt::format(", {} without a number", m.sample.excluded) : "";
    size_t in_range = 0;
    for (const auto& pt : m.sample.points) {
      const double x = bits_to_double(f, pt.x_bits);
      in_range += x >= lo && x <= hi;
    }
    Panel linear{fmt::format("{}, x in [{:g}, {:g}]: {} of the {} plotted inputs", m.record.format,
                             lo, hi, in_range, m.sample.drawn),
                 "autofreq", lo, hi, [&](uint64_t bits) -> std::optional<double> {
                   const double x = bits_to_double(f, bits);
                   if (x >= lo && x <= hi) return x;
                   return std::nullopt;
                 }};
    std::string ticks;
    for (double v : tick_values(f))
      ticks += fmt::format("{}'{:g}' {:.6f}", ticks.empty() ? "" : ", ", v,
                           axis_position(f, nearest_bits(f, v)));
    Panel whole{fmt::format("{}, all x (binades equal width): {} of {} inputs{}; max {:.4g} ULP",
                            m.record.format, m.sample.drawn, m.record.inputs, without,
                            m.record.max_ulp),
                "(" + ticks + ")", -1, 1, [&](uint64_t bits) -> std::optional<double> {
                  const double t = axis_position(f, bits);
                  if (std::fabs(t) <= 1) return t;  // NaN inputs have no place on the axis
                  return std::nullopt;
                }};
    panel_script(gp, m, linear, top, fmt::format("$l{}", i), color(f));
    panel_script(gp, m, whole, top, fmt::format("$w{}", i), color(f));
  }
  gp << "unset multiplot\n";
}

void histogram_script(std::ostream& gp, const std::string& id, const std::string& op,
                      const std::vector<const Measurement*>& ms, const fs::path& dir) {
  int last = 3;  // at least up to (1, 2] ULP
  double smallest = 1;
  std::vector<double> total(ms.size(), 0);
  for (size_t i = 0; i < ms.size(); ++i)
    for (int k = 0; k < kHistogramBins; ++k) total[i] += static_cast<double>(ms[i]->record.histogram[k]);
  for (size_t i = 0; i < ms.size(); ++i)
    for (int k = 0; k < kHistogramBins; ++k)
      if (const uint64_t c = ms[i]->record.histogram[k]) {
        last = std::max(last, k);
        smallest = std::min(smallest, static_cast<double>(c) / total[i]);
      }
  gp << fmt::format("set output {}\n", quoted((dir / (id + ".svg")).string()));
  gp << "$h << EOD\n";
  for (int k = 0; k <= last; ++k) {
    gp << k;
    for (size_t i = 0; i < ms.size(); ++i) {
      const uint64_t c = ms[i]->record.histogram[k];
      gp << (c ? fmt::format(" {:.9g}", static_cast<double>(c) / total[i]) : std::string(" NaN"));
    }
    gp << "\n";
  }
  gp << "EOD\n";
  std::string ticks;
  for (int k = 0; k <= last; ++k) ticks += fmt::format("{}'{}' {}", k ? ", " : "", bin_label(k), k);
  gp << fmt::format(
      "set title '{}: error histogram, share of the inputs compared numerically (all inputs of each "
      "sweep)' font ',11'\n"
      "set ylabel 'share of inputs'\nset logscale y\nset format y '1e%L'\nset yrange [{:g}:1.5]\nset xrange [-0.6:{}.6]\n"
      "set xtics ({}) font ',8'\nset style fill solid 0.85 noborder\nset boxwidth {} absolute\n"
      "set key top right\nplot ",
      op, std::pow(10.0, std::floor(std::log10(smallest)) - 0.5), last, ticks, 0.8 / ms.size());
  for (size_t i = 0; i < ms.size(); ++i) {
    const double offset = (static_cast<double>(i) - (static_cast<double>(ms.size()) - 1) / 2) * 0.8 /
                          static_cast<double>(ms.size());
    gp << fmt::format("{}$h using ($1+({:.3f})):{} with boxes lc rgb '{}' title '{}'",
                      i ? ", " : "", offset, i + 2, color(*parse_format(ms[i]->record.format)),
                      ms[i]->record.format);
  }
  gp << "\nunset logscale y\nset format y '%g'\nunset key\n";
}

// 0 on success, else the reason the figures are missing.
std::string run_gnuplot(const std::string& program, const fs::path& script, const fs::path& log) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  std::string arg0 = program, arg1 = "-d", arg2 = script.string();
  char* argv[] = {arg0.data(), arg1.data(), arg2.data(), nullptr};
  pid_t pid = 0;
  const int rc = posix_spawnp(&pid, program.c_str(), &actions, nullptr, argv, environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc == ENOENT)
    return fmt::format("gnuplot ('{}') was not found: no plots (install the Debian package "
                       "gnuplot-nox)", program);
  if (rc != 0) return fmt::format("gnuplot ('{}') could not be run: {}: no plots", program, std::strerror(rc));
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return "";
  if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
    return fmt::format("gnuplot ('{}') was not found: no plots (install the Debian package "
                       "gnuplot-nox)", program);
  return fmt::format("gnuplot failed (status {}; see {}): no plots", status, log.string());
}

// "355.10" -> "355.1", "0.50" -> ".5", "-0.13" -> "-.13", "143.00" -> "143".
std::string trimmed(std::string n) {
  if (n.find('.') != std::string::npos) {
    while (n.back() == '0') n.pop_back();
    if (n.back() == '.') n.pop_back();
  }
  if (n.rfind("0.", 0) == 0) n.erase(0, 1);
  if (n.rfind("-0.", 0) == 0) n.erase(1, 1);
  return n.empty() || n == "-" ? "0" : n;
}

// gnuplot writes paths as "M x,y L x,y ..." with two decimals; the dots are
// segments along y = const, which "h dx" says in half the bytes. A path with
// any other command is kept as it is.
std::string compact_path(const std::string& d) {
  std::istringstream in(d);
  std::string out, token, prev_x, prev_y;
  while (in >> token) {
    const size_t comma = token.find(',');
    if ((token[0] != 'M' && token[0] != 'L') || comma == std::string::npos) return d;
    const std::string x = token.substr(1, comma - 1), y = token.substr(comma + 1);
    char* end = nullptr;
    const double xv = std::strtod(x.c_str(), &end);
    if (end == x.c_str()) return d;
    if (token[0] == 'L' && y == prev_y && !prev_x.empty())
      out += fmt::format("h{}", trimmed(fmt::format("{:.2f}", xv - std::strtod(prev_x.c_str(), nullptr))));
    else
      out += fmt::format("{}{},{}", token[0], trimmed(x), trimmed(y));
    prev_x = x;
    prev_y = y;
  }
  return out;
}

// Prefixes every id of a gnuplot SVG (and the references to it) with `prefix`,
// drops the XML prolog, so that the element can be inlined in HTML, and
// leaves out what draws nothing (empty groups) or says it twice (paths).
std::string inline_svg(std::string svg, const std::string& prefix) {
  const size_t start = svg.find("<svg");
  if (start == std::string::npos) return "";
  svg.erase(0, start);
  std::set<std::string> ids;
  for (size_t p = 0; (p = svg.find(" id=", p)) != std::string::npos; p += 4) {
    const char q = svg[p + 4];
    const size_t end = svg.find(q, p + 5);
    if (end != std::string::npos) ids.insert(svg.substr(p + 5, end - p - 5));
  }
  std::string out;
  out.reserve(svg.size() + svg.size() / 16);
  for (size_t p = 0; p < svg.size();) {
    bool replaced = false;
    for (const char* lead : {" id='", " id=\"", "#"}) {
      const size_t n = std::strlen(lead);
      if (svg.compare(p, n, lead) != 0) continue;
      const size_t name_end = svg.find_first_of("'\")", p + n);
      if (name_end == std::string::npos || !ids.count(svg.substr(p + n, name_end - p - n))) continue;
      out += lead + prefix + svg.substr(p + n, name_end - p - n);
      p = name_end;
      replaced = true;
      break;
    }
    if (!replaced) out += svg[p++];
  }
  // gnuplot leaves many empty groups (<g ...>\n</g>): about a tenth of the bytes.
  std::string compact;
  compact.reserve(out.size());
  for (size_t p = 0; p < out.size();) {
    if (out.compare(p, 3, "<g ") == 0) {
      const size_t open_end = out.find('>', p);
      const size_t body = out.find_first_not_of(" \t\r\n", open_end + 1);
      if (open_end != std::string::npos && body != std::string::npos && out.compare(body, 4, "</g>") == 0) {
        p = out.find_first_not_of(" \t\r\n", body + 4);
        if (p == std::string::npos) p = out.size();
        continue;
      }
    }
    if (out.compare(p, 3, "d='") == 0) {
      const size_t end = out.find('\'', p + 3);
      if (end != std::string::npos) {
        compact += fmt::format("d='{}'", compact_path(out.substr(p + 3, end - p - 3)));
        p = end + 1;
        continue;
      }
    }
    compact += out[p++];
  }
  return compact;
}

}  // namespace

double axis_position(Format f, uint64_t bits) {
  const auto& s = spec(f);
  const uint64_t sign = uint64_t{1} << (s.total_bits - 1);
  const uint64_t inf = double_to_bits(f, INFINITY);
  const double t = static_cast<double>(bits & (sign - 1)) / static_cast<double>(inf);
  return (bits & sign) ? -t : t;
}

std::vector<std::pair<double, double>> panel_points(
    const Measurement& m, double y_top, const std::function<std::optional<double>(uint64_t)>& position,
    double x_lo, double x_hi) {
  std::set<std::pair<int, int>> seen;
  std::vector<std::pair<double, double>> out;
  for (const auto& p : m.sample.points) {
    const auto x = position(p.x_bits);
    if (!x) continue;
    const std::pair<int, int> cell{static_cast<int>(std::floor((*x - x_lo) / (x_hi - x_lo) * 200)),
                                   static_cast<int>(std::floor(p.ulp / y_top * 75))};
    if (seen.insert(cell).second) out.emplace_back(*x, p.ulp);
  }
  return out;
}

Figures make_figures(const std::vector<Measurement>& ms, const nlohmann::json& report,
                     const std::string& out_dir, const std::string& gnuplot) {
  Figures figs;
  const fs::path dir = fs::absolute(fs::path(out_dir) / "figures");
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw UsageError(fmt::format("cannot create '{}': {}", dir.string(), ec.message()));
  std::ostringstream gp;
  gp << "# numstab report figures, data inline, absolute output paths: gnuplot -d plots.gp\n"
        "set encoding utf8\n"
        "unset key\nset grid ytics lc rgb '#dddddd'\n";
  std::vector<std::string> ids;
  for (size_t i = 0; i < ms.size();) {
    std::vector<const Measurement*> group;
    const std::string op = ms[i].record.op;
    for (; i < ms.size() && ms[i].record.op == op; ++i) group.push_back(&ms[i]);
    if (!group.front()->sample.points.empty() || group.front()->sample.drawn) {
      ids.push_back(fmt::format("scatter-{}", op));
      scatter_script(gp, ids.back(), op, group, dir);
    }
    gp << fmt::format(kTerminal, 300);
    ids.push_back(fmt::format("hist-{}", op));
    histogram_script(gp, ids.back(), op, group, dir);
  }
  for (const auto& id : experiment_figure_scripts(gp, report, dir)) ids.push_back(id);
  const fs::path script = dir / "plots.gp";
  write_file_atomically(script.string(), gp.str());
  figs.note = run_gnuplot(gnuplot, script, dir / "gnuplot.log");
  if (!figs.note.empty()) return figs;
  for (const auto& id : ids) {
    std::ifstream in(dir / (id + ".svg"));
    std::stringstream text;
    text << in.rdbuf();
    std::string svg = inline_svg(text.str(), id + "-");
    if (svg.empty()) {
      figs.note = fmt::format("gnuplot wrote no SVG for {} (see {}): no plots", id,
                              (dir / "gnuplot.log").string());
      figs.svg.clear();
      return figs;
    }
    figs.svg[id] = std::move(svg);
  }
  return figs;
}

}  // namespace numstab
