#include "src/isolate/guard.hpp"

#include <fenv.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <memory>
#include <system_error>

#include <fmt/format.h>

#include "src/isolate/isolate.hpp"

namespace numstab {

namespace {

constexpr size_t kValues = 4096;  // values per guarded call; a larger call runs in pieces
constexpr unsigned char kPoison = 0xff;  // all-ones: NaN in every format

size_t page_size() { return static_cast<size_t>(sysconf(_SC_PAGESIZE)); }

// [guard page][canary page][data][canary page][guard page]: the values of a
// call end right at the trailing canary, so y[n] is its first byte and y[-1]
// lies in the slack before it.
class Fenced {
 public:
  Fenced() {
    const size_t page = page_size();
    data_bytes_ = (kValues * 8 + page - 1) / page * page;
    total_ = data_bytes_ + 4 * page;
    void* p = mmap(nullptr, total_, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) throw std::system_error(errno, std::generic_category(), "guarded kernel: mmap");
    base_ = static_cast<unsigned char*>(p);
    if (mprotect(base_ + page, data_bytes_ + 2 * page, PROT_READ | PROT_WRITE) != 0)
      throw std::system_error(errno, std::generic_category(), "guarded kernel: mprotect");
  }
  ~Fenced() { munmap(base_, total_); }
  Fenced(const Fenced&) = delete;
  Fenced& operator=(const Fenced&) = delete;

  unsigned char* open_begin() const { return base_ + page_size(); }
  unsigned char* open_end() const { return base_ + total_ - page_size(); }
  // Where `bytes` of values start, ending at the trailing canary.
  unsigned char* values(size_t bytes) const { return open_end() - page_size() - bytes; }
  // Poison everywhere before a call. After a call whose checks passed, only
  // the values it used can differ (the rest was checked): re-poisoning those
  // (restore) keeps the invariant at a fraction of the cost of the whole
  // 40 KiB region per block.
  void poison() {
    if (dirty_) std::memset(open_begin(), kPoison, static_cast<size_t>(open_end() - open_begin()));
    dirty_ = true;
  }
  void restore(unsigned char* values, size_t bytes) {
    std::memset(values, kPoison, bytes);
    dirty_ = false;
  }

  // Bytes in [from, to) that are no longer the poison: 0 after one AND over
  // whole words (vectorised; poison is all-ones), counted only on a failure.
  static size_t changed(const unsigned char* from, const unsigned char* to) {
    const size_t n = static_cast<size_t>(to - from), words = n / 8;
    uint64_t all = ~uint64_t{0};
    for (size_t i = 0; i < words; ++i) {
      uint64_t w;
      std::memcpy(&w, from + 8 * i, 8);
      all &= w;
    }
    for (size_t i = words * 8; i < n; ++i) all &= from[i] | ~uint64_t{0xff};
    if (all == ~uint64_t{0}) return 0;
    return static_cast<size_t>(std::count_if(from, to, [](unsigned char b) { return b != kPoison; }));
  }

 private:
  unsigned char* base_ = nullptr;
  size_t total_ = 0, data_bytes_ = 0;
  bool dirty_ = true;  // anything but the poison may be anywhere in the open region
};

struct Buffers {
  Fenced x, a, y;
};

Buffers& this_threads_buffers() {
  thread_local std::unique_ptr<Buffers> b;
  if (!b) b = std::make_unique<Buffers>();
  return *b;
}

double value_at(Format f, const void* values, size_t i, size_t width) {
  return dispatch(f, [&](auto tag) {
    using Tag = decltype(tag);
    typename Tag::Storage v;
    std::memcpy(&v, static_cast<const unsigned char*>(values) + i * width, sizeof v);
    return Tag::to_double(v);
  });
}

std::string block_text(Format f, const void* x, size_t n, size_t width) {
  const auto text = [&](size_t i) {
    const double v = value_at(f, x, i, width);
    return fmt::format("{} ({})", hex_text(v), dec_text(f, v));
  };
  return fmt::format("block of {} inputs from {} to {}", n, text(0), text(n - 1));
}

struct Guarded {
  Kernel inner;
  Format format;
  size_t width;

  // One call of at most kValues values; `a` null for a unary call.
  void call(const void* x, const void* a, void* y, size_t n) const {
    if (n == 0) return;
    Buffers& b = this_threads_buffers();
    const size_t bytes = n * width;
    b.x.poison();
    b.y.poison();
    unsigned char* gx = b.x.values(bytes);
    unsigned char* gy = b.y.values(bytes);
    std::memcpy(gx, x, bytes);
    unsigned char* ga = nullptr;
    if (a) {
      b.a.poison();
      ga = b.a.values(bytes);
      std::memcpy(ga, a, bytes);
    }
    fenv_t env;
    fegetenv(&env);
    if (a) inner.run2(gx, ga, gy, n);
    else inner.run(gx, gy, n);
    fesetenv(&env);

    const auto failure = [&](const std::string& what) {
      return KernelFailure(fmt::format("kernel {} {} on the {}", inner.name, what, block_text(format, x, n, width)));
    };
    if (const size_t after = Fenced::changed(gy + bytes, b.y.open_end()))
      throw failure(fmt::format("wrote past the end of its output buffer ({} of the {} bytes after y[{}] changed)",
                                after, page_size(), n - 1));
    if (const size_t before = Fenced::changed(b.y.open_begin(), gy))
      throw failure(fmt::format("wrote before the start of its output buffer ({} bytes before y[0] changed)", before));
    const auto inputs_changed = [&](const Fenced& f, const unsigned char* g, const void* original) {
      return std::memcmp(g, original, bytes) != 0 || Fenced::changed(f.open_begin(), g) ||
             Fenced::changed(g + bytes, f.open_end());
    };
    if (inputs_changed(b.x, gx, x) || (a && inputs_changed(b.a, ga, a)))
      throw failure("wrote into its input buffer (declared const)");
    std::memcpy(y, gy, bytes);
    b.x.restore(gx, bytes);
    b.y.restore(gy, bytes);
    if (a) b.a.restore(ga, bytes);
  }

  void run(const void* x, const void* a, void* y, size_t n) const {
    const auto* px = static_cast<const unsigned char*>(x);
    const auto* pa = static_cast<const unsigned char*>(a);
    auto* py = static_cast<unsigned char*>(y);
    for (size_t first = 0; first < n; first += kValues) {
      const size_t m = std::min(kValues, n - first);
      call(px + first * width, pa ? pa + first * width : nullptr, py + first * width, m);
    }
  }
};

}  // namespace

Kernel guard_kernel(Kernel inner, Format f) {
  if (inner.reference || inner.recorded) return inner;  // numstab's own code
  auto g = std::make_shared<Guarded>();
  g->format = f;
  g->width = dispatch(f, [](auto tag) { return sizeof(typename decltype(tag)::Storage); });
  Kernel k;
  k.name = inner.name;
  k.reference = inner.reference;
  if (inner.run) k.run = [g](const void* x, void* y, size_t n) { g->run(x, nullptr, y, n); };
  if (inner.run2)
    k.run2 = [g](const void* x, const void* a, void* y, size_t n) { g->run(x, a, y, n); };
  g->inner = std::move(inner);
  return k;
}

}  // namespace numstab
