// numstab gradcheck: see gradcheck.hpp.
#include "src/gradcheck/gradcheck.hpp"

#include <cmath>
#include <fstream>
#include <iostream>
#include <random>

#include <fmt/format.h>

#include "src/arith.hpp"
#include "src/catalog.hpp"
#include "src/errors.hpp"
#include "src/gradcheck/finite_difference.hpp"
#include "src/gradcheck/vector_loader.hpp"
#include "src/io/output.hpp"
#include "src/vecops/bounds.hpp"
#include "src/vecops/check.hpp"
#include "src/vecops/records.hpp"

namespace numstab::gradcheck {

namespace {

using vecops::VectorOp;

constexpr unsigned kOracleBits = 384;

double largest_finite(Format f) {
  const auto& s = spec(f);
  return std::ldexp(2.0 - std::ldexp(1.0, 1 - s.precision), s.emax);
}

GradientRecord new_record(const GradcheckRequest& r, const char* part, const std::string& kernel,
                          const std::string& reference) {
  GradientRecord g;
  g.op = r.op;
  g.format = spec(r.format).name;
  g.kernel = kernel;
  g.part = part;
  g.reference = reference;
  g.seed = r.seed;
  g.bound = 1;
  g.bound_unit = "bound";
  g.bound_source = reference == "oracle"
                       ? "first-order rounding error analysis of the shifted algorithm (Blanchard, Higham & "
                         "Higham 2021; src/vecops/bounds.hpp), componentwise"
                       : "finite-difference truncation + rounding estimate (src/gradcheck/finite_difference.hpp)";
  return g;
}

std::string input_text(Format f, const Eigen::VectorXd& x, Eigen::Index i) {
  std::string s = vecops::describe_vector(f, x);
  if (i >= 0 && i < x.size()) s = fmt::format("x[{}] = {} ({}); x: {}", i, hex_text(x[i]), dec_text(f, x[i]), s);
  return s;
}

// Folds one checked vector into the record and, when it is the worst so far, into the result.
void fold(GradcheckResult& result, GradientRecord& rec, const char* part, uint64_t c, const Eigen::VectorXd& x,
          const Eigen::VectorXd* dy, const Eigen::VectorXd& got, const oracles::RealVector& exact,
          const std::vector<double>& bound) {
  const Format f = result.request.format;
  const vecops::VectorCheck check = vecops::check_vector(f, got, exact, bound);
  rec.cases += 1;
  rec.elements += static_cast<uint64_t>(got.size());
  rec.max_ulp = std::max(rec.max_ulp, check.max_ulp);
  rec.max_normwise = std::max(rec.max_normwise, check.normwise);
  const double ratio = check.mismatch_index >= 0 ? INFINITY : check.max_ratio;
  const Eigen::Index i = check.worst();
  if (i < 0) return;
  const size_t k = static_cast<size_t>(i);
  const std::string where = fmt::format("case {}: {}{}", c, check.mismatch_index >= 0 ? check.mismatch + " " : "",
                                        vecops::describe_component(f, i, got[i], exact[k], bound[k]));
  if (ratio > rec.error || rec.where.empty()) {
    rec.error = std::max(rec.error, ratio);
    rec.where = where + "; " + input_text(f, x, i);
  }
  if (ratio > result.worst_ratio || result.worst.index < 0) {
    result.worst_ratio = ratio;
    GradcheckWorst& w = result.worst;
    w.part = part;
    w.case_index = c;
    w.index = i;
    // The input that matters: x_i for elementwise outputs, the whole x for a reduction.
    w.input = input_text(f, x, got.size() == x.size() ? i : -1);
    if (dy) w.input += "; dy: " + vecops::describe_vector(f, *dy);
    w.got = got[i];
    w.exact = exact_hex_text(exact[k]) + " (" + exact_dec_text(exact[k]) + ")";
    w.error = std::isfinite(got[i]) && boost::multiprecision::isfinite(exact[k])
                  ? static_cast<double>(abs(Real(got[i]) - exact[k]))
                  : INFINITY;
    w.bound = bound[k];
    w.mismatch = check.mismatch_index >= 0 ? check.mismatch : "";
  }
}

// The user's kernels: callables when given, else loaded from LIB:SYMBOL.
VectorForward forward_of(const GradcheckRequest& r, Eigen::Index m) {
  return r.forward_callable ? wrap_vector_forward(r.forward_callable, r.format, m)
                            : load_vector_forward(r.kernel, r.format, m);
}
VectorVjp vjp_of(const GradcheckRequest& r) {
  return r.vjp_callable ? wrap_vector_vjp(r.vjp_callable, r.format) : load_vector_vjp(r.grad_kernel, r.format);
}

void run_with_oracle(GradcheckResult& result, VectorOp op) {
  const GradcheckRequest& r = result.request;
  const Format f = r.format;
  const auto n = static_cast<Eigen::Index>(r.n);
  const Eigen::Index m = vecops::output_size(op, n);
  const VectorForward forward =
      r.kernel == "reference" && !r.forward_callable
          ? VectorForward([=](const Eigen::VectorXd& x) { return vecops::forward(op, f, x); })
          : forward_of(r, m);
  const VectorVjp vjp =
      r.grad_kernel == "reference" && !r.vjp_callable
          ? VectorVjp([=](const Eigen::VectorXd& x, const Eigen::VectorXd& dy) { return vecops::vjp(op, f, x, dy); })
          : vjp_of(r);
  result.reference = "oracle";
  GradientRecord fwd = new_record(r, "forward", r.kernel, "oracle"), back = new_record(r, "vjp", r.grad_kernel, "oracle");
  std::mt19937_64 rng(r.seed);
  set_real_precision(kOracleBits);
  for (uint64_t c = 0; c < r.cases; ++c) {
    const double max_spread = c % 4 == 3 ? largest_finite(f) : 1024.0;
    const Eigen::VectorXd x = vecops::sample_vector_of_length(f, rng, n, max_spread);
    const Eigen::VectorXd dy = vecops::sample_cotangent(f, rng, m);
    const oracles::RealVector y_exact = vecops::forward_exact(op, x);
    fold(result, fwd, "forward", c, x, nullptr, forward(x), y_exact, vecops::forward_bound(op, f, x, y_exact).absolute);
    const oracles::RealVector dx_exact = vecops::vjp_exact(op, x, dy);
    fold(result, back, "vjp", c, x, &dy, vjp(x, dy), dx_exact, vecops::vjp_bound(op, f, x, dy, dx_exact).absolute);
  }
  for (GradientRecord* g : {&fwd, &back}) {
    g->passed = g->error <= g->bound;
    result.records.push_back(*g);
  }
}

void run_with_differences(GradcheckResult& result, const CompositeOpInfo& info) {
  const GradcheckRequest& r = result.request;
  if ((r.kernel == "reference" && !r.forward_callable) || (r.grad_kernel == "reference" && !r.vjp_callable))
    throw UsageError(fmt::format("gradcheck has no reference kernel for '{}': give --kernel LIB:SYMBOL and "
                                 "--grad-kernel LIB:SYMBOL",
                                 r.op));
  const Format f = r.format;
  const auto n = static_cast<Eigen::Index>(r.n);
  // Losses and reductions give one value; the other kinds one per input.
  const Eigen::Index m = info.kind == OpKind::loss || info.kind == OpKind::reduction ? 1 : n;
  const VectorForward forward = forward_of(r, m);
  const VectorVjp vjp = vjp_of(r);
  result.reference = "finite_difference";
  GradientRecord back = new_record(r, "vjp", r.grad_kernel, "finite_difference");
  std::mt19937_64 rng(r.seed);
  for (uint64_t c = 0; c < r.cases; ++c) {
    // Centred values in (-4, 4): no oracle here, and the error model of the
    // differences ((n + 2) u of each |F_i|) needs outputs without heavy
    // cancellation (a layernorm of values 1e4 +- 1e-3 has none of its digits).
    Eigen::VectorXd x(n);
    for (Eigen::Index i = 0; i < n; ++i) x[i] = round_to(f, (static_cast<double>(rng() >> 11) * 0x1p-53 * 2 - 1) * 4);
    const DirectionalResult d = directional_check(forward, vjp, x, m, f, rng(), static_cast<double>(n + 2));
    back.cases += 1;
    back.elements += static_cast<uint64_t>(n);
    double ratio = std::fabs(d.from_differences - d.from_vjp) / d.bound;
    // NaN or inf from either side makes the ratio NaN, which std::max would drop.
    if (!d.passed && !(ratio > 1)) ratio = INFINITY;
    if (ratio > back.error || back.where.empty()) {
      back.error = std::max(back.error, ratio);
      back.where = fmt::format("case {}: {}; x: {}", c, d.summary(), vecops::describe_vector(f, x));
    }
    if (!d.passed && (ratio > result.worst_ratio || result.worst.index < 0)) {
      result.worst_ratio = ratio;
      GradcheckWorst& w = result.worst;
      w.part = "vjp";
      w.case_index = c;
      w.index = d.worst.col;
      w.jacobian_row = d.worst.row;
      w.jacobian_col = d.worst.col;
      w.input = input_text(f, x, d.worst.col);
      w.got = d.worst.from_vjp;
      w.exact = fmt::format("{} (finite differences)", d.worst.from_differences);
      w.error = d.worst.error;
      w.bound = d.worst.bound;
    }
  }
  back.passed = back.error <= back.bound;
  result.records.push_back(back);
}

}  // namespace

Format parse_gradcheck_format(const std::string& name) {
  if (const auto f = parse_format(name)) return *f;
  throw UsageError(fmt::format("unknown format '{}' (known: f64, f32, f16, bf16)", name));
}

GradcheckResult run_gradcheck(const GradcheckRequest& request) {
  if (request.n == 0) throw UsageError("--n must be at least 1");
  if (request.cases == 0) throw UsageError("--cases must be at least 1");
  const CompositeOpInfo* info = find_composite(request.op);
  if (!info) {
    std::string known;
    for (const auto& c : composite_catalog())
      if (c.kind == OpKind::vector || c.kind == OpKind::loss || c.kind == OpKind::normalisation ||
          c.kind == OpKind::reduction)
        known += (known.empty() ? "" : ", ") + c.name;
    throw UsageError(fmt::format("unknown op '{}' for gradcheck (known: {})", request.op, known));
  }
  GradcheckResult result;
  result.request = request;
  if (const auto op = vecops::parse_vector_op(request.op)) run_with_oracle(result, *op);
  else run_with_differences(result, *info);
  result.passed = true;
  for (const GradientRecord& g : result.records) result.passed = result.passed && g.passed;
  result.exit_status = result.passed ? 0 : 1;
  return result;
}

nlohmann::json to_json(const GradcheckResult& r) {
  nlohmann::json records = nlohmann::json::array();
  for (const GradientRecord& g : r.records) records.push_back(to_json(g));
  nlohmann::json worst = {{"part", r.worst.part},     {"case", r.worst.case_index}, {"index", r.worst.index},
                          {"input", r.worst.input},   {"got", hex_text(r.worst.got)}, {"exact", r.worst.exact},
                          {"error", r.worst.error},   {"bound", r.worst.bound},     {"ratio", r.worst_ratio}};
  if (!r.worst.mismatch.empty()) worst["mismatch"] = r.worst.mismatch;
  if (r.worst.jacobian_row >= 0) worst["jacobian_element"] = {r.worst.jacobian_row, r.worst.jacobian_col};
  nlohmann::json j = {{"op", r.request.op},
                      {"format", spec(r.request.format).name},
                      {"kernel", r.request.kernel},
                      {"grad_kernel", r.request.grad_kernel},
                      {"n", r.request.n},
                      {"cases", r.request.cases},
                      {"seed", r.request.seed},
                      {"reference", r.reference},
                      {"gradients", records},
                      {"worst", worst},
                      {"verdict", r.passed ? "pass" : "fail"}};
  if (!r.request.framework.is_null()) j["framework"] = r.request.framework;
  return j;
}

std::string to_text(const GradcheckResult& r) {
  const Format f = r.request.format;
  std::string s = fmt::format("gradcheck {} {} (kernel {}, grad kernel {}): n = {}, {} cases, seed {}, against {}\n",
                              r.request.op, spec(f).name, r.request.kernel, r.request.grad_kernel, r.request.n,
                              r.request.cases, r.request.seed, r.reference);
  if (const nlohmann::json& fw = r.request.framework; fw.is_object())
    s += fmt::format("  framework: {} {}, forward {}, VJP {}, isa {}\n", fw.value("framework", ""),
                     fw.value("version", ""), fw.value("call", ""), fw.value("vjp_call", ""), fw.value("isa", ""));
  for (const GradientRecord& g : r.records)
    s += fmt::format("  {:<7}  max ulp {:.3g}, max normwise {:.3g}, max error/bound {:.3g}: {}\n", g.part, g.max_ulp,
                     g.max_normwise, g.error, g.passed ? "pass" : "FAIL");
  const GradcheckWorst& w = r.worst;
  if (w.index >= 0) {
    s += fmt::format("  worst: {} case {}, {} {}{}: got {} ({}), exact {}, error {:.3g}, bound {:.3g} (ratio {:.3g}){}\n",
                     w.part, w.case_index, w.jacobian_row >= 0 ? "Jacobian element" : "index",
                     w.jacobian_row >= 0 ? fmt::format("(i = {}, j = {})", w.jacobian_row, w.jacobian_col)
                                         : std::to_string(w.index),
                     w.mismatch.empty() ? "" : " [" + w.mismatch + "]", hex_text(w.got), dec_text(f, w.got), w.exact,
                     w.error, w.bound, r.worst_ratio, "");
    s += fmt::format("  input: {}\n", w.input);
  }
  s += fmt::format("verdict: {}\n", r.passed ? "pass" : "FAIL");
  return s;
}

int run_gradcheck_command(const GradcheckRequest& request, const std::string& json_path) {
  const GradcheckResult result = run_gradcheck(request);
  const nlohmann::json j = to_json(result);
  if (json_path == "-") {
    write_stdout(j.dump(2) + "\n");
  } else {
    if (!json_path.empty()) write_file_atomically(json_path, j.dump(2) + "\n");
    write_stdout(to_text(result));
  }
  return result.exit_status;
}

}  // namespace numstab::gradcheck
