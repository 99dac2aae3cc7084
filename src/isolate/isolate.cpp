// --isolate: each calling thread gets its own child process that runs the
// kernel on blocks placed in shared memory; the parent waits with a time limit
// and turns a death or a hang into a KernelFailure naming the inputs.
#include "src/isolate/isolate.hpp"
#include "src/isolate/supervisor.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <memory>
#include <mutex>
#include <string>
#include <system_error>
#include <unordered_map>
#include <vector>

#include <fmt/format.h>

namespace numstab {

namespace {

constexpr size_t kCapacity = kIsolatedBlockMax;
constexpr size_t kWidestStorage = 8;  // f64

enum class Call : uint32_t { run = 1, run2 = 2 };

// The ack of a block on which the kernel's wrapper (src/isolate/guard.hpp)
// threw: followed by the message's length (uint32_t) and its bytes.
constexpr uint64_t kFailedAck = ~uint64_t{0};

struct Request {
  uint32_t call = 0;
  uint32_t unused = 0;
  uint64_t n = 0;
};

// One child process and the shared memory it reads inputs from and writes
// outputs to: x, a (second operands) and y, kCapacity values each.
struct Child {
  pid_t pid = -1;  // -1: not running (forked on the next call)
  int fd = -1;     // the parent's end of the socketpair
  std::byte* shared = nullptr;
  std::byte* x() const { return shared; }
  std::byte* a() const { return shared + kCapacity * kWidestStorage; }
  std::byte* y() const { return shared + 2 * kCapacity * kWidestStorage; }
};
constexpr size_t kSharedBytes = 3 * kCapacity * kWidestStorage;

// How one round trip ended.
struct Outcome {
  enum Kind { ok, died, timed_out, failed } kind = ok;
  int status = 0;  // waitpid status when died
  std::string message{};  // what the child's wrapper threw, when failed
};

// Everything the isolated kernel's copies share; owns every child it forked.
struct Isolated {
  Kernel inner;
  Format format = Format::f32;
  double seconds = 10;
  size_t width = 4;  // bytes of one stored value
  uint64_t id = 0;   // never reused: keys the per-thread child table
  std::mutex mutex;
  std::vector<std::unique_ptr<Child>> children;

  ~Isolated() {
    for (auto& c : children) {
      stop(*c);
      munmap(c->shared, kSharedBytes);
    }
  }

