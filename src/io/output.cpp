#include "src/io/output.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <iostream>

#include <fmt/format.h>

#include "src/errors.hpp"

namespace numstab {

namespace {

namespace fs = std::filesystem;

[[noreturn]] void fail(const std::string& path, int error) {
  throw UsageError(fmt::format("cannot write '{}': {}", path, std::strerror(error)));
}

// Writes all of `text` to fd; the errno of the first failure, or 0.
int write_all(int fd, const std::string& text) {
  size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return n < 0 ? errno : ENOSPC;
    done += static_cast<size_t>(n);
  }
  return 0;
}

// Writes in place (devices, FIFOs): there is no file to rename over.
void write_in_place(const std::string& path, const std::string& text) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC);
  if (fd < 0) fail(path, errno);
  const int error = write_all(fd, text);
  if (::close(fd) != 0 && error == 0) fail(path, errno);
  if (error) fail(path, error);
}

// The mode a new file would get (0666 less the umask), or the existing file's.
mode_t mode_for(const fs::path& target) {
  struct stat st {};
  if (::stat(target.c_str(), &st) == 0) return st.st_mode & 07777;
  const mode_t mask = ::umask(0);
  ::umask(mask);
  return 0666 & ~mask;
}

}  // namespace

void write_file_atomically(const std::string& path, const std::string& text) {
  std::error_code ec;
  fs::path target = path;
  // A symlink keeps pointing where it pointed: write the file it names.
  if (fs::is_symlink(fs::symlink_status(target, ec))) target = fs::weakly_canonical(target, ec);
  const fs::file_status status = fs::status(target, ec);
  if (fs::exists(status) && !fs::is_regular_file(status)) {
    if (fs::is_directory(status)) fail(path, EISDIR);
    write_in_place(target.string(), text);
    return;
  }
  const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
  std::string temp = (dir / fmt::format(".{}.tmp.XXXXXX", target.filename().string())).string();
  const int fd = ::mkstemp(temp.data());
  if (fd < 0) fail(path, errno);
  int error = write_all(fd, text);
  if (!error && ::fchmod(fd, mode_for(target)) != 0) error = errno;
  if (!error && ::fsync(fd) != 0) error = errno;
  if (::close(fd) != 0 && !error) error = errno;
  if (!error && ::rename(temp.c_str(), target.c_str()) != 0) error = errno;
  if (error) {
    ::unlink(temp.c_str());
    fail(path, error);
  }
}

void write_stdout(const std::string& text) {
  errno = 0;
  std::cout << text << std::flush;
  if (!std::cout) {
    const int error = errno ? errno : EIO;
    throw UsageError(fmt::format("cannot write to standard output: {}", std::strerror(error)));
  }
}

}  // namespace numstab
