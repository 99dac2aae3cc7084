// A run that executes code numstab did not write (a kernel library: its
// constructor, its functions, its destructor) happens in a worker process that
// this one supervises, so that no way the kernel ends the process (exit(0),
// _exit, a signal, exec) can be mistaken for the run's own exit status.
#pragma once
#include <functional>
#include <string>

namespace numstab {

struct SupervisedRun {
  std::string kernels;    // named in the failure line ("./lib.so:f")
  bool certify = false;   // an abnormal end is a FAIL (exit 1), else an error (exit 2)
  std::string json_path;  // an older record at this path is removed when the run fails
};

// Runs `body` in a worker process (its own process group, killed with this
// process) and returns its exit status. When the worker ends without having
// returned from `body` with that status, prints one line naming the kernels and
// how the worker ended, removes the stale --json record, and returns 1 (certify)
// or 2. SIGINT, SIGTERM and SIGHUP kill the worker's whole process group (the
// kernel's own children included) before this process dies of the same signal;
// the worker dies (with its group) when this process does, even by SIGKILL.
int run_supervised(const SupervisedRun& run, const std::function<int()>& body);

// A run that failed leaves no record that reads as this run's: removes PATH
// when it is a regular file (not '-', not a device).
void discard_stale_record(const std::string& path);

// "killed by signal SIGSEGV (Segmentation fault)" or "exited with status 3".
std::string wait_status_text(int status);

}  // namespace numstab
