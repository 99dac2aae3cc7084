// The public gradcheck() (include/numstab/gradcheck.hpp): `numstab gradcheck`'s
// request with the user's callables in place of LIB:SYMBOL kernels.
#include "numstab/gradcheck.hpp"

#include <fmt/format.h>

#include "src/errors.hpp"
#include "src/gradcheck/gradcheck.hpp"

namespace numstab::testing {

GradcheckReport gradcheck(const VectorCallables& kernels, const GradcheckSettings& settings) {
  GradcheckReport report;
  try {
    numstab::gradcheck::GradcheckRequest r;
    r.op = settings.op;
    r.format = numstab::gradcheck::parse_gradcheck_format(kernels.format);
    r.kernel = "callable forward";
    r.grad_kernel = "callable vjp";
    r.n = settings.n;
    r.cases = settings.cases;
    r.seed = settings.seed;
    r.forward_callable = kernels.forward;
    r.vjp_callable = kernels.vjp;
    const auto result = numstab::gradcheck::run_gradcheck(r);
    report.passed = result.passed;
    report.worst_ratio = result.worst_ratio;
    report.text = numstab::gradcheck::to_text(result);
    report.json = numstab::gradcheck::to_json(result).dump(2);
  } catch (const UsageError& e) {
    report.error = e.what();
  }
  return report;
}

}  // namespace numstab::testing
