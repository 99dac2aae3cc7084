// Wall-clock seconds for timing.json (never for report.json: see report.hpp).
#pragma once
#include <chrono>

namespace numstab {

inline double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace numstab
