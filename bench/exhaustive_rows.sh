#!/usr/bin/env bash
# Every exhaustive row of the library table (reports/kernel_sets/libraries.json:
# glibc, SLEEF, Eigen, PyTorch, oneDNN), run one at a time so each certify has
# every core, timed by ctest; then each row's seconds, the total, the rows over
# 60 s, and the tiered oracle against all-MPFR on tanhf's [0.5, 1] in the same run.
# Usage: bench/exhaustive_rows.sh [BUILD_DIR] [REGEX]
#   BUILD_DIR: a configured build (default build/, as ./numstab makes it);
#   REGEX: only the rows whose name after "libraries_" starts with it
#   (e.g. 'glibc_', 'torch_tanh_'; default: all of them).
# Exit status: ctest's (a row that no longer meets what libraries.json expects
# fails), or 1 when the two oracles disagree.
set -uo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
build="$(readlink -f "${1:-$root/build}")"
filter=${2:-}
[[ -f "$build/CMakeCache.txt" ]] || { echo "exhaustive_rows: $build is not a configured build (run ./numstab once)" >&2; exit 2; }
cmake --build "$build" -j"$(nproc)" --target numstab numstab_eigen_kernels >/dev/null \
  || { echo "exhaustive_rows: build failed" >&2; exit 2; }
log=$(mktemp)
trap 'rm -f "$log"' EXIT

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(date -u +%Y-%m-%d)"
ctest --test-dir "$build" -L exhaustive -R "^libraries_(${filter}).*_exhaustive\$" --no-tests=error -j1 > "$log" 2>&1
status=$?
# ctest's lines: "  3/20 Test  #7: libraries_glibc_exp_f32_exhaustive ....   Passed   41.20 sec"
awk '
  / Test +#[0-9]+: libraries_/ {
    name = $0; sub(/^.*Test +#[0-9]+: /, "", name); sub(/ .*$/, "", name)
    secs = $(NF - 1); result = ($0 ~ /Passed/) ? "passed" : "FAILED"
    printf "%-48s %9.1f s  %s\n", name, secs, result
    total += secs; n++
    if (name ~ /^libraries_(glibc|sleef|eigen)/) { third += secs; n3++ }
    if (secs > 60) { slow = slow " " name; ns++ }
  }
  END {
    printf "%-48s %9.1f s  (%d rows)\n", "total", total, n
    printf "%-48s %9.1f s  (%d rows; target 900 s)\n", "glibc, SLEEF and Eigen rows", third, n3
    printf "rows over 60 s: %d%s\n", ns, slow
  }' "$log"
((status == 0)) || { echo "exhaustive_rows: ctest exited $status; its output:" >&2; grep -E 'Failed|Timeout|Error' "$log" >&2; }
bash "$root/bench/tiered_ratio.sh" "$build/numstab" || status=1
exit "$status"
