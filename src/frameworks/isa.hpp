// Whether this machine runs an instruction-set level a framework names
// (ATen's capabilities, oneDNN's cpu_isa names).
#pragma once
#include <string>

namespace numstab::frameworks {
inline bool machine_runs(const std::string& isa) {
  __builtin_cpu_init();
  const bool avx512 = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
                      __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512dq");
  if (isa == "default" || isa == "sse41") return isa == "default" || __builtin_cpu_supports("sse4.1");
  if (isa == "avx") return __builtin_cpu_supports("avx");
  if (isa == "avx2") return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  if (isa == "avx512" || isa == "avx512_core") return avx512;
  return false;
}
}  // namespace numstab::frameworks
