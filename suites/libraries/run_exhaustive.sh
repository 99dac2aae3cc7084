#!/usr/bin/env bash
# Every third-party library row (reports/kernel_sets/libraries.json) certified
# over every input of its format (2^32 in f32, 65536 in bf16), one row at a
# time (each certify uses every core),
# then the report with the "Third-party libraries and frameworks" table built from those
# records.
#   usage: suites/libraries/run_exhaustive.sh [BUILD_DIR [REPORT_DIR]]
#   default BUILD_DIR: build/ (configured, as ./numstab does); REPORT_DIR:
#   BUILD_DIR/libraries-report. Records: BUILD_DIR/libraries/exhaustive/<set>/<format>/<op>.json.
# Exit status: ctest's (0 when every row met its documented bound or
# reproduced its recorded violation), 2 when the build or the report fails.
set -uo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"
build="$(readlink -f "${1:-$root/build}")"
report="${2:-$build/libraries-report}"
[[ -f "$build/CMakeCache.txt" ]] || { echo "run_exhaustive: $build is not a configured build (run ./numstab once)" >&2; exit 2; }
cmake --build "$build" -j"$(nproc)" --target numstab numstab_eigen_kernels >/dev/null \
  || { echo "run_exhaustive: build failed" >&2; exit 2; }
# The ctest rows are generated from libraries.json, so this runs exactly its rows.
ctest --test-dir "$build" -L exhaustive -R '^libraries_.*_exhaustive$' --output-on-failure --no-tests=error -j1
status=$?
"$build/numstab" report --quick --library-records "$build/libraries/exhaustive" --out "$report" \
  || { echo "run_exhaustive: report failed" >&2; exit 2; }
echo "run_exhaustive: table in $report/report.md and $report/index.html (ctest status $status)"
exit "$status"
