#include "src/isolate/supervisor.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <system_error>

#include <fmt/format.h>

namespace numstab {

namespace {

// The worker's process group, for the signal handler (0: none yet).
volatile sig_atomic_t worker_group = 0;

// Kills the worker's whole group (the kernel's children too), then dies of the
// same signal, as if the worker had never existed.
void forward_and_die(int sig) {
  if (worker_group > 0) kill(-worker_group, SIGKILL);
  signal(sig, SIG_DFL);
  raise(sig);
}

// In the worker: this process's parent died (PR_SET_PDEATHSIG), so take the
// whole group down with it; nothing the kernel forked outlives the run.
void parent_died(int) { kill(0, SIGKILL); }

std::string signal_name(int sig) {
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 32))
  const char* abbrev = sigabbrev_np(sig);
  const char* descr = sigdescr_np(sig);
  if (abbrev && descr) return fmt::format("SIG{} ({})", abbrev, descr);
#endif
  return fmt::format("{} ({})", sig, strsignal(sig));
}

[[noreturn]] void worker_main(const std::function<int()>& body, int done_fd, pid_t supervisor) {
  setpgid(0, 0);
  signal(SIGTERM, parent_died);
  prctl(PR_SET_PDEATHSIG, SIGTERM);
  if (getppid() != supervisor) kill(0, SIGKILL);  // the supervisor died before prctl
  int status = 2;
  try {
    status = body();
  } catch (...) {
    status = 2;  // body reports its own errors; nothing escapes to here in practice
  }
  std::fflush(nullptr);
  // The exit status this worker means to end with; anything else the
  // supervisor sees (a library destructor's _exit(0)) is the kernel's doing.
  const unsigned char announced = static_cast<unsigned char>(status);
  while (write(done_fd, &announced, 1) < 0 && errno == EINTR) {
  }
  std::exit(status);
}

}  // namespace

std::string wait_status_text(int status) {
  if (WIFSIGNALED(status)) return "killed by signal " + signal_name(WTERMSIG(status));
  if (WIFEXITED(status)) return fmt::format("exited with status {}", WEXITSTATUS(status));
  return fmt::format("ended with wait status {:#x}", status);
}

void discard_stale_record(const std::string& path) {
  if (path.empty() || path == "-") return;
  struct stat st {};
  if (lstat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode)) unlink(path.c_str());
}

int run_supervised(const SupervisedRun& run, const std::function<int()>& body) {
  int done[2];
  // Close-on-exec: a kernel that exec()s another program closes it unannounced.
  if (pipe2(done, O_CLOEXEC) != 0) throw std::system_error(errno, std::generic_category(), "pipe");
  const pid_t self = getpid();
  std::fflush(nullptr);
  const pid_t worker = fork();
  if (worker < 0) throw std::system_error(errno, std::generic_category(), "fork");
  if (worker == 0) {
    close(done[0]);
    worker_main(body, done[1], self);
  }
  close(done[1]);
  setpgid(worker, worker);  // also done by the worker: whichever runs first
  worker_group = worker;
  for (int sig : {SIGINT, SIGTERM, SIGHUP}) signal(sig, forward_and_die);

  unsigned char announced = 0;
  ssize_t got = 0;
  while ((got = read(done[0], &announced, 1)) < 0 && errno == EINTR) {
  }
  close(done[0]);
  int status = 0;
  while (waitpid(worker, &status, 0) < 0 && errno == EINTR) {
  }
  // Whatever the worker left behind (a kernel's sleeper) ends with the run.
  kill(-worker, SIGKILL);
  worker_group = 0;
  if (got == 1 && WIFEXITED(status) && WEXITSTATUS(status) == announced) return announced;

  discard_stale_record(run.json_path);
  const std::string when = got == 1 ? fmt::format("after the run had ended with status {}", announced)
                                    : std::string("during the run");
  std::cerr << fmt::format("numstab: {}kernel {} ended numstab's worker {}: {}\n",
                           run.certify ? "FAIL: " : "error: ", run.kernels, when, wait_status_text(status));
  return run.certify ? 1 : 2;
}

}  // namespace numstab
