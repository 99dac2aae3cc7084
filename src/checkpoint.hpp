// --checkpoint FILE: a long sweep survives an interruption. Each finished
// chunk's accumulator is appended to FILE as one JSON line (doubles as bit
// patterns, so a resumed record is bit for bit the uninterrupted one) sealed
// with its CRC-32; a rerun of the same command skips the chunks the file holds.
// The first line is the run's identity, the kernel library's and --data file's
// fingerprints included (SweepConfig::origin).
#pragma once
#include <cstdint>
#include <fstream>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "src/accumulator.hpp"
#include "src/inputs.hpp"

namespace numstab {

// What must match for a checkpoint to be resumed: op, parameters, format,
// kernel, inputs, bound and every option that changes a number.
nlohmann::json checkpoint_identity(const SweepConfig& cfg, const InputSource& src, const Kernel& kernel);

// A line of the file: JSON text, a tab, and "crc32:" with the CRC-32 of the
// text in 8 hex digits. Refused on reading when they differ (an edited line).
std::string seal_checkpoint_line(const std::string& json_text);

class Checkpoint {
 public:
  // Reads FILE if it exists (UsageError, one line, when it belongs to another
  // run, a line fails its checksum or is malformed), then opens it for
  // appending. Only an unterminated last line (a write cut short by a kill) is
  // dropped, and cut from the file, without an error: its chunk is redone.
  Checkpoint(const std::string& path, const nlohmann::json& identity, uint64_t chunks);
  // The saved accumulator of chunk c, if the file holds it.
  bool load(uint64_t c, Accumulator& acc) const;
  // Appends chunk c (thread-safe; flushed, so a kill loses at most the chunks in flight).
  void save(uint64_t c, const Accumulator& acc);
  uint64_t resumed() const { return done_.size(); }

 private:
  bool read_file(const nlohmann::json& identity, uint64_t chunks);  // false: no line
  std::string path_;
  std::unordered_map<uint64_t, nlohmann::json> done_;
  std::ofstream out_;
  std::mutex mutex_;
  // The errno of the first write that failed: a thread saving after it finds
  // the stream already bad (no syscall, errno 0) and reports the same cause.
  int write_errno_ = 0;
};

}  // namespace numstab
