#include "properties/matcher.hpp"

#include <fmt/format.h>

namespace numstab::props {

std::string oracle_mismatch(const OpInfo& op, const Params& p, Format f, double x, double got,
                            double bound) {
  set_real_precision(256);
  const Real xr = x;
  Real exact;
  bool unresolved = false;
  const Judgement j = evaluate_and_judge(op.oracle, p, f, xr, got, exact, &unresolved);
  if (j.mismatch == Mismatch::none && j.ulp <= bound) return {};
  const std::string hex = exact_hex_text(exact), dec = exact_dec_text(exact);
  const std::string what = j.mismatch == Mismatch::none
                               ? fmt::format("{:.6g} ULP > bound {}", j.ulp, bound)
                               : fmt::format("{} mismatch", kMismatchNames[static_cast<int>(j.mismatch)]);
  return fmt::format("{} {}: x = {} ({})  got {} ({})  exact {} ({})  {}", op.name, spec(f).name,
                     hex_text(x), dec_text(f, x), hex_text(got), dec_text(f, got), hex, dec, what);
}


}  // namespace numstab::props
