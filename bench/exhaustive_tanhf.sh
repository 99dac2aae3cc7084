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
out=$(mktemp)
trap 'rm -f "$out"' EXIT

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
bash "$root/bench/tiered_ratio.sh" "$numstab" "$range" "$kernel"
t0=$(date +%s.%N)
"$numstab" certify --op tanh --format f32 --kernel $kernel --exhaustive --max-ulp $bound > "$out" 2>&1 || true
t1=$(date +%s.%N)
printf 'exhaustive f32 certify of %s (all 2^32 inputs, bound %s ULP): %.1f s wall\n' "$kernel" "$bound" \
  "$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')"
sed -n '2,7p' "$out"
