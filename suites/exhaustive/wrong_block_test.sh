#!/usr/bin/env bash
# A kernel wrong on 64 consecutive f32 inputs (wrong_block.c) passes a sampled
# certify and fails an exhaustive one, whose first counterexample is the first
# bad input, 0x1.345600p-1 (bit pattern 0x3f1a2b00).
# Usage: wrong_block_test.sh NUMSTAB LIB [--full]  (--full: all 2^32 inputs)
set -uo pipefail
numstab=$1 lib=$2 full=${3:-}
fail() { echo "FAIL: $*"; exit 1; }

out=$("$numstab" certify --op tanh --format f32 --kernel "$lib:wrong_block_tanhf" --max-ulp 2.5 --seed 20261126 2>&1)
status=$?
echo "$out" | head -3
((status == 0)) || fail "sampled certify (100000 samples, seed 20261126) should pass (exit $status)"

if [[ $full == --full ]]; then range=(); else range=(--range 0.5:0.75); fi
out=$("$numstab" certify --op tanh --format f32 --kernel "$lib:wrong_block_tanhf" --max-ulp 2.5 \
  --exhaustive "${range[@]}" --counterexamples 64 2>&1)
status=$?
echo "$out" | head -8
((status == 1)) || fail "exhaustive certify should fail (exit $status)"
first=$(echo "$out" | grep -m1 '^  x = ' | awk '{print $3}')
[[ $first == 0x1.3456p-1 ]] || fail "first counterexample is $first, expected 0x1.3456p-1 (0x3f1a2b00)"
echo "$out" | grep -q "(bound 2.5 ULP; 64 violating inputs)" || fail "expected exactly 64 violating inputs"
echo "PASS: sampled certify passes; exhaustive fails with 64 violations, first at 0x1.3456p-1"
