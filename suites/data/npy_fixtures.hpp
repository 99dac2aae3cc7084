// Test fixtures for --data: .npy files written byte by byte (magic, version,
// header length, dictionary, data), so that the tests need neither numpy nor
// python, and can write malformed files on purpose. Test code only: numstab
// itself reads files with xtensor.
#pragma once
#include <cstdint>
#include <fstream>
#include <string>
#include <vector>

#include "src/formats.hpp"
#include "src/inputs.hpp"
#include "src/sweep.hpp"

namespace numstab::npyfix {

// One row per input: x, the second operand (binary ops only) and the output,
// as bit patterns of the format.
struct Rows {
  std::vector<uint64_t> x, a, y;
  size_t size() const { return x.size(); }
  size_t columns() const { return a.empty() ? 2 : 3; }
};

inline std::string shape_literal(const std::vector<uint64_t>& shape) {
  std::string s = "(";
  for (size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
  return s + (shape.size() == 1 ? ",)" : ")");
}

// A version 1.0 .npy file around any dictionary text: padded with spaces and
// ended by '\n' so the data starts at a multiple of 64 bytes, as numpy does.
inline std::string npy_with_dict(std::string dict, const std::string& data) {
  const size_t preamble = 10;
  dict.append(63 - (preamble + dict.size()) % 64, ' ');
  dict += '\n';
  std::string out = "\x93NUMPY";
  out += '\x01';
  out += '\x00';
  out += static_cast<char>(dict.size() & 0xff);
  out += static_cast<char>(dict.size() >> 8);
  return out + dict + data;
}

// A well-formed file of that dtype, layout and shape.
inline std::string npy_bytes(const std::string& descr, bool fortran, const std::vector<uint64_t>& shape,
                             const std::string& data) {
  return npy_with_dict("{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False") +
                           ", 'shape': " + shape_literal(shape) + ", }",
                       data);
}

// The rows' words, little-endian, `word` bytes each, in C order (row after
// row) or Fortran order (column after column).
inline std::string pack(const Rows& r, size_t word, bool fortran) {
  std::vector<const std::vector<uint64_t>*> cols = {&r.x};
  if (!r.a.empty()) cols.push_back(&r.a);
  cols.push_back(&r.y);
  std::string out;
  const auto put = [&](uint64_t v) {
    for (size_t b = 0; b < word; ++b) out += static_cast<char>(v >> (8 * b) & 0xff);
  };
  if (fortran) {
    for (const auto* c : cols)
      for (uint64_t v : *c) put(v);
  } else {
    for (size_t i = 0; i < r.size(); ++i)
      for (const auto* c : cols) put((*c)[i]);
  }
  return out;
}

// numpy's dtype for a format's values ("<u2" for bf16: numpy has none).
inline std::string natural_dtype(Format f) {
  switch (f) {
    case Format::f64: return "<f8";
    case Format::f32: return "<f4";
    case Format::f16: return "<f2";
    case Format::bf16: return "<u2";
  }
  return "";
}

inline std::string npy_of(const Rows& r, Format f, const std::string& descr, bool fortran = false) {
  const size_t word = static_cast<size_t>(spec(f).total_bits / 8);
  return npy_bytes(descr, fortran, {r.size(), r.columns()}, pack(r, word, fortran));
}

inline void write_file(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// The source's inputs and the kernel's outputs on them (run2 for a source
// with second operands).
inline Rows rows_of(const InputSource& src, const Kernel& k, Format f) {
  Rows r;
  dispatch(f, [&](auto tag) {
    using Tag = decltype(tag);
    using S = typename Tag::Storage;
    using Bits = typename Tag::Bits;
    const size_t n = static_cast<size_t>(src.size());
    std::vector<S> x(n), a(n), y(n);
    for (size_t i = 0; i < n; ++i) {
      r.x.push_back(src.bits_at(i));
      x[i] = Tag::from_bits(static_cast<Bits>(r.x[i]));
      if (src.has_second_operand()) {
        r.a.push_back(src.second_bits_at(i));
        a[i] = Tag::from_bits(static_cast<Bits>(r.a[i]));
      }
    }
    if (src.has_second_operand()) k.run2(x.data(), a.data(), y.data(), n);
    else k.run(x.data(), y.data(), n);
    for (size_t i = 0; i < n; ++i) r.y.push_back(Tag::to_bits(y[i]));
  });
  return r;
}

// The output `ulps` steps further from zero in the format's order (bit
// pattern + ulps, which stays in the same sign).
inline uint64_t away_from_zero(uint64_t bits, uint64_t ulps) { return bits + ulps; }

struct MalformedCase {
  std::string name;
  std::string bytes;
  const char* op;
  Format format;
  std::string expected;  // a phrase of the message
};

// Data of `words` words of `word` bytes (zeros: only the framing matters here).
inline std::string zeros(size_t words, size_t word) { return std::string(words * word, '\0'); }

inline const std::string kNotADictionary =
    "malformed header (expected a dictionary with 'descr', 'fortran_order' and 'shape')";

// One file per fault load_data_file must refuse, and a phrase its message must hold.
inline std::vector<MalformedCase> malformed_cases() {
  const Format f32 = Format::f32;
  const std::string good = npy_bytes("<f4", false, {4, 2}, zeros(8, 4));
  std::string bad_magic = good;
  bad_magic[1] = 'X';
  std::string bad_version = good;
  bad_version[6] = '\x07';
  std::string bad_dict = good;
  bad_dict[10] = '[';  // the dictionary's '{'
  // The same file with its dictionary padded to 20010 bytes (length field 0x4e2a).
  std::string long_header = good;
  const size_t dict_length = static_cast<unsigned char>(good[8]) | static_cast<size_t>(static_cast<unsigned char>(good[9])) << 8;
  long_header.insert(10 + dict_length - 1, 20010 - dict_length, ' ');
  long_header[8] = '\x2a';
  long_header[9] = '\x4e';
  return {
      {"empty file", "", "tanh", f32, "not a NumPy .npy file"},
      {"bad magic", bad_magic, "tanh", f32, "not a NumPy .npy file"},
      {"text file", "x,y\n0.5,0.46\n", "tanh", f32, "not a NumPy .npy file"},
      {"unsupported version", bad_version, "tanh", f32, "unsupported .npy format version 7.0"},
      {"truncated length field", good.substr(0, 9), "tanh", f32, "truncated header"},
      {"truncated header", good.substr(0, 40), "tanh", f32, "truncated header"},
      {"not a dictionary", bad_dict, "tanh", f32, "malformed header"},
      // Headers xtensor's parser would read out of bounds (back() of an empty string).
      {"empty header", std::string("\x93NUMPY\x01\x00\x00\x00", 10), "tanh", f32, kNotADictionary},
      {"shape without a value", npy_with_dict("{'descr': '<f4', 'fortran_order': False, 'shape'}", zeros(8, 4)),
       "tanh", f32, kNotADictionary},
      {"truncated data", good.substr(0, good.size() - 3), "tanh", f32,
       "truncated data (shape (4, 2) of '<f4' needs 32 bytes, the file holds 29)"},
      {"bytes after the data", good + "junk", "tanh", f32, "4 bytes after the data"},
      {"shape larger than any file", npy_bytes("<f4", false, {uint64_t{1} << 62, 2}, zeros(8, 4)),
       "tanh", f32, "truncated data"},
      {"1-D", npy_bytes("<f4", false, {8}, zeros(8, 4)), "tanh", f32,
       "expected a 2-D array, found shape (8,)"},
      {"3-D", npy_bytes("<f4", false, {4, 2, 1}, zeros(8, 4)), "tanh", f32,
       "expected a 2-D array, found shape (4, 2, 1)"},
      {"3 columns for a unary op", npy_bytes("<f4", false, {4, 3}, zeros(12, 4)), "tanh", f32,
       "found 3 columns, shape (4, 3) (tanh takes (N, 2) rows of (input, output))"},
      {"2 columns for a binary op", good, "prelu", f32, "found 2 columns, shape (4, 2) (prelu takes (N, 3) rows"},
      {"no rows", npy_bytes("<f4", false, {0, 2}, ""), "tanh", f32, "holds no rows (shape (0, 2))"},
      {"f64 data for f32", npy_bytes("<f8", false, {4, 2}, zeros(8, 8)), "tanh", f32,
       "dtype '<f8' does not match --format f32 (expected '<f4')"},
      {"f32 data for f64", good, "tanh", Format::f64, "dtype '<f4' does not match --format f64 (expected '<f8')"},
      {"f32 data for f16", good, "tanh", Format::f16,
       "dtype '<f4' does not match --format f16 (expected '<f2' or '<u2')"},
      {"float16 data for bf16", npy_bytes("<f2", false, {4, 2}, zeros(8, 2)), "tanh", Format::bf16,
       "dtype '<f2' does not match --format bf16 (expected '<u2')"},
      {"int16 data for f16", npy_bytes("<i2", false, {4, 2}, zeros(8, 2)), "tanh", Format::f16,
       "dtype '<i2' does not match --format f16"},
      {"header longer than numpy accepts", long_header, "tanh", f32, "header of 20010 bytes"},
      {"dtype of 9000 digits", npy_bytes("<f" + std::string(9000, '4'), false, {4, 2}, zeros(8, 4)), "tanh", f32,
       "dtype '<f44444444444444...' does not match --format f32"},
      {"big-endian", npy_bytes(">f4", false, {4, 2}, zeros(8, 4)), "tanh", f32,
       "big-endian dtype '>f4' is not supported (--format f32 expects '<f4')"},
  };
}

}  // namespace numstab::npyfix