  // Closing the socket ends an idle child's loop; one that does not exit soon
  // (a kernel left something running) is killed.
  static void stop(Child& c) {
    if (c.pid <= 0) return;
    close(c.fd);
    c.fd = -1;
    int status = 0;
    for (int i = 0; i < 1000 && waitpid(c.pid, &status, WNOHANG) == 0; ++i) usleep(1000);
    if (waitpid(c.pid, &status, WNOHANG) == 0) {
      kill(c.pid, SIGKILL);
      waitpid(c.pid, &status, 0);
    }
    c.pid = -1;
  }
};

std::atomic<uint64_t> next_id{1};

// The child stays blocked in read/recv between blocks: full-length reads
// and writes over a stream socket, retried on EINTR.
bool read_all(int fd, void* buf, size_t n) {
  auto* p = static_cast<char*>(buf);
  while (n > 0) {
    const ssize_t r = recv(fd, p, n, 0);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return false;
    p += r;
    n -= static_cast<size_t>(r);
  }
  return true;
}

bool write_all(int fd, const void* buf, size_t n) {
  const auto* p = static_cast<const char*>(buf);
  while (n > 0) {
    const ssize_t r = send(fd, p, n, MSG_NOSIGNAL);  // EPIPE, never SIGPIPE
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return false;
    p += r;
    n -= static_cast<size_t>(r);
  }
  return true;
}

// Only the child's socket (and stdin/out/err) stays open: otherwise a child
// forked later by another thread would hold this child's socket open and its
// death would never reach the parent as end-of-file.
void close_other_fds(int keep) {
  if (keep < 3) {
    close_range(3, ~0U, 0);
    return;
  }
  if (keep > 3) close_range(3, static_cast<unsigned>(keep) - 1, 0);
  close_range(static_cast<unsigned>(keep) + 1, ~0U, 0);
}

[[noreturn]] void child_main(const Isolated& s, const Child& c, int fd, pid_t parent) {
  // Die with the thread that forked us (numstab's worker), whatever kills it.
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (getppid() != parent) _exit(0);
  close_other_fds(fd);
  // The kernel gets default signal actions, no blocked signals, and no core
  // files for the crashes we provoke on purpose.
  for (int sig = 1; sig < NSIG; ++sig)
    if (sig != SIGKILL && sig != SIGSTOP) signal(sig, SIG_DFL);
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  const rlimit no_core{0, 0};
  setrlimit(RLIMIT_CORE, &no_core);

  Request r;
  for (;;) {  // no allocation here: the block lives in shared memory
    if (!read_all(fd, &r, sizeof r)) _exit(0);
    try {
      if (r.call == static_cast<uint32_t>(Call::run2)) s.inner.run2(c.x(), c.a(), c.y(), r.n);
      else s.inner.run(c.x(), c.y(), r.n);
    } catch (const std::exception& e) {
      const std::string what = e.what();
      const auto length = static_cast<uint32_t>(std::min<size_t>(what.size(), 1 << 16));
      if (!write_all(fd, &kFailedAck, sizeof kFailedAck) || !write_all(fd, &length, sizeof length) ||
          !write_all(fd, what.data(), length))
        _exit(0);
      continue;
    }
    const uint64_t ack = r.n;
    if (!write_all(fd, &ack, sizeof ack)) _exit(0);
  }
}

void start(const Isolated& s, Child& c) {
  int sv[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0)
    throw std::system_error(errno, std::generic_category(), "--isolate: socketpair");
  const pid_t parent = getpid();
  std::fflush(nullptr);  // the child must not inherit unwritten output and write it twice
  const pid_t pid = fork();
  if (pid < 0) {
    const int err = errno;
    close(sv[0]);
    close(sv[1]);
    throw std::system_error(err, std::generic_category(), "--isolate: fork");
  }
  if (pid == 0) child_main(s, c, sv[1], parent);
  close(sv[1]);
  c.pid = pid;
  c.fd = sv[0];
}

// Never called without a child: waitpid(-1) would wait for any child,
// another thread's idle one included, forever.
void kill_and_reap(Child& c) {
  if (c.pid <= 0) return;
  kill(c.pid, SIGKILL);
  int status = 0;
  while (waitpid(c.pid, &status, 0) < 0 && errno == EINTR) {
  }
  close(c.fd);
  c.pid = -1;
  c.fd = -1;
}

int reap(Child& c) {
  int status = 0;
  if (c.pid <= 0) return status;
  while (waitpid(c.pid, &status, 0) < 0 && errno == EINTR) {
  }
  close(c.fd);
  c.pid = -1;
  c.fd = -1;
  return status;
}

// The child's inputs are already in shared memory: one request, one ack
// within the time limit. A dead or hung child is reaped; the next call forks
// a fresh one.
Outcome round_trip(const Isolated& s, Child& c, Call call, size_t n) {
  using clock = std::chrono::steady_clock;
  if (c.pid < 0) start(s, c);
  const Request r{static_cast<uint32_t>(call), 0, n};
  if (!write_all(c.fd, &r, sizeof r)) return {Outcome::died, reap(c)};
  const auto deadline = clock::now() + std::chrono::duration<double>(s.seconds);
  uint64_t ack = 0;
  size_t got = 0;
  while (got < sizeof ack) {
    const double left = std::chrono::duration<double>(deadline - clock::now()).count();
    if (left <= 0) {
      kill_and_reap(c);
      return {Outcome::timed_out, 0};
    }
    pollfd p{c.fd, POLLIN, 0};
    const int ready = poll(&p, 1, static_cast<int>(std::ceil(left * 1000)));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) continue;  // timeout: the loop's check kills the child
    const ssize_t m = recv(c.fd, reinterpret_cast<char*>(&ack) + got, sizeof ack - got, 0);
    if (m < 0 && errno == EINTR) continue;
    if (m <= 0) return {Outcome::died, reap(c)};  // end-of-file: the child is gone
    got += static_cast<size_t>(m);
  }
  if (ack == kFailedAck) {  // the rest follows at once
    uint32_t length = 0;
    std::string message;
    if (!read_all(c.fd, &length, sizeof length)) return {Outcome::died, reap(c)};
    message.resize(length);
    if (!read_all(c.fd, message.data(), length)) return {Outcome::died, reap(c)};
    return {Outcome::failed, 0, message};
  }
  return {};
}

double value_at(Format f, const std::byte* values, size_t i) {
  return dispatch(f, [&](auto tag) {
    using Tag = decltype(tag);
    typename Tag::Storage v;
    std::memcpy(&v, values + i * sizeof v, sizeof v);
    return Tag::to_double(v);
  });
}

std::string value_text(Format f, double v) { return fmt::format("{} ({})", hex_text(v), dec_text(f, v)); }

// One input: x, or x with the second operand of a binary op.
std::string input_text(const Isolated& s, const std::byte* x, const std::byte* a, size_t i) {
  std::string t = value_text(s.format, value_at(s.format, x, i));
  if (a) t += " with second operand " + value_text(s.format, value_at(s.format, a, i));
  return t;
}

std::string block_text(const Isolated& s, const std::byte* x, size_t n) {
  return fmt::format("block of {} inputs from {} to {}", n, value_text(s.format, value_at(s.format, x, 0)),
                     value_text(s.format, value_at(s.format, x, n - 1)));
}

std::string hung_text(const Isolated& s) {
  return fmt::format("kernel hung: no result within {} s", s.seconds);
}

// The block killed the child: run its inputs one at a time, in order, and
// name the first one the kernel dies (or hangs) on.
[[noreturn]] void narrow_down(const Isolated& s, Child& c, Call call, const std::byte* x,
                              const std::byte* a, size_t n, int block_status) {
  if (n == 1)  // already one input: nothing to narrow, no block to name
    throw KernelFailure(fmt::format("kernel {} at input {}", wait_status_text(block_status), input_text(s, x, a, 0)));
  const std::string block = block_text(s, x, n);
  for (size_t i = 0; i < n; ++i) {
    std::memcpy(c.x(), x + i * s.width, s.width);
    if (a) std::memcpy(c.a(), a + i * s.width, s.width);
    const Outcome o = round_trip(s, c, call, 1);
    if (o.kind == Outcome::died)
      throw KernelFailure(fmt::format("kernel {} at input {} ({})", wait_status_text(o.status),
                                      input_text(s, x, a, i), block));
    if (o.kind == Outcome::timed_out)
      throw KernelFailure(fmt::format("{} at input {} ({}; the whole block: kernel {})", hung_text(s),
                                      input_text(s, x, a, i), block, wait_status_text(block_status)));
    if (o.kind == Outcome::failed) throw KernelFailure(o.message);
  }
  throw KernelFailure(fmt::format("kernel {} on the {}; no single input of the block does alone",
                                  wait_status_text(block_status), block));
}

Child& this_threads_child(Isolated& s) {
  // Keyed by the kernel's id, never reused, so an entry left by a destroyed
  // kernel is never looked up again.
  thread_local std::unordered_map<uint64_t, Child*> mine;
  Child*& c = mine[s.id];
  if (c) return *c;
  void* shared = mmap(nullptr, kSharedBytes, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (shared == MAP_FAILED) throw std::system_error(errno, std::generic_category(), "--isolate: mmap");
  auto owned = std::make_unique<Child>();
  owned->shared = static_cast<std::byte*>(shared);
  c = owned.get();
  std::lock_guard lock(s.mutex);
  s.children.push_back(std::move(owned));
  return *c;
}

void run_isolated(Isolated& s, Call call, const void* x_in, const void* a_in, void* y_out, size_t n) {
  Child& c = this_threads_child(s);
  const auto* x = static_cast<const std::byte*>(x_in);
  const auto* a = static_cast<const std::byte*>(a_in);
  auto* y = static_cast<std::byte*>(y_out);
  for (size_t first = 0; first < n; first += kCapacity) {
    const size_t m = std::min(kCapacity, n - first);
    const std::byte* px = x + first * s.width;
    const std::byte* pa = a ? a + first * s.width : nullptr;
    std::memcpy(c.x(), px, m * s.width);
    if (pa) std::memcpy(c.a(), pa, m * s.width);
    const Outcome o = round_trip(s, c, call, m);
    if (o.kind == Outcome::timed_out)
      throw KernelFailure(m == 1 ? fmt::format("{} at input {}", hung_text(s), input_text(s, px, pa, 0))
                                 : fmt::format("{} on the {}", hung_text(s), block_text(s, px, m)));
    if (o.kind == Outcome::died) narrow_down(s, c, call, px, pa, m, o.status);
    if (o.kind == Outcome::failed) throw KernelFailure(o.message);
    std::memcpy(y + first * s.width, c.y(), m * s.width);
  }
}

}  // namespace

Kernel isolate_kernel(Kernel inner, Format f, double block_seconds) {
  auto s = std::make_shared<Isolated>();
  s->format = f;
  s->seconds = block_seconds;
  s->width = dispatch(f, [](auto tag) { return sizeof(typename decltype(tag)::Storage); });
  s->id = next_id++;
  Kernel k;
  k.name = inner.name;  // the record names the kernel under test, isolated or not
  k.reference = inner.reference;  // and is judged by the same oracle
  if (inner.run)
    k.run = [s](const void* x, void* y, size_t n) { run_isolated(*s, Call::run, x, nullptr, y, n); };
  if (inner.run2)
    k.run2 = [s](const void* x, const void* a, void* y, size_t n) {
      run_isolated(*s, Call::run2, x, a, y, n);
    };
  // Recorded outputs (--data) are numstab's own code reading a file: nothing to isolate.
  k.recorded = inner.recorded;
  s->inner = std::move(inner);
  return k;
}

}  // namespace numstab
