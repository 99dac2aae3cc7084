// libFuzzer target: the .npy reader of --data (src/data/data_file.cpp).
// Any input must give a DataSet or a UsageError (one line naming the file);
// a crash, a sanitizer report or any other exception is a finding.
#include <cstdint>
#include <vector>

#include "src/catalog.hpp"
#include "src/data/data_file.hpp"
#include "src/errors.hpp"
#include "targets/scratch.hpp"

using namespace numstab;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string path = fuzz::scratch_file("input.npy", data, size);
  // Unary and binary ops, every format: each dtype and column count is accepted by one.
  struct Case {
    const char* op;
    Format format;
    bool second_fixed;
  };
  static const Case cases[] = {{"tanh", Format::f64, false}, {"tanh", Format::f32, false},
                               {"tanh", Format::f16, false}, {"tanh", Format::bf16, false},
                               {"prelu", Format::f32, false}, {"prelu", Format::f32, true}};
  for (const Case& c : cases) {
    try {
      const DataSet d = load_data_file(path, require_op(c.op), c.format, c.second_fixed);
      // What the sweep then reads: every input and every recorded output.
      std::vector<uint64_t> y(d.source.size());
      d.kernel.recorded(0, y.data(), y.size());
      for (uint64_t i = 0; i < d.source.size(); ++i) {
        (void)d.source.bits_at(i);
        if (d.source.has_second_operand()) (void)d.source.second_bits_at(i);
      }
    } catch (const UsageError&) {
    }
  }
  return 0;
}
