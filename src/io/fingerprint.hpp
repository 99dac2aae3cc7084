// What a file is, for a checkpoint to resume only on the same kernel library
// and the same --data file: path, size, modification time and a CRC-32 of the
// contents (a rebuilt library differs in one of them).
#pragma once
#include <string>

namespace numstab {

// "PATH size=N mtime=SEC.NSEC crc32=XXXXXXXX"; UsageError when it cannot be read.
std::string file_fingerprint(const std::string& path);

// The fingerprint of the file the loader mapped for --kernel LIB:SYMBOL (LIB
// may be a name the loader found on its path); empty for `reference` and for
// kernels that are not LIB:SYMBOL.
std::string kernel_library_fingerprint(const std::string& kernel_spec);

}  // namespace numstab
