#!/usr/bin/env bash
# The tiered oracle against all-MPFR on one sub-range: both sweeps timed, their
# maxima compared (they must agree to the last digit), the ratio printed.
# Usage: bench/tiered_ratio.sh [NUMSTAB] [LO:HI] [KERNEL]
#   (default build/numstab, 0.5:1, libm.so.6:tanhf; the op is tanh)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
numstab=${1:-$root/build/numstab}
range=${2:-0.5:1}
kernel=${3:-libm.so.6:tanhf}
out=$(mktemp)
trap 'rm -f "$out"' EXIT

seconds() { local t0 t1; t0=$(date +%s.%N); "$@" > "$out" 2>&1 || true; t1=$(date +%s.%N); awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }'; }
max_line() { grep -m1 '^  max_ulp ' "$out"; }

t=$(seconds "$numstab" measure --op tanh --format f32 --kernel "$kernel" --exhaustive --range "$range" --oracle tiered)
tiered_max=$(max_line); tiered_inputs=$(grep -o 'inputs=[0-9]*' "$out")
t_mpfr=$(seconds "$numstab" measure --op tanh --format f32 --kernel "$kernel" --exhaustive --range "$range" --oracle mpfr)
mpfr_max=$(max_line)
printf 'tanh %s on [%s] (%s): tiered %.2f s, all-MPFR %.2f s, ratio %.1fx\n' "$kernel" "$range" "$tiered_inputs" "$t" "$t_mpfr" \
  "$(awk -v a="$t_mpfr" -v b="$t" 'BEGIN { print a / b }')"
echo "  tiered:   $tiered_max"
echo "  all-MPFR: $mpfr_max"
[[ -n $tiered_max && $tiered_max == "$mpfr_max" ]] || { echo "numstab bench: the two sweeps disagree" >&2; exit 1; }
