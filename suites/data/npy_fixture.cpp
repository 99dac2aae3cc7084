// Writes the .npy fixtures of data_cli_test.sh into a folder (CI has no numpy):
//
//   npy_fixture DIR
//
// Good files hold numstab's reference outputs; tanh_f32_perturbed.npy has three
// outputs moved 1000 ULP, whose inputs (hexfloat, as the CLI prints them) are
// listed in perturbed_inputs.txt. malformed.txt lists one malformed file per
// line: FILE|OP|FORMAT|PHRASE, PHRASE being part of the expected error line.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>

#include "src/catalog.hpp"
#include "src/inputs.hpp"
#include "src/sweep.hpp"
#include "suites/data/npy_fixtures.hpp"

namespace numstab {
namespace {

// `params`: --param values; naming a binary op's second operand fixes it (no
// column of its own in the file).
npyfix::Rows reference_rows(const char* op_name, Format f, Mode mode, uint64_t samples,
                            const std::vector<std::string>& params = {}) {
  const OpInfo& op = require_op(op_name);
  const InputSource src = InputSource::for_op(op, f, mode, samples, 11, std::nullopt, !params.empty());
  return npyfix::rows_of(src, reference_kernel(op, f, op.resolve_params(params)), f);
}

void write_good(const std::string& dir) {
  using npyfix::npy_of;
  using npyfix::write_file;
  const npyfix::Rows tanh_f32 = reference_rows("tanh", Format::f32, Mode::samples, 5000);
  write_file(dir + "/tanh_f32.npy", npy_of(tanh_f32, Format::f32, "<f4"));
  write_file(dir + "/tanh_f32_fortran.npy", npy_of(tanh_f32, Format::f32, "<f4", true));
  write_file(dir + "/tanh_f64.npy",
             npy_of(reference_rows("tanh", Format::f64, Mode::samples, 5000), Format::f64, "<f8"));
  const npyfix::Rows tanh_f16 = reference_rows("tanh", Format::f16, Mode::exhaustive, 0);
  write_file(dir + "/tanh_f16_float16.npy", npy_of(tanh_f16, Format::f16, "<f2"));
  write_file(dir + "/tanh_f16_uint16.npy", npy_of(tanh_f16, Format::f16, "<u2"));
  write_file(dir + "/tanh_bf16.npy",
             npy_of(reference_rows("tanh", Format::bf16, Mode::exhaustive, 0), Format::bf16, "<u2"));
  write_file(dir + "/prelu_f32.npy",
             npy_of(reference_rows("prelu", Format::f32, Mode::samples, 5000), Format::f32, "<f4"));
  write_file(dir + "/prelu_f32_a0.25.npy",
             npy_of(reference_rows("prelu", Format::f32, Mode::samples, 5000, {"a=0.25"}), Format::f32, "<f4"));

  // Three rows with distinct, non-NaN inputs, from three places in the file.
  npyfix::Rows perturbed = tanh_f32;
  std::ofstream list(dir + "/perturbed_inputs.txt");
  for (size_t i : {size_t{1000}, size_t{2000}, size_t{3000}}) {
    while (std::isnan(bits_to_double(Format::f32, perturbed.x[i])) ||
           std::count(perturbed.x.begin(), perturbed.x.end(), perturbed.x[i]) != 1)
      ++i;
    perturbed.y[i] = npyfix::away_from_zero(perturbed.y[i], 1000);
    list << hex_text(bits_to_double(Format::f32, perturbed.x[i])) << "\n";
  }
  write_file(dir + "/tanh_f32_perturbed.npy", npy_of(perturbed, Format::f32, "<f4"));
}

void write_malformed(const std::string& dir) {
  std::ofstream manifest(dir + "/malformed.txt");
  int n = 0;
  for (const auto& c : npyfix::malformed_cases()) {
    const std::string file = "malformed_" + std::to_string(n++) + ".npy";
    npyfix::write_file(dir + "/" + file, c.bytes);
    manifest << file << "|" << c.op << "|" << spec(c.format).name << "|" << c.expected << "\n";
  }
}

}  // namespace
}  // namespace numstab

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s DIR\n", argv[0]);
    return 2;
  }
  numstab::write_good(argv[1]);
  numstab::write_malformed(argv[1]);
  return 0;
}
