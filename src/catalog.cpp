#include "src/catalog.hpp"

#include <filesystem>

#include <fmt/format.h>

#include "src/errors.hpp"
#include "src/formats.hpp"
#include "src/kernels/sigmoid.hpp"
#include "src/kernels/tanh.hpp"

namespace numstab {

namespace {
const std::string kAllReals = "all reals";

std::vector<OpInfo> build_catalog() {
  std::vector<OpInfo> ops;
  ops.push_back({"tanh", "hyperbolic tangent", {}, kAllReals, {}, "", -20, 20,
                 // 13 ln2 and 27.5 ln2: where tanh rounds to 1 in f32 and f64.
                 {9.01091, 19.0615}, &oracles::tanh, make_reference<kernels::Tanh>()});
  ops.push_back({"tanh_grad", "derivative of tanh: sech^2(x)", {}, kAllReals, {}, "tanh", -20, 20,
                 {9.01091, 19.0615}, &oracles::tanh_grad,
                 make_reference<kernels::TanhGrad>()});
  ops.push_back({"sigmoid", "logistic function 1/(1+e^-x)", {}, kAllReals, {}, "", -40, 40,
                 // 25 ln2, 54 ln2: where sigmoid rounds to 1 in f32 and f64; -88.7: e^-x
                 // overflows f32; -150 ln2, -1075 ln2: sigmoid below half the smallest
                 // f32 and f64 subnormal.
                 {0, 17.3287, 37.4299, -88.7228, -103.972, -745.133}, &oracles::sigmoid,
                 make_reference<kernels::Sigmoid>()});
  ops.push_back({"sigmoid_grad", "derivative of sigmoid: s(x)(1-s(x))", {}, kAllReals, {},
                 "sigmoid", -40, 40, {0, 17.3287, 37.4299, -88.7228, -103.972, -745.133},
                 &oracles::sigmoid_grad, make_reference<kernels::SigmoidGrad>()});
  return ops;
}
}  // namespace

const std::vector<OpInfo>& catalog() {
  static const std::vector<OpInfo> ops = build_catalog();
  return ops;
}

const OpInfo* find_op(std::string_view name) {
  for (const auto& op : catalog())
    if (op.name == name) return &op;
  return nullptr;
}

const OpInfo& require_op(std::string_view name) {
  if (const OpInfo* op = find_op(name)) return *op;
  std::string known;
  for (const auto& op : catalog()) known += (known.empty() ? "" : ", ") + op.name;
  throw UsageError(fmt::format("unknown op '{}' (known: {})", name, known));
}

Params OpInfo::resolve_params(const std::vector<std::string>& assignments) const {
  Params values;
  for (const auto& p : params) values.push_back(p.default_value);
  for (const auto& a : assignments) {
    const auto eq = a.find('=');
    if (eq == std::string::npos)
      throw UsageError(fmt::format("--param '{}' is not of the form name=value", a));
    const std::string key = a.substr(0, eq);
    const auto value = parse_number(std::string_view(a).substr(eq + 1));
    size_t i = 0;
    while (i < params.size() && params[i].name != key) ++i;
    if (i == params.size()) throw UsageError(fmt::format("op '{}' has no parameter '{}'", name, key));
    if (!value) throw UsageError(fmt::format("--param {}: '{}' is not a number", key, a.substr(eq + 1)));
    values[i] = *value;
  }
  return values;
}

std::string OpInfo::hard_inputs_path() const {
  const std::string family = derivative_of.empty() ? name : derivative_of;
  return fmt::format("{}/oracles/{}/{}.wc", NUMSTAB_SOURCE_DIR, family, name);
}

}  // namespace numstab
