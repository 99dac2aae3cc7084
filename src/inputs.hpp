// Input sources of the sweep: seeded samples or an exhaustive enumeration,
// addressed by index so that any block can be produced by any thread.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "src/catalog.hpp"
#include "src/formats.hpp"

namespace numstab {

struct Range {
  double lo, hi;
};
// "LO:HI" with numbers in decimal or hexfloat; UsageError when malformed or LO > HI.
Range parse_range(const std::string& text);

enum class Mode { samples, exhaustive, data };

class InputSource {
 public:
  // Exhaustive: every bit pattern of the format (NaNs included) or, with a range,
  // every value in [lo, hi].
  static InputSource exhaustive(Format f, std::optional<Range> range);
  // Sampled: first the fixed probes (special values, binade edges, the op's
  // thresholds and hard inputs, with their neighbours) that fall in the range,
  // then seeded random inputs up to `count` in all. Input i depends only on
  // (seed, i), never on the thread that makes it.
  static InputSource sampled(Format f, const OpInfo& op, uint64_t count, uint64_t seed,
                             std::optional<Range> range);

  // What `measure` sweeps: exhaustive or sampled over x, and for a binary op
  // whose second operand is not fixed by --param, paired with second operands.
  static InputSource for_op(const OpInfo& op, Format f, Mode mode, uint64_t samples, uint64_t seed,
                            std::optional<Range> range, bool second_operand_fixed);

  // Inputs read from a data file (--data): x bit patterns and, for a binary
  // op, each input's second operand (empty otherwise).
  static InputSource recorded(Format f, std::vector<uint64_t> x_bits, std::vector<uint64_t> second_bits);

  uint64_t size() const { return count_; }
  Mode mode() const { return mode_; }
  size_t fixed_probes() const { return probes_.size(); }
  // Bit pattern of input i (0 <= i < size()).
  uint64_t bits_at(uint64_t i) const;
  // bits_at(first + k) for k < n, without a division per input on exhaustive
  // sources (the exhaustive sweep's hot loop).
  void bits_block(uint64_t first, size_t n, uint64_t* out) const;
  // A binary op's second operand for input i (see with_second_operand).
  uint64_t second_bits_at(uint64_t i) const;
  bool has_second_operand() const { return binary_; }
  // Pairs every input with a second operand: exhaustive sources repeat all x
  // for each probe value; sampled ones draw it (probes, uniform in [-1, 1],
  // uniform bit patterns) from the seed.
  InputSource with_second_operand(const std::vector<double>& probes) const;

 private:
  uint64_t random_bits(uint64_t i) const;
  uint64_t x_count() const { return binary_ && mode_ == Mode::exhaustive ? count_ / second_probes_.size() : count_; }

  Format format_ = Format::f32;
  Mode mode_ = Mode::samples;
  uint64_t count_ = 0;
  uint64_t first_key_ = 0;       // exhaustive, or a sampled range's bounds
  uint64_t last_key_ = 0;
  std::vector<uint64_t> probes_; // sampled
  uint64_t seed_ = 0;
  std::optional<Range> range_;
  double uniform_lo_ = 0, uniform_hi_ = 0;
  bool binary_ = false;
  std::vector<uint64_t> second_probes_;
  std::vector<uint64_t> data_x_, data_second_;  // Mode::data
};

// Values from a `.wc` file: one hexfloat or decimal per line, '#' starts a comment.
// A missing file or a malformed line: UsageError naming the file (and line).
std::vector<double> read_hard_inputs(const std::string& path);
// The op's hard inputs (catalog field hard_inputs): none for kNoHardInputs;
// UsageError naming the op and the path when its file cannot be read.
std::vector<double> hard_inputs_of(const OpInfo& op);

}  // namespace numstab
