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

enum class Mode { samples, exhaustive };

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

  uint64_t size() const { return count_; }
  Mode mode() const { return mode_; }
  size_t fixed_probes() const { return probes_.size(); }
  // Bit pattern of input i (0 <= i < size()).
  uint64_t bits_at(uint64_t i) const;

 private:
  uint64_t random_bits(uint64_t i) const;

  Format format_ = Format::f32;
  Mode mode_ = Mode::samples;
  uint64_t count_ = 0;
  uint64_t first_key_ = 0;       // exhaustive, or a sampled range's bounds
  uint64_t last_key_ = 0;
  std::vector<uint64_t> probes_; // sampled
  uint64_t seed_ = 0;
  std::optional<Range> range_;
  double uniform_lo_ = 0, uniform_hi_ = 0;
};

// Values from a `.wc` file: one hexfloat or decimal per line, '#' starts a comment.
// Missing file: empty. A malformed line: UsageError naming file and line.
std::vector<double> read_hard_inputs(const std::string& path);

}  // namespace numstab
