// Eigen's vectorised float functions behind the design's batch ABI
// (void f(const float* x, float* y, size_t n)), so numstab can certify them
// like any dlopen'd kernel: eigen_tanhf (op tanh), eigen_logisticf (op sigmoid),
// eigen_expf (exp) and eigen_erff (erf).
//
// What is certified is Eigen's packet (SIMD) path. Built at -O2 without
// -march (suites/libraries/CMakeLists.txt), so on x86_64 the packets are SSE2
// Packet4f whatever the CI machine: eigen_simd() returns Eigen's own name for
// the instruction set it compiled for. An expression over an unaligned Map
// evaluates its unaligned head and its tail with Eigen's scalar functions
// (std::exp, std::erf, ...), so which code ran would depend on where an input
// sits in numstab's block. The shim therefore copies the block into an aligned
// array padded to a whole number of packets: every input goes through the
// packet path, whatever its position.
#include <cstddef>

#include <Eigen/Core>
#include <unsupported/Eigen/SpecialFunctions>

namespace {

constexpr Eigen::Index kPacket = Eigen::internal::packet_traits<float>::size;

template <typename Apply>
void packet_map(const float* x, float* y, size_t n, Apply apply) {
  if (n == 0) return;
  const Eigen::Index padded = (static_cast<Eigen::Index>(n) + kPacket - 1) / kPacket * kPacket;
  const Eigen::Index count = static_cast<Eigen::Index>(n);
  Eigen::ArrayXf in = Eigen::ArrayXf::Zero(padded);  // Eigen's allocator: packet-aligned
  in.head(count) = Eigen::Map<const Eigen::ArrayXf>(x, count);
  const Eigen::ArrayXf out = apply(in);
  Eigen::Map<Eigen::ArrayXf>(y, count) = out.head(count);
}

}  // namespace

extern "C" {

const char* eigen_simd() { return Eigen::SimdInstructionSetsInUse(); }

void eigen_tanhf(const float* x, float* y, size_t n) {
  packet_map(x, y, n, [](const Eigen::ArrayXf& a) -> Eigen::ArrayXf { return a.tanh(); });
}

void eigen_logisticf(const float* x, float* y, size_t n) {
  packet_map(x, y, n, [](const Eigen::ArrayXf& a) -> Eigen::ArrayXf { return a.logistic(); });
}

void eigen_expf(const float* x, float* y, size_t n) {
  packet_map(x, y, n, [](const Eigen::ArrayXf& a) -> Eigen::ArrayXf { return a.exp(); });
}

void eigen_erff(const float* x, float* y, size_t n) {
  packet_map(x, y, n, [](const Eigen::ArrayXf& a) -> Eigen::ArrayXf { return a.erf(); });
}

}  // extern "C"
