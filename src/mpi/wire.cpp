#include "src/mpi/wire.hpp"

#include <bit>
#include <stdexcept>

#include <nlohmann/json.hpp>

namespace numstab::mpi {

namespace {

using nlohmann::json;

// A field added to these structs must be sent too (else the ranks' merged
// record would lose it): the sizes fail to compile until this file is updated.
static_assert(sizeof(Accumulator) == 520, "send the new Accumulator field (src/mpi/wire.cpp)");
static_assert(sizeof(tier::Witness) == 80, "send the new Witness field (src/mpi/wire.cpp)");
static_assert(sizeof(Counterexample) == 120, "send the new Counterexample field (src/mpi/wire.cpp)");

uint64_t bits(double v) { return std::bit_cast<uint64_t>(v); }
double value(const json& j) { return std::bit_cast<double>(j.get<uint64_t>()); }

template <size_t N>
std::array<uint64_t, N> counts(const json& j) {
  if (!j.is_array() || j.size() != N) throw std::runtime_error("an array of the wrong length");
  std::array<uint64_t, N> a{};
  for (size_t i = 0; i < N; ++i) a[i] = j[i].get<uint64_t>();
  return a;
}

json counterexample(const Counterexample& c) {
  return {c.input_bits, bits(c.input), bits(c.got), c.second ? json(bits(*c.second)) : json(nullptr),
          c.exact_hex, c.exact_dec, bits(c.ulp), static_cast<int>(c.mismatch)};
}

Counterexample counterexample(const json& j) {
  Counterexample c{j.at(0).get<uint64_t>(), value(j.at(1)), value(j.at(2)), std::nullopt,
                   j.at(4).get<std::string>(), j.at(5).get<std::string>(), value(j.at(6)),
                   static_cast<Mismatch>(j.at(7).get<int>())};
  if (!j.at(3).is_null()) c.second = value(j.at(3));
  return c;
}

json accumulator(const Accumulator& a) {
  json cex = json::array();
  for (const auto& c : a.counterexamples) cex.push_back(counterexample(c));
  return {a.count, bits(a.max_ulp), bits(a.max_normal), bits(a.max_subnormal), a.argmax_bits,
          a.argmax_second_bits, bits(a.argmax_got), bits(a.sum_ulp), a.compared, a.mismatches,
          a.histogram, a.violations, a.binade_unresolved, cex,
          {bits(a.stability.max_ratio), bits(a.stability.at), bits(a.stability.kappa)},
          {a.tiers.fast, a.tiers.mpfr, bits(a.tiers.max_halfwidth)}};
}

Accumulator accumulator(const json& j) {
  Accumulator a;
  a.count = j.at(0).get<uint64_t>();
  a.max_ulp = value(j.at(1));
  a.max_normal = value(j.at(2));
  a.max_subnormal = value(j.at(3));
  a.argmax_bits = j.at(4).get<uint64_t>();
  a.argmax_second_bits = j.at(5).get<uint64_t>();
  a.argmax_got = value(j.at(6));
  a.sum_ulp = value(j.at(7));
  a.compared = j.at(8).get<uint64_t>();
  a.mismatches = counts<std::tuple_size_v<decltype(a.mismatches)>>(j.at(9));
  a.histogram = counts<kHistogramBins>(j.at(10));
  a.violations = j.at(11).get<uint64_t>();
  a.binade_unresolved = j.at(12).get<uint64_t>();
  for (const auto& c : j.at(13)) a.counterexamples.push_back(counterexample(c));
  const json& st = j.at(14);
  a.stability = {value(st.at(0)), value(st.at(1)), value(st.at(2))};
  const json& tiers = j.at(15);
  a.tiers = {tiers.at(0).get<uint64_t>(), tiers.at(1).get<uint64_t>(), value(tiers.at(2))};
  return a;
}

json witness(const tier::Witness& w) {
  return {bits(w.max_normal), bits(w.max_subnormal), bits(w.max_normal_x), bits(w.max_subnormal_x),
          w.mismatches, w.violations};
}

tier::Witness witness(const json& j) {
  tier::Witness w;
  w.max_normal = value(j.at(0));
  w.max_subnormal = value(j.at(1));
  w.max_normal_x = value(j.at(2));
  w.max_subnormal_x = value(j.at(3));
  w.mismatches = counts<std::tuple_size_v<decltype(w.mismatches)>>(j.at(4));
  w.violations = j.at(5).get<uint64_t>();
  return w;
}

}  // namespace

std::vector<uint8_t> encode_chunk_list(const std::vector<uint64_t>& chunks, const std::vector<Accumulator>& results,
                                       const std::vector<tier::Witness>& witnesses) {
  json list = json::array();
  for (const uint64_t c : chunks) list.push_back({c, accumulator(results.at(c)), witness(witnesses.at(c))});
  return json::to_cbor(list);
}

void decode_chunks(const uint8_t* bytes, size_t size, std::vector<Accumulator>& results,
                   std::vector<tier::Witness>& witnesses) {
  try {
    const json list = json::from_cbor(bytes, bytes + size);
    for (const auto& entry : list) {
      const uint64_t c = entry.at(0).get<uint64_t>();
      if (c >= results.size()) throw std::runtime_error("a chunk index out of range");
      results[c] = accumulator(entry.at(1));
      witnesses.at(c) = witness(entry.at(2));
    }
  } catch (const std::exception& e) {
    throw std::runtime_error(std::string("internal error: a rank's chunks arrived malformed: ") + e.what());
  }
}

}  // namespace numstab::mpi
