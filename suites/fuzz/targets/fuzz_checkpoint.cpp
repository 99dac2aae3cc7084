// libFuzzer target: the checkpoint reader of --checkpoint FILE
// (src/checkpoint.cpp), and what a resumed sweep does with the chunks it
// accepts (merged, then made a record's JSON and text).
#include <cstdint>

#include "src/catalog.hpp"
#include "src/checkpoint.hpp"
#include "src/errors.hpp"
#include "src/record.hpp"
#include "targets/scratch.hpp"

using namespace numstab;

// The run the seed corpus's checkpoints belong to (suites/fuzz/corpus/checkpoint).
constexpr uint64_t kChunks = 4;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const OpInfo& op = require_op("tanh");
  static const SweepConfig cfg = [] {
    SweepConfig c;
    c.op = &op;
    c.format = Format::f32;
    c.bound = 1.0;
    return c;
  }();
  static const InputSource source = InputSource::sampled(Format::f32, op, 1000, 1, std::nullopt);
  static const Kernel kernel{.name = "reference", .run = {}};
  static const nlohmann::json identity = checkpoint_identity(cfg, source, kernel);

  const std::string path = fuzz::scratch_file("run.checkpoint", data, size);
  try {
    const Checkpoint checkpoint(path, identity, kChunks);
    Accumulator all;
    for (uint64_t c = 0; c < kChunks; ++c) {
      Accumulator chunk;
      if (checkpoint.load(c, chunk)) all.merge(chunk, cfg.max_counterexamples);
    }
    Record rec;
    rec.op = op.name;
    rec.format = "f32";
    rec.kernel = kernel.name;
    rec.mode = "samples";
    rec.inputs = all.count;
    rec.max_ulp = all.max_ulp;
    rec.mismatches = all.mismatches;
    rec.histogram = all.histogram;
    rec.bound = cfg.bound;
    rec.violations = all.violations;
    rec.counterexamples = all.counterexamples;
    (void)to_json(rec).dump();
    (void)to_text(rec);
  } catch (const UsageError&) {
  }
  return 0;
}
