// Reads a NumPy .npy file of (input, output) rows for --data.
//
// The header dictionary is parsed by xtensor (xt::detail::parse_header). The
// 10-12 byte preamble around it and the data are read here, with every length
// checked against the file's size first: xtensor's load_npy_file reads a short
// or empty header into uninitialised memory (and calls back() on an empty
// string), sign-extends header lengths >= 0x80, allocates whatever the shape
// claims, and does not notice a truncated data section. Each of those would
// crash or silently certify garbage.
#include "src/data/data_file.hpp"

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <memory>
#include <stdexcept>
#include <vector>

#include <fmt/format.h>
#include <xtensor/xnpy.hpp>

#include "src/errors.hpp"

namespace numstab {

namespace {

// The header as the file gives it, validated against its size.
struct NpyHeader {
  std::string descr;         // e.g. "<f4"
  bool fortran_order = false;
  std::vector<size_t> shape{};
  uint64_t data_offset = 0;  // bytes before the data
};

class DataFileError {
 public:
  explicit DataFileError(const std::string& path) : path_(path) {}
  [[noreturn]] void fail(const std::string& what) const {
    throw UsageError(fmt::format("--data '{}': {}", path_, what));
  }

 private:
  std::string path_;
};

std::string shape_text(const std::vector<size_t>& shape) {
  std::string s = "(";
  for (size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
  return s + (shape.size() == 1 ? ",)" : ")");
}

// dtypes accepted for a format: its IEEE type, or uint16 bit patterns for the
// 16-bit formats (numpy has no bfloat16).
std::vector<std::string> accepted_dtypes(Format f) {
  switch (f) {
    case Format::f64: return {"<f8"};
    case Format::f32: return {"<f4"};
    case Format::f16: return {"<f2", "<u2"};
    case Format::bf16: return {"<u2"};
  }
  return {};
}

// A dtype as found, shortened: the header may hold any text there.
std::string shown(const std::string& descr) {
  return descr.size() <= 16 ? descr : descr.substr(0, 16) + "...";
}

std::string quoted_list(const std::vector<std::string>& dtypes) {
  std::string s;
  for (size_t i = 0; i < dtypes.size(); ++i) s += (i ? " or '" : "'") + dtypes[i] + "'";
  return s;
}

uint64_t little_endian(const unsigned char* p, size_t n) {
  uint64_t v = 0;
  for (size_t i = n; i-- > 0;) v = v << 8 | p[i];
  return v;
}

NpyHeader read_header(std::ifstream& in, uint64_t file_size, const DataFileError& err) {
  static constexpr char kMagic[] = "\x93NUMPY";
  constexpr size_t kMagicLength = sizeof kMagic - 1;
  unsigned char pre[12] = {};
  const auto got = [&](size_t n) {
    in.read(reinterpret_cast<char*>(pre), static_cast<std::streamsize>(n));
    return static_cast<size_t>(in.gcount()) == n;
  };
  if (file_size < kMagicLength + 2 || !got(kMagicLength + 2) ||
      !std::equal(kMagic, kMagic + kMagicLength, reinterpret_cast<const char*>(pre)))
    err.fail("not a NumPy .npy file (no \\x93NUMPY magic at its start)");
  const unsigned major = pre[kMagicLength], minor = pre[kMagicLength + 1];
  if (major < 1 || major > 3 || minor != 0)
    err.fail(fmt::format("unsupported .npy format version {}.{} (expected 1.0, 2.0 or 3.0)", major, minor));
  const size_t length_bytes = major == 1 ? 2 : 4;
  if (!got(length_bytes)) err.fail("truncated header (the file ends inside its length field)");
  const uint64_t header_length = little_endian(pre, length_bytes);
  const uint64_t data_offset = kMagicLength + 2 + length_bytes + header_length;
  if (data_offset > file_size)
    err.fail(fmt::format("truncated header ({} bytes announced, {} in the file)", header_length,
                         file_size - (kMagicLength + 2 + length_bytes)));
  // numpy's own reader refuses longer headers (max_header_size); here it also
  // bounds the recursion of xtensor's std::regex over the dtype text.
  constexpr uint64_t kMaxHeader = 10000;
  if (header_length > kMaxHeader)
    err.fail(fmt::format("header of {} bytes (longer than the {} numpy itself accepts)", header_length,
                         kMaxHeader));
  std::string header(header_length, '\0');
  in.read(header.data(), static_cast<std::streamsize>(header_length));
  if (static_cast<uint64_t>(in.gcount()) != header_length) err.fail("read error in the header");

  // xtensor's parser calls back() on the dictionary text and on the shape's
  // value: both must be there before it runs (an empty string is undefined behaviour).
  std::string compact = header;
  compact.erase(std::remove(compact.begin(), compact.end(), ' '), compact.end());
  if (compact.size() < 3 || compact.back() != '\n' || compact.find("'shape':(") == std::string::npos)
    err.fail("malformed header (expected a dictionary with 'descr', 'fortran_order' and 'shape')");
  NpyHeader h;
  h.data_offset = data_offset;
  try {
    xt::detail::parse_header(header, h.descr, &h.fortran_order, h.shape);
  } catch (const std::exception& e) {
    err.fail(fmt::format("malformed header ({})", e.what()));
  }
  return h;
}

// Checks dtype, shape and size: everything but the values themselves.
void validate(const NpyHeader& h, const OpInfo& op, Format f, bool second_fixed, uint64_t file_size,
              const DataFileError& err) {
  const auto dtypes = accepted_dtypes(f);
  const char* format_name = spec(f).name;
  if (h.descr.size() > 1 && h.descr[0] == '>')
    err.fail(fmt::format("big-endian dtype '{}' is not supported (--format {} expects {})", shown(h.descr),
                         format_name, quoted_list(dtypes)));
  if (std::find(dtypes.begin(), dtypes.end(), h.descr) == dtypes.end())
    err.fail(fmt::format("dtype '{}' does not match --format {} (expected {})", shown(h.descr), format_name,
                         quoted_list(dtypes)));
  const bool per_row_second = op.is_binary() && !second_fixed;
  const size_t columns = per_row_second ? 3 : 2;
  const std::string layout =
      per_row_second ? fmt::format("(N, 3) rows of (x, {0}, output), or (N, 2) with --param {0}=VALUE",
                                   op.second_operand_name())
      : op.is_binary() ? fmt::format("(N, 2) rows of (x, output) with {} fixed by --param", op.second_operand_name())
                       : "(N, 2) rows of (input, output)";
  if (h.shape.size() != 2)
    err.fail(fmt::format("expected a 2-D array, found shape {} ({} takes {})", shape_text(h.shape),
                         op.name, layout));
  if (h.shape[1] != columns)
    err.fail(fmt::format("found {} columns, shape {} ({} takes {})", h.shape[1], shape_text(h.shape),
                         op.name, layout));
  if (h.shape[0] == 0) err.fail(fmt::format("holds no rows (shape {})", shape_text(h.shape)));
  const uint64_t word = spec(f).total_bits / 8;
  const uint64_t available = file_size - h.data_offset;
  // rows * columns * word without overflow: a shape can claim anything.
  const uint64_t row_bytes = columns * word;
  const bool overflow = h.shape[0] > std::numeric_limits<uint64_t>::max() / row_bytes;
  const uint64_t needed = overflow ? 0 : h.shape[0] * row_bytes;
  if (overflow || needed > available)
    err.fail(fmt::format("truncated data (shape {} of '{}' needs {} bytes, the file holds {})",
                         shape_text(h.shape), h.descr, overflow ? "more than 2^64" : std::to_string(needed),
                         available));
  if (needed < available)
    err.fail(fmt::format("{} bytes after the data (shape {} of '{}' needs {})", available - needed,
                         shape_text(h.shape), h.descr, needed));
}

// Writes the format's storage type (double, float, uint16_t bits).
void store(Format f, uint64_t bits, void* y, size_t i) {
  switch (spec(f).total_bits) {
    case 64: {
      const uint64_t v = bits;
      std::memcpy(static_cast<char*>(y) + i * sizeof v, &v, sizeof v);
      break;
    }
    case 32: {
      const auto v = static_cast<uint32_t>(bits);
      std::memcpy(static_cast<char*>(y) + i * sizeof v, &v, sizeof v);
      break;
    }
    default: {
      const auto v = static_cast<uint16_t>(bits);
      std::memcpy(static_cast<char*>(y) + i * sizeof v, &v, sizeof v);
    }
  }
}

}  // namespace

DataSet load_data_file(const std::string& path, const OpInfo& op, Format f, bool second_fixed) {
  const DataFileError err(path);
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (!std::filesystem::exists(status)) err.fail("no such file");
  if (!std::filesystem::is_regular_file(status)) err.fail("not a regular file");
  const uint64_t file_size = std::filesystem::file_size(path, ec);
  if (ec) err.fail("cannot read its size: " + ec.message());
  std::ifstream in(path, std::ios::binary);
  if (!in) err.fail("cannot open it for reading");

  const NpyHeader h = read_header(in, file_size, err);
  validate(h, op, f, second_fixed, file_size, err);

  const size_t rows = h.shape[0], columns = h.shape[1];
  const size_t word = static_cast<size_t>(spec(f).total_bits / 8);
  std::vector<unsigned char> bytes(rows * columns * word);
  in.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  if (static_cast<size_t>(in.gcount()) != bytes.size()) err.fail("read error in the data");

  // Element (row, column), C order or Fortran order (column after column).
  const auto element = [&](size_t row, size_t column) {
    const size_t index = h.fortran_order ? column * rows + row : row * columns + column;
    return little_endian(bytes.data() + index * word, word);
  };
  std::vector<uint64_t> x(rows), second, outputs(rows);
  if (columns == 3) second.resize(rows);
  for (size_t r = 0; r < rows; ++r) {
    x[r] = element(r, 0);
    if (columns == 3) second[r] = element(r, 1);
    outputs[r] = element(r, columns - 1);
  }

  DataSet d;
  d.source = InputSource::recorded(f, std::move(x), std::move(second));
  d.kernel.name = "data:" + path;
  auto recorded = std::make_shared<const std::vector<uint64_t>>(std::move(outputs));
  d.kernel.recorded = [recorded, f](uint64_t first, void* y, size_t n) {
    for (size_t i = 0; i < n; ++i) store(f, (*recorded)[first + i], y, i);
  };
  // Nothing to call: the outputs exist only for the file's inputs.
  const auto no_kernel = [path](auto&&...) {
    throw std::logic_error("--data '" + path + "': recorded outputs, no kernel to call");
  };
  d.kernel.run = no_kernel;
  d.kernel.run2 = no_kernel;
  return d;
}

}  // namespace numstab
