#include "src/mpi/session.hpp"

#include <fcntl.h>
#include <mpi.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <climits>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <stdexcept>
#include <string>

#include <fmt/format.h>

#include "src/errors.hpp"
#include "src/isolate/isolate.hpp"
#include "src/mpi/exchange.hpp"
#include "src/mpi/wire.hpp"

namespace numstab::mpi {

namespace {

// The environment a launcher gives its processes: Open MPI's mpirun, a PMIx
// server (srun --mpi=pmix, prterun), a PMI-1/2 one (srun --mpi=pmi2, MPICH's
// hydra).
bool started_by_launcher() {
  for (const char* v : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "PMI_SIZE"})
    if (std::getenv(v) != nullptr) return true;
  return false;
}

int this_rank = 0;
int real_stderr = STDERR_FILENO;  // a non-zero rank's fd 2 is a capture file

void write_real_stderr(const std::string& line) {
  const std::string text = line + "\n";
  [[maybe_unused]] const ssize_t n = ::write(real_stderr, text.data(), text.size());
}

// What escaped everything (std::terminate): the whole run stops at once.
[[noreturn]] void abort_run() {
  std::string what = "terminated";
  if (const std::exception_ptr e = std::current_exception()) {
    try {
      std::rethrow_exception(e);
    } catch (const std::exception& x) {
      what = x.what();
    } catch (...) {
      what = "an unknown exception";
    }
  }
  write_real_stderr(fmt::format("numstab: error: rank {}: {}", this_rank, what));
  MPI_Abort(MPI_COMM_WORLD, 2);
  std::_Exit(2);
}

// Test hook, for the suites only (suites/mpi/): NUMSTAB_TEST_MPI_FAULT=throw:R:K
// makes rank R throw as it starts its K-th own chunk (K from 0), kill:R:K
// kills it there (SIGKILL), witness:R:K makes the witness it sends for that
// chunk claim that MPFR saw a 2^20 ULP error (the tiered sweep's self-check on
// the merged record must then fail on every rank).
struct Fault {
  enum class Kind { none, raise_error, kill, witness } kind = Kind::none;
  int rank = -1;
  uint64_t chunk = 0;
};

Fault parse_fault() {
  const char* text = std::getenv("NUMSTAB_TEST_MPI_FAULT");
  if (text == nullptr) return {};
  Fault f;
  char kind[8] = {};
  unsigned long long k = 0;
  if (std::sscanf(text, "%7[a-z]:%d:%llu", kind, &f.rank, &k) != 3 ||
      (std::strcmp(kind, "throw") != 0 && std::strcmp(kind, "kill") != 0 && std::strcmp(kind, "witness") != 0)) {
    if (this_rank == 0)
      write_real_stderr(fmt::format("numstab: error: NUMSTAB_TEST_MPI_FAULT '{}' (expected throw, kill or witness:RANK:K)", text));
    MPI_Barrier(MPI_COMM_WORLD);  // the line is out before the abort
    MPI_Abort(MPI_COMM_WORLD, 2);
  }
  f.kind = std::strcmp(kind, "kill") == 0      ? Fault::Kind::kill
           : std::strcmp(kind, "witness") == 0 ? Fault::Kind::witness
                                                : Fault::Kind::raise_error;
  f.chunk = k;
  return f;
}

enum class Kind : char { usage = 'U', kernel = 'K', internal = 'E' };

std::string describe(std::exception_ptr e) {
  try {
    std::rethrow_exception(e);
  } catch (const KernelFailure& x) {
    return static_cast<char>(Kind::kernel) + std::string(x.what());
  } catch (const UsageError& x) {
    return static_cast<char>(Kind::usage) + std::string(x.what());
  } catch (const std::exception& x) {
    return static_cast<char>(Kind::internal) + std::string(x.what());
  } catch (...) {
    return static_cast<char>(Kind::internal) + std::string("an unknown exception");
  }
}

std::exception_ptr rebuild(const std::string& described, int owner) {
  const std::string what = fmt::format("rank {}: {}", owner, described.substr(1));
  switch (static_cast<Kind>(described.at(0))) {
    case Kind::kernel: return std::make_exception_ptr(KernelFailure(what));
    case Kind::usage: return std::make_exception_ptr(UsageError(what));
    default: return std::make_exception_ptr(std::runtime_error(what));
  }
}

}  // namespace

class MpiExchange final : public ChunkExchange {
 public:
  MpiExchange(int rank, int ranks) : rank_(rank), ranks_(ranks), fault_(parse_fault()) {}
  int rank() const override { return rank_; }
  int ranks() const override { return ranks_; }
  bool failure_agreed() const { return agreed_owner_ >= 0; }
  int agreed_owner() const { return agreed_owner_; }
  const std::string& agreed_message() const { return agreed_message_; }

  std::exception_ptr agree(uint64_t key, std::exception_ptr local) override {
    std::vector<uint64_t> keys(static_cast<size_t>(ranks_));
    MPI_Allgather(&key, 1, MPI_UINT64_T, keys.data(), 1, MPI_UINT64_T, MPI_COMM_WORLD);
    int owner = -1;
    for (int r = 0; r < ranks_; ++r)
      if (keys[r] != kNoFailure && (owner < 0 || keys[r] < keys[owner])) owner = r;
    if (owner < 0) return nullptr;
    std::string described = owner == rank_ ? describe(local) : std::string();
    int length = static_cast<int>(described.size());
    MPI_Bcast(&length, 1, MPI_INT, owner, MPI_COMM_WORLD);
    described.resize(static_cast<size_t>(length));
    MPI_Bcast(described.data(), length, MPI_CHAR, owner, MPI_COMM_WORLD);
    agreed_owner_ = owner;
    agreed_message_ = described.substr(1);
    return rebuild(described, owner);
  }

