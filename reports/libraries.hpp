// The report's "Third-party libraries and frameworks" table: glibc's, SLEEF's,
// Eigen's, PyTorch's and oneDNN's functions side by side, like the published accuracy tables of
// mathematical libraries. It renders certify records, never measures: the rows
// are reports/kernel_sets/libraries.json, the records are what
// suites/libraries/ (ctest, or run_exhaustive.sh) wrote for them.
#pragma once
#include <string>
#include <vector>

#include "reports/tables.hpp"

namespace numstab {

struct LibraryTable {
  // Rows: op and format (catalog order, then f64 f32 f16 bf16); columns: one
  // per library set of libraries.json. Cell: max ULP at the worst input,
  // verdict against the bound, mode.
  Table table;
  std::vector<std::string> row_format;  // each row's format, beside table.row_op
  std::vector<std::string> sources;  // "key: text", cited by the cells' [key]
  std::string sentence;              // how to read a cell
};

// Reads DIR/libraries.json (the rows and their bounds) and, for every row,
// DIR/<set>/<format>/<op>.json (numstab certify's record). Throws UsageError, one line
// naming the file, when the rows file or a row's record is missing, lacks a
// field the table shows, or is not the row's (another op, format, symbol or
// bound): no cell is ever left blank or filled from a stale record.
LibraryTable read_library_table(const std::string& dir);

std::string library_markdown(const LibraryTable& t);
// `page` with the section inserted before </body> (index.html).
std::string with_library_html(const std::string& page, const LibraryTable& t);

}  // namespace numstab
