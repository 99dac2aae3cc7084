#include "reports/report.hpp"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iostream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "src/catalog.hpp"
#include "src/errors.hpp"
#include "src/record.hpp"
#include "src/thresholds.hpp"

namespace numstab {

int run_report(const ReportOptions& o) {
  // 16-bit formats are swept exhaustively; f32 and f64 on seeded samples.
  const uint64_t samples = o.quick ? 20000 : 100000;
  nlohmann::json entries = nlohmann::json::array(), thresholds = nlohmann::json::array();
  std::cout << fmt::format("{:<14} {:<5} {:<10} {:>9} {:>9} {:>9} {:>9}  {}\n", "op", "fmt", "mode",
                           "inputs", "max_ulp", "mean_ulp", "mismatch", "worst input");
  for (const auto& op : catalog()) {
    for (Format f : kAllFormats) {
      SweepConfig cfg;
      cfg.op = &op;
      cfg.params = op.resolve_params({});
      cfg.format = f;
      cfg.seed = o.seed;
      cfg.threads = o.threads;
      cfg.progress = isatty(STDERR_FILENO);
      const bool exhaustive = spec(f).total_bits == 16;
      const InputSource src =
          InputSource::for_op(op, f, exhaustive ? Mode::exhaustive : Mode::samples, samples, o.seed,
                              std::nullopt, false);
      const Record r = sweep(cfg, src, reference_kernel(op, f, cfg.params));
      uint64_t mismatches = 0;
      for (size_t i = 1; i < r.mismatches.size(); ++i) mismatches += r.mismatches[i];
      std::cout << fmt::format("{:<14} {:<5} {:<10} {:>9} {:>9.4f} {:>9.4f} {:>9}  {}\n", r.op,
                               r.format, r.mode, r.inputs, r.max_ulp, r.mean_ulp, mismatches,
                               r.has_argmax ? hex_text(r.argmax) : "-");
      entries.push_back(to_json(r));
      thresholds.push_back(to_json(find_thresholds(op, f, cfg.params, reference_kernel(op, f, cfg.params), cfg.oracle_bits)));
    }
  }
  const nlohmann::json report = {{"numstab_version", NUMSTAB_VERSION},
                                 {"entries", entries},
                                 {"gradients", nlohmann::json::array()},
                                 {"divergence", nlohmann::json::array()},
                                 {"thresholds", thresholds}};
  std::error_code ec;
  std::filesystem::create_directories(o.out_dir, ec);
  const std::string path = o.out_dir + "/report.json";
  std::ofstream out(path);
  if (ec || !out) throw UsageError(fmt::format("cannot write '{}'", path));
  out << report.dump(2) << "\n";
  std::cout << "wrote " << path << "\n";
  return 0;
}

}  // namespace numstab