  void share(std::vector<Accumulator>& results, std::vector<tier::Witness>& witnesses) override {
    if (fault_.kind == Fault::Kind::witness && fault_.rank == rank_) {
      const uint64_t c = fault_.chunk * static_cast<uint64_t>(ranks_) + static_cast<uint64_t>(rank_);
      if (c < results.size()) witnesses[c].max_normal = 0x1p20;
    }
    const std::vector<uint8_t> mine = encode_chunks(results, witnesses, [&](uint64_t c) { return owns(c); });
    if (mine.size() > INT_MAX) throw std::runtime_error("internal error: a rank's chunks exceed 2 GiB");
    const int length = static_cast<int>(mine.size());
    std::vector<int> lengths(static_cast<size_t>(ranks_)), offsets(static_cast<size_t>(ranks_));
    MPI_Allgather(&length, 1, MPI_INT, lengths.data(), 1, MPI_INT, MPI_COMM_WORLD);
    long long total = 0;
    for (int r = 0; r < ranks_; ++r) {
      offsets[r] = static_cast<int>(total);
      total += lengths[r];
      if (total > INT_MAX) throw std::runtime_error("internal error: the ranks' chunks exceed 2 GiB");
    }
    std::vector<uint8_t> all(static_cast<size_t>(total));
    MPI_Allgatherv(mine.data(), length, MPI_BYTE, all.data(), lengths.data(), offsets.data(), MPI_BYTE,
                   MPI_COMM_WORLD);
    for (int r = 0; r < ranks_; ++r)
      if (r != rank_) decode_chunks(all.data() + offsets[r], static_cast<size_t>(lengths[r]), results, witnesses);
  }

  void starting_chunk() override {
    const uint64_t k = started_.fetch_add(1, std::memory_order_relaxed);
    if (fault_.rank != rank_ || fault_.chunk != k) return;
    if (fault_.kind == Fault::Kind::kill) std::raise(SIGKILL);
    if (fault_.kind != Fault::Kind::raise_error) return;
    throw std::runtime_error(fmt::format("injected fault (NUMSTAB_TEST_MPI_FAULT) as this rank started its chunk {}", k));
  }

 private:
  int rank_, ranks_;
  Fault fault_;
  std::atomic<uint64_t> started_{0};
  int agreed_owner_ = -1;
  std::string agreed_message_;
};

namespace {

// The last line a non-zero rank wrote to its (captured) stderr, without the
// "numstab: error: " the CLI puts first.
std::string last_error_line() {
  struct stat st {};
  if (fstat(STDERR_FILENO, &st) != 0 || st.st_size <= 0) return "exited with status 2";
  const off_t from = st.st_size > 4096 ? st.st_size - 4096 : 0;
  std::string text(static_cast<size_t>(st.st_size - from), '\0');
  const ssize_t n = pread(STDERR_FILENO, text.data(), text.size(), from);
  text.resize(n > 0 ? static_cast<size_t>(n) : 0);
  while (!text.empty() && text.back() == '\n') text.pop_back();
  std::string line = text.substr(text.find_last_of('\n') == std::string::npos ? 0 : text.find_last_of('\n') + 1);
  for (const char* prefix : {"numstab: ", "error: "})
    if (line.rfind(prefix, 0) == 0) line.erase(0, std::strlen(prefix));
  return line.empty() ? "exited with status 2" : line;
}

void send_output_away() {
  std::fflush(stdout);
  std::fflush(stderr);
  real_stderr = dup(STDERR_FILENO);
  const int null = open("/dev/null", O_WRONLY);
  if (null >= 0) dup2(null, STDOUT_FILENO);
  if (std::FILE* capture = std::tmpfile()) dup2(fileno(capture), STDERR_FILENO);  // kept open to the exit
}

}  // namespace

Session::Session(int& argc, char**& argv) {
  if (!started_by_launcher()) return;
  int provided = 0;
  // Only the main thread calls MPI (between the sweeps' OpenMP regions).
  MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided);
  active_ = true;
  int rank = 0, ranks = 1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &ranks);
  if (ranks == 1) return;
  this_rank = rank;
  exchange_ = std::make_unique<MpiExchange>(rank, ranks);
  chunk_exchange_slot() = exchange_.get();
  if (rank != 0) send_output_away();
  std::set_terminate(abort_run);
}

int Session::finish(int status) {
  if (!active_) return status;
  if (exchange_ && !exchange_->failure_agreed()) {
    // A failure the other ranks have not agreed on yet (this rank's own, or
    // theirs, met in their next agreement): agreed now, so no rank waits for
    // another that has left.
    std::exception_ptr mine;
    if (status == 2) mine = std::make_exception_ptr(UsageError(exchange_->rank() == 0 ? std::string() : last_error_line()));
    if (exchange_->agree(mine ? 0 : kNoFailure, mine)) {
      // Rank 0's own error line is printed already (by the CLI).
      if (exchange_->rank() == 0 && exchange_->agreed_owner() != 0)
        write_real_stderr(fmt::format("numstab: error: rank {}: {}", exchange_->agreed_owner(),
                                      exchange_->agreed_message()));
      status = 2;
    }
  }
  // A failure agreed during a sweep was thrown on every rank alike: the CLI
  // printed it (rank 0) and chose the same status everywhere.
  chunk_exchange_slot() = nullptr;
  MPI_Finalize();
  active_ = false;
  return status;
}

Session::~Session() {
  if (active_) MPI_Finalize();
}

}  // namespace numstab::mpi
