// `numstab gradcheck`: a user's forward and VJP kernels (or numstab's reference
// ones) checked on seeded vectors of length n.
//
// Catalog ops with an oracle (softmax, log_softmax, logsumexp): the forward
// output and the VJP dx = J(x)^T dy are compared with the exact values (MPFR,
// oracles/vecops/). The pass criterion is the componentwise first-order bound of
// the shifted algorithm (src/vecops/bounds.hpp), never a guessed tolerance:
//   forward  softmax     |e_i| <= (n + 2 + 2D) u y_i           (Blanchard, Higham &
//            logsumexp   |e|   <= (|y| + |y + n - x_min|) u      Higham 2021)
//            log_softmax |e_i| <= (2|z_i| + n + D) u
//   VJP      softmax     |e_i| <= c u (|y_i dy_i| + |y_i| sum_j |dy_j y_j|), c = 3n + 6 + 4D
//            log_softmax |e_i| <= u |dx_i| + (2n + 2 + 2D) u |y_i| sum_j |dy_j|
//            logsumexp   |e_i| <= (n + 3 + 2D) u |dy y_i|
// with D = x_max - x_min, u the format's unit roundoff, each divided by
// (1 - k u) and times (1 + 2^-9) (exp/log rounding), plus (n + 4) eta for
// underflow; a kernel as accurate as the shifted algorithm passes, a VJP missing
// a term (softmax without <dy, y>) fails wherever that term is above the bound.
// Non-finite classes (NaN, overflow, nonfinite) against the exact value fail.
//
// Other composite ops (no oracle here): finite differences, directional mode
// (src/gradcheck/finite_difference.hpp) with the full-Jacobian fallback naming
// the worst element; the user's forward kernel is taken to be within
// (n + 2) u of each output; x is drawn uniformly in (-4, 4).
//
// Inputs: case c draws x of length n (values of the format, centre 0 or random,
// spread log-uniform from 2^-20 to 2^10, every fourth case up to the overflow
// range) and dy, from the seed (src/vecops/records.hpp sample_vector).
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "src/formats.hpp"
#include "src/gradient_record.hpp"

namespace numstab::gradcheck {

using RawVectorForward = std::function<void(const void* x, void* y, size_t n)>;
using RawVectorVjp = std::function<void(const void* x, const void* dy, void* dx, size_t n)>;

struct GradcheckRequest {
  std::string op;
  Format format = Format::f64;
  std::string kernel = "reference";       // forward: "reference" or LIB:SYMBOL
  std::string grad_kernel = "reference";  // VJP: "reference" or LIB:SYMBOL
  size_t n = 16;
  uint64_t cases = 100;
  uint64_t seed = 1;
  // Kernels given as callables (numstab/gradcheck.hpp), in the ABI of
  // vector_loader.hpp over the format's storage; when set, they are used
  // instead of `kernel` and `grad_kernel` (which then only name them).
  RawVectorForward forward_callable{};
  RawVectorVjp vjp_callable{};
  // A framework's kernels (--kernel torch|onednn): what was called and the ISA
  // path, copied into the record; null otherwise.
  nlohmann::json framework{};
};

// The component that decided the verdict (largest error / bound, or a mismatch).
struct GradcheckWorst {
  std::string part{};       // forward or vjp
  uint64_t case_index = 0;
  int64_t index = -1;       // component i of y (forward) or dx (vjp); -1: none
  std::string input{};      // x_i (hex and decimal) and a summary of x (and dy)
  double got = 0;
  std::string exact{};      // hex (decimal)
  double error = 0;         // |got - exact|
  double bound = 0;         // its bound
  std::string mismatch{};   // nan, overflow, nonfinite, or empty
  // Finite-difference path: the Jacobian element (row i, column j).
  int64_t jacobian_row = -1, jacobian_col = -1;
};

struct GradcheckResult {
  GradcheckRequest request{};
  std::string reference{};          // "oracle" or "finite_difference"
  std::vector<GradientRecord> records{};  // forward and vjp (report.json's gradients)
  GradcheckWorst worst{};
  double worst_ratio = 0;           // error / bound of `worst` (inf for a mismatch)
  bool passed = false;
  int exit_status = 1;              // 0 pass, 1 fail (2 is a thrown UsageError)
};

// Throws UsageError for an unknown op, a malformed or missing LIB:SYMBOL, n = 0 or cases = 0.
GradcheckResult run_gradcheck(const GradcheckRequest& request);

nlohmann::json to_json(const GradcheckResult& result);
std::string to_text(const GradcheckResult& result);

// The CLI's --format: UsageError naming the known formats.
Format parse_gradcheck_format(const std::string& name);

// The whole command for src/cli.cpp: runs, prints to_text on stdout (unless the
// JSON goes to stdout), writes to_json to json_path ("" none, "-" stdout) and
// returns the exit status (0 pass, 1 fail); UsageError propagates (status 2).
int run_gradcheck_command(const GradcheckRequest& request, const std::string& json_path);

}  // namespace numstab::gradcheck
