// The public helpers of include/numstab/certify.hpp: one input judged or
// evaluated by the catalog's oracle, for users' own properties.
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "numstab/certify.hpp"
#include "src/catalog.hpp"
#include "src/errors.hpp"
#include "src/ulp.hpp"

namespace numstab::testing::detail {

namespace {

constexpr unsigned kOracleBits = 256;  // certify's default (--oracle-bits)

struct Evaluation {
  const OpInfo* op;
  Format format;
  Params params;
};

// The op, format and parameters, or std::invalid_argument with the CLI's words.
Evaluation resolve(const std::string& format, const std::string& op_name, const ParamList& params) {
  try {
    const OpInfo& op = require_op(op_name);
    const auto f = parse_format(format);
    if (!f) throw UsageError(fmt::format("unknown format '{}'", format));
    std::vector<std::string> assignments;
    bool second_given = false;
    for (const auto& [name, value] : params) {
      assignments.push_back(fmt::format("{}={:a}", name, value));
      second_given = second_given || (op.is_binary() && name == op.second_operand_name());
    }
    if (op.is_binary() && !second_given)
      throw UsageError(fmt::format("'{}' is a two-operand op: give its second operand as the parameter '{}'",
                                   op.name, op.second_operand_name()));
    return {&op, *f, op.resolve_params(assignments)};
  } catch (const UsageError& e) {
    throw std::invalid_argument("numstab: " + std::string(e.what()));
  }
}

}  // namespace

double ulp_error_bits(const std::string& format, const std::string& op, const ParamList& params,
                      std::uint64_t x_bits, std::uint64_t y_bits) {
  const Evaluation e = resolve(format, op, params);
  set_real_precision(kOracleBits);
  const Real x = bits_to_double(e.format, x_bits);
  Real exact;
  bool unresolved = false;
  const Judgement j =
      evaluate_and_judge(e.op->oracle, e.params, e.format, x, bits_to_double(e.format, y_bits), exact, &unresolved);
  switch (j.mismatch) {
    case Mismatch::none:
      return j.ulp;
    case Mismatch::signed_zero:
      return 0;
    case Mismatch::nan:
    case Mismatch::overflow:
    case Mismatch::nonfinite:
      break;
  }
  return std::numeric_limits<double>::infinity();
}

std::uint64_t exact_bits(const std::string& format, const std::string& op, const ParamList& params,
                         std::uint64_t x_bits, bool& undefined, std::string& hex, std::string& dec) {
  const Evaluation e = resolve(format, op, params);
  set_real_precision(kOracleBits);
  const Real x = bits_to_double(e.format, x_bits);
  Real y;
  e.op->oracle(y, x, e.params);
  undefined = boost::multiprecision::isnan(y);
  hex = exact_hex_text(y);
  dec = exact_dec_text(y);
  return double_to_bits(e.format, round_to_format(e.format, y));
}

}  // namespace numstab::testing::detail
