#!/usr/bin/env bash
# Exhaustive tier: every elementwise op of the catalog (`numstab list
# --elementwise`: composite ops such as softmax or sgd are not swept), all
# 2^32 f32 inputs, the reference kernel held to 1 ULP with strict zeros.
# The kernels are numstab's own, so the oracle must not share their formula:
# tanh, the piecewise ops and the 20 ops with a long double tier
# (OpInfo::independent_fast) use independent fast tiers (MPFR where those
# cannot decide, and for |x| >= 11000 in the long double ones); the other
# unary ops are judged by MPFR at every input (tanh all-MPFR extrapolates to
# about 1.7 h on 2 cores; the others are not measured); prelu and its
# derivatives are binary: MPFR at every input and each second-operand probe.
# Opt-in (./numstab test --exhaustive).
# Usage: exhaustive_f32.sh NUMSTAB [OP...]
set -uo pipefail
numstab=$1
shift
ops=("$@")
if ((${#ops[@]} == 0)); then
  # A list that cannot be read must not pass as "0 ops, 0 failed".
  mapfile -t ops < <("$numstab" list --elementwise) && ((${#ops[@]} > 0)) || {
    echo "exhaustive f32: cannot list the elementwise ops" >&2
    exit 2
  }
fi
failed=0
for op in "${ops[@]}"; do
  "$numstab" certify --op "$op" --format f32 --exhaustive --max-ulp 1 --strict-zero || failed=$((failed + 1))
done
echo "exhaustive f32: ${#ops[@]} ops, $failed failed"
((failed == 0))
