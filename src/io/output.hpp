// Every output numstab writes goes through here, so that no write error is
// ever ignored: a lost record is an error (exit 2), never a silent exit 0.
#pragma once
#include <string>

namespace numstab {

// Writes `text` to `path` so that no reader ever finds a half-written file
// there: into a temporary file in the same folder, flushed to disk, then
// renamed over `path` (the old file, if any, stays whole until the rename).
// A path that exists and is not a regular file (/dev/stdout, /dev/full, a
// FIFO) is written in place: it cannot be renamed over, and nothing there
// can look like a valid file. UsageError, one line naming the path and the
// cause, on any failure; the temporary file is removed.
void write_file_atomically(const std::string& path, const std::string& text);

// Writes `text` to standard output and flushes it; UsageError when the write
// fails (a full disk, a closed pipe), so that the caller exits 2.
void write_stdout(const std::string& text);

}  // namespace numstab
