// `numstab report`: the whole catalog, every format, the reference kernels.
// For now a table on stdout and report.json; Markdown and HTML writers come
// with the report issue.
#pragma once
#include <cstdint>
#include <string>

namespace numstab {

struct ReportOptions {
  std::string out_dir = "numstab-report";
  bool quick = false;
  uint64_t seed = 1;
  int threads = 0;
};

// Returns the exit status.
int run_report(const ReportOptions& options);

}  // namespace numstab
