#include "src/inputs.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>

#include <fmt/format.h>

#include "src/errors.hpp"

namespace numstab {

namespace {
uint64_t splitmix64(uint64_t z) {
  z += 0x9e3779b97f4a7c15ULL;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

uint64_t width_mask(Format f) {
  const int bits = spec(f).total_bits;
  return bits == 64 ? ~uint64_t{0} : (uint64_t{1} << bits) - 1;
}

// The format's nearest value to v, as a bit pattern.
uint64_t nearest_bits(Format f, double v) {
  return double_to_bits(f, f == Format::f64 ? v : round_double_to(spec(f), v));
}

bool in_range(const std::optional<Range>& r, double v) {
  return !r || (v >= r->lo && v <= r->hi);
}

// First and last order keys of the values in [lo, hi].
std::pair<uint64_t, uint64_t> key_bounds(Format f, const Range& r) {
  uint64_t lo = order_key(f, nearest_bits(f, r.lo));
  uint64_t hi = order_key(f, nearest_bits(f, r.hi));
  if (bits_to_double(f, key_to_bits(f, lo)) < r.lo) ++lo;
  if (bits_to_double(f, key_to_bits(f, hi)) > r.hi) --hi;
  // -0 and +0 are both in any range that holds zero.
  if (r.lo == 0 && !std::signbit(r.lo)) lo = std::min(lo, order_key(f, double_to_bits(f, -0.0)));
  if (r.hi == 0 && std::signbit(r.hi)) hi = std::max(hi, order_key(f, double_to_bits(f, 0.0)));
  return {lo, hi};
}
}  // namespace

Range parse_range(const std::string& text) {
  const auto colon = text.find(':', 1);  // a leading '-' or ':' is not the separator
  const auto bad = [&] {
    return UsageError(fmt::format("malformed --range '{}' (expected LO:HI with LO <= HI)", text));
  };
  if (colon == std::string::npos) throw bad();
  const auto lo = parse_number(text.substr(0, colon));
  const auto hi = parse_number(text.substr(colon + 1));
  if (!lo || !hi || std::isnan(*lo) || std::isnan(*hi) || *lo > *hi) throw bad();
  return {*lo, *hi};
}

InputSource InputSource::exhaustive(Format f, std::optional<Range> range) {
  InputSource s;
  s.format_ = f;
  s.mode_ = Mode::exhaustive;
  s.range_ = range;
  if (!range) {
    s.first_key_ = 0;
    s.count_ = spec(f).total_bits == 64 ? ~uint64_t{0} : width_mask(f) + 1;
    return s;
  }
  const auto [lo, hi] = key_bounds(f, *range);
  s.first_key_ = lo;
  s.count_ = hi >= lo ? hi - lo + 1 : 0;
  return s;
}

InputSource InputSource::sampled(Format f, const OpInfo& op, uint64_t count, uint64_t seed,
                                 std::optional<Range> range) {
  InputSource s;
  s.format_ = f;
  s.mode_ = Mode::samples;
  s.seed_ = seed;
  s.range_ = range;
  s.count_ = count;
  s.uniform_lo_ = op.sample_lo;
  s.uniform_hi_ = op.sample_hi;
  if (range) {  // uniform samples stay inside the requested range
    s.uniform_lo_ = range->lo;
    s.uniform_hi_ = range->hi;
  }

  const FormatSpec& fs = spec(f);
  const double inf = INFINITY;
  const double min_sub = std::ldexp(1.0, fs.emin - fs.precision + 1);
  const double min_normal = std::ldexp(1.0, fs.emin);
  const double max_finite = std::ldexp(2.0 - std::ldexp(1.0, 1 - fs.precision), fs.emax);
  std::vector<double> values = {0.0, inf, double(NAN), 1.0, min_sub, min_normal - min_sub, min_normal,
                                max_finite};
  // Binade edges: every power of two and the value just below it.
  for (int k = fs.emin - fs.precision + 1; k <= fs.emax; ++k) {
    const double p = std::ldexp(1.0, k);
    values.push_back(p);
    values.push_back(p - std::ldexp(1.0, std::max(k - fs.precision, fs.emin - fs.precision + 1)));
  }
  std::vector<double> near;
  for (const auto& t : op.thresholds) near.push_back(t.x);
  const auto hard = hard_inputs_of(op);
  near.insert(near.end(), hard.begin(), hard.end());
  for (const auto& k : op.kinks) near.push_back(k.x);

  std::vector<uint64_t> keys;
  const auto add_with_sign = [&](double v) {
    keys.push_back(order_key(f, nearest_bits(f, v)));
    keys.push_back(order_key(f, nearest_bits(f, -v)));
  };
  for (double v : values) add_with_sign(v);
  for (double v : near) {  // the value, both signs, and two neighbours each side
    for (double sv : {v, -v}) {
      const uint64_t k = order_key(f, nearest_bits(f, sv));
      for (int d = -2; d <= 2; ++d) keys.push_back(k + static_cast<uint64_t>(d));
    }
  }
  const uint64_t last_key = width_mask(f);
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  for (uint64_t k : keys) {
    if (k > last_key) continue;  // a neighbour stepped off either end
    const uint64_t bits = key_to_bits(f, k);
    if (range && !in_range(range, bits_to_double(f, bits))) continue;
    s.probes_.push_back(bits);
  }
  if (s.probes_.size() > count) {  // keep an even spread of the probes
    std::vector<uint64_t> kept;
    for (uint64_t i = 0; i < count; ++i) kept.push_back(s.probes_[i * s.probes_.size() / count]);
    s.probes_ = std::move(kept);
  }
  if (range) {
    const auto [lo, hi] = key_bounds(f, *range);
    s.first_key_ = lo;
    s.last_key_ = hi;
    if (hi < lo) {
      s.count_ = 0;
      s.probes_.clear();
    }
  }
  return s;
}

InputSource InputSource::for_op(const OpInfo& op, Format f, Mode mode, uint64_t samples,
                                uint64_t seed, std::optional<Range> range, bool second_operand_fixed) {
  InputSource s = mode == Mode::exhaustive ? exhaustive(f, range) : sampled(f, op, samples, seed, range);
  if (op.is_binary() && !second_operand_fixed) return s.with_second_operand(op.second_operand_probes);
  return s;
}

InputSource InputSource::with_second_operand(const std::vector<double>& probes) const {
  InputSource s = *this;
  s.binary_ = true;
  for (double v : probes) s.second_probes_.push_back(nearest_bits(format_, v));
  if (s.second_probes_.empty()) s.second_probes_.push_back(nearest_bits(format_, 0.25));
  if (mode_ == Mode::exhaustive) s.count_ = count_ * s.second_probes_.size();
  return s;
}

InputSource InputSource::recorded(Format f, std::vector<uint64_t> x_bits,
                                  std::vector<uint64_t> second_bits) {
  InputSource s;
  s.format_ = f;
  s.mode_ = Mode::data;
  s.count_ = x_bits.size();
  s.binary_ = !second_bits.empty();
  s.data_x_ = std::move(x_bits);
  s.data_second_ = std::move(second_bits);
  return s;
}

uint64_t InputSource::second_bits_at(uint64_t i) const {
  if (mode_ == Mode::data) return data_second_[i];
  if (mode_ == Mode::exhaustive) return second_probes_[i / x_count()];
  const uint64_t h = splitmix64(splitmix64(seed_ ^ 0x5ec0d0e7a5d5eedULL) ^ i);
  switch (h & 3) {
    case 0: return second_probes_[(h >> 2) % second_probes_.size()];
    case 1: return h >> 8 & width_mask(format_);  // any bit pattern
    default: {
      const double u = static_cast<double>(h >> 11) * 0x1p-53;
      return nearest_bits(format_, 2 * u - 1);  // a slope in [-1, 1]
    }
  }
}

uint64_t InputSource::bits_at(uint64_t i) const {
  if (mode_ == Mode::data) return data_x_[i];
  if (mode_ == Mode::exhaustive) return key_to_bits(format_, first_key_ + i % x_count());
  if (i < probes_.size()) return probes_[i];
  return random_bits(i);
}

void InputSource::bits_block(uint64_t first, size_t n, uint64_t* out) const {
  if (mode_ != Mode::exhaustive) {
    for (size_t k = 0; k < n; ++k) out[k] = bits_at(first + k);
    return;
  }
  const uint64_t xs = x_count(), sign_bit = uint64_t{1} << (spec(format_).total_bits - 1);
  uint64_t key = first_key_ + first % xs;
  for (size_t k = 0; k < n; ++k) {
    out[k] = key_to_bits(sign_bit, key);
    if (++key == first_key_ + xs) key = first_key_;  // a binary op's next second operand
  }
}

uint64_t InputSource::random_bits(uint64_t i) const {
  const uint64_t h1 = splitmix64(seed_ ^ splitmix64(i));
  const uint64_t h2 = splitmix64(h1);
  const unsigned kind = h1 & 15;
  const FormatSpec& fs = spec(format_);
  const uint64_t span = range_ ? last_key_ - first_key_ + 1 : 0;
  if (range_) {
    if (kind < 8) return key_to_bits(format_, first_key_ + h2 % span);  // log-like
  } else if (kind < 7) {
    return h2 & width_mask(format_);  // a uniform bit pattern: every binade equally often
  } else if (kind >= 14) {           // a subnormal of either sign
    const uint64_t frac = h2 & ((uint64_t{1} << (fs.precision - 1)) - 1);
    return (h2 >> 63) ? frac | (uint64_t{1} << (fs.total_bits - 1)) : frac;
  }
  // Uniform value in the interesting range (or the requested one).
  const double u = static_cast<double>(h2 >> 11) * 0x1p-53;
  const double v = uniform_lo_ + u * (uniform_hi_ - uniform_lo_);
  uint64_t bits = nearest_bits(format_, v);
  if (range_ && !in_range(range_, bits_to_double(format_, bits)))
    bits = key_to_bits(format_, first_key_ + h2 % span);
  return bits;
}

std::vector<double> hard_inputs_of(const OpInfo& op) {
  if (op.hard_inputs == kNoHardInputs) return {};
  const std::string path = op.hard_inputs_path();
  if (!std::ifstream(path))
    throw UsageError(fmt::format("{}: cannot read the hard inputs of '{}' (set NUMSTAB_ORACLES_DIR to the "
                                 "folder holding {}/{})", path, op.name, op.family, op.hard_inputs));
  return read_hard_inputs(path);
}

std::vector<double> read_hard_inputs(const std::string& path) {
  std::vector<double> values;
  std::ifstream in(path);
  if (!in) throw UsageError(fmt::format("{}: cannot read the hard-input file", path));
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    const std::string text = line.substr(0, line.find('#'));
    const auto first = text.find_first_not_of(" \t\r");
    if (first == std::string::npos) continue;
    const auto last = text.find_last_not_of(" \t\r");
    const auto v = parse_number(text.substr(first, last - first + 1));
    if (!v) throw UsageError(fmt::format("{}:{}: not a number: '{}'", path, n, line));
    values.push_back(*v);
  }
  return values;
}

}  // namespace numstab
