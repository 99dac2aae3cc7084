#!/usr/bin/env bash
# Exhaustive f32 certification of glibc's tanhf, timed on this machine, and the
# tiered oracle against all-MPFR on one sub-range in the same run (the ratio).
# Usage: bench/exhaustive_tanhf.sh [NUMSTAB] [LO:HI]   (default build/numstab, 0.5:1)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
numstab=${1:-$root/build/numstab}
range=${2:-0.5:1}
kernel=libm.so.6:tanhf
# glibc documents tanhf within 2 ULP of the correctly rounded result: 2.5 ULP of the exact one.
bound=2.5

seconds() { local t0 t1; t0=$(date +%s.%N); "$@" > "$out" 2>&1 || true; t1=$(date +%s.%N); awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }'; }
out=$(mktemp)
trap 'rm -f "$out"' EXIT
max_line() { grep -m1 '^  max_ulp ' "$out"; }

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
t=$(seconds "$numstab" measure --op tanh --format f32 --kernel $kernel --exhaustive --range "$range" --oracle tiered)
tiered_max=$(max_line); tiered_inputs=$(grep -o 'inputs=[0-9]*' "$out")
t_mpfr=$(seconds "$numstab" measure --op tanh --format f32 --kernel $kernel --exhaustive --range "$range" --oracle mpfr)
mpfr_max=$(max_line)
printf 'sub-range %s (%s): tiered %.2f s, all-MPFR %.2f s, ratio %.1fx\n' "$range" "$tiered_inputs" "$t" "$t_mpfr" \
  "$(awk -v a="$t_mpfr" -v b="$t" 'BEGIN { print a / b }')"
echo "  tiered:   $tiered_max"
echo "  all-MPFR: $mpfr_max"
[[ $tiered_max == "$mpfr_max" ]] || { echo "numstab bench: the two sweeps disagree" >&2; exit 1; }

t_full=$(seconds "$numstab" certify --op tanh --format f32 --kernel $kernel --exhaustive --max-ulp $bound)
printf 'exhaustive f32 certify of %s (all 2^32 inputs, bound %s ULP): %.1f s wall\n' "$kernel" "$bound" "$t_full"
sed -n '2,7p' "$out"
