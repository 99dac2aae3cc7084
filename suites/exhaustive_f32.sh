#!/usr/bin/env bash
# Exhaustive tier: every op of the catalog, all 2^32 f32 inputs, reference
# kernel held to 1 ULP. Hours per op with the all-MPFR oracle: opt-in
# (./numstab test --exhaustive). Usage: exhaustive_f32.sh NUMSTAB [OP...]
set -uo pipefail
numstab=$1
shift
ops=("$@")
if ((${#ops[@]} == 0)); then
  mapfile -t ops < <("$numstab" list | awk '{print $1}')
fi
failed=0
for op in "${ops[@]}"; do
  "$numstab" certify --op "$op" --format f32 --exhaustive --max-ulp 1 --strict-zero || failed=$((failed + 1))
done
echo "exhaustive f32: ${#ops[@]} ops, $failed failed"
((failed == 0))
