#!/usr/bin/env bash
# Sweeps over MPI: one exhaustive row (glibc's tanhf over an f32 sub-range,
# tiered oracle) timed under 1 rank x 1 thread and 2 ranks x 1 thread, the
# speed-up printed, and the two records checked equal (timing aside).
# Usage: bench/mpi_speedup.sh [NUMSTAB] [LO:HI]   (default build/numstab, 0x1p-64:0x1p64)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
numstab=${1:-$root/build/numstab}
range=${2:-0x1p-64:0x1p64}
mpirun=(mpirun -q)
[[ $(id -u) -eq 0 ]] && mpirun+=(--allow-run-as-root)
# glibc documents tanhf within 2 ULP of the correctly rounded result: 2.5 ULP of the exact one.
row=(certify --op tanh --format f32 --kernel libm.so.6:tanhf --exhaustive --range "$range" --max-ulp 2.5 --threads 1)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
seconds() {
  local t0 t1
  t0=$(date +%s.%N)
  "$@" >"$work/out" 2>&1 || { cat "$work/out" >&2; echo "numstab bench: the run failed: $*" >&2; exit 1; }
  t1=$(date +%s.%N)
  awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }'
}
strip() { grep -v '"seconds"' "$1" | sed '/"oracle_tiers"/,/}/d'; }

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load $(cut -d' ' -f1-3 /proc/loadavg)"
t1=$(seconds "${mpirun[@]}" -n 1 "$numstab" "${row[@]}" --json "$work/one.json")
inputs=$(grep -o 'inputs=[0-9]*' "$work/out")
t2=$(seconds "${mpirun[@]}" -n 2 "$numstab" "${row[@]}" --json "$work/two.json")
cmp -s <(strip "$work/one.json") <(strip "$work/two.json") || { echo "numstab bench: the records differ" >&2; exit 1; }
printf 'tanhf f32 --range %s (%s): 1 rank x 1 thread %.1f s, 2 ranks x 1 thread %.1f s: speed-up %.2fx (load after: %s)\n' \
  "$range" "$inputs" "$t1" "$t2" "$(awk -v a="$t1" -v b="$t2" 'BEGIN { print a / b }')" "$(cut -d' ' -f1-3 /proc/loadavg)"
sed -n '2,3p' "$work/out"
