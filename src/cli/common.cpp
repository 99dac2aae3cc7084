#include "src/cli/common.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <iostream>

#include <fmt/format.h>

#include "src/errors.hpp"
#include "src/io/output.hpp"
#include "src/isolate/supervisor.hpp"
#include "src/mpi/exchange.hpp"

namespace numstab::cli {

const CLI::Validator kUnsigned(
    [](std::string& text) {
      if (!text.empty() && text.front() == '-') return std::string("must not be negative");
      if (!text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        uint64_t v = 0;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
        if (ec != std::errc() || end != text.data() + text.size()) return std::string("does not fit in 64 bits");
      }
      return std::string();
    },
    "UINT");

// A --block-timeout nan would never time out.
const CLI::Validator kFinite(
    [](std::string& text) {
      return std::isfinite(std::strtod(text.c_str(), nullptr)) ? std::string() : std::string("must be a finite number");
    },
    "FINITE");

Format require_format(const std::string& name) {
  if (auto f = parse_format(name)) return *f;
  throw UsageError(fmt::format("unknown format '{}' (known: f64, f32, f16, bf16)", name));
}

void write_json(const std::string& path, const nlohmann::json& j) {
  if (path.empty() || !writes_output()) return;
  if (path == "-") write_stdout(j.dump(2) + "\n");
  else write_file_atomically(path, j.dump(2) + "\n");
}

int with_error_line(const std::function<int()>& body) {
  try {
    return body();
  } catch (const UsageError& e) {
    std::cerr << "numstab: error: " << e.what() << "\n";
  } catch (const std::exception& e) {
    std::cerr << "numstab: internal error: " << e.what() << "\n";
  }
  return 2;
}

int run_foreign(const std::string& kernels, bool certify, const std::string& json_path,
                const std::function<int()>& body) {
  // Under mpirun the ranks are the processes the launcher watches (a fork
  // after MPI_Init is not an MPI process): a rank that ends early fails the
  // run there (mpirun: "exited without calling finalize", nonzero status).
  if (kernels.empty() || chunk_exchange() != nullptr) return body();
  return run_supervised({kernels, certify, json_path}, [&] { return with_error_line(body); });
}

}  // namespace numstab::cli
