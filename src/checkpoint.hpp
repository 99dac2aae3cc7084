// --checkpoint FILE: a long sweep survives an interruption. Each finished
// chunk's accumulator is appended to FILE as one JSON line (doubles as bit
// patterns, so a resumed record is bit for bit the uninterrupted one); a rerun
// of the same command skips the chunks the file holds.
#pragma once
#include <cstdint>
#include <fstream>
#include <mutex>
#include <string>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "src/accumulator.hpp"
#include "src/inputs.hpp"

namespace numstab {

// What must match for a checkpoint to be resumed: op, parameters, format,
// kernel, inputs, bound and every option that changes a number.
nlohmann::json checkpoint_identity(const SweepConfig& cfg, const InputSource& src, const Kernel& kernel);

class Checkpoint {
 public:
  // Reads FILE if it exists (UsageError, one line, when it belongs to another
  // run or is malformed), then opens it for appending.
  Checkpoint(const std::string& path, const nlohmann::json& identity, uint64_t chunks);
  // The saved accumulator of chunk c, if the file holds it.
  bool load(uint64_t c, Accumulator& acc) const;
  // Appends chunk c (thread-safe; flushed, so a kill loses at most the chunks in flight).
  void save(uint64_t c, const Accumulator& acc);
  uint64_t resumed() const { return done_.size(); }

 private:
  std::string path_;
  std::unordered_map<uint64_t, nlohmann::json> done_;
  std::ofstream out_;
  std::mutex mutex_;
};

}  // namespace numstab
