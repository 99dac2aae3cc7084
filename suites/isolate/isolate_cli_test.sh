#!/usr/bin/env bash
# numstab --isolate end to end: a kernel that dies or hangs gives one line on
# stderr naming the input (or block) and the signal; certify exits 1, measure 2.
# (Without --isolate, numstab itself dies with crash_tanhf: not tested.)
#
#   isolate_cli_test.sh NUMSTAB FIXTURE_LIB SCENARIO...
set -u
# shellcheck source=../cli_checks.sh
source "$(dirname "${BASH_SOURCE[0]}")/../cli_checks.sh"
cli_checks_setup isolate_cli_test.sh LIB isolate-test "$@"

# stderr is exactly one newline-terminated line matching the ERE.
expect_one_stderr_line() {
  local lines
  lines=$(wc -l <"$ERR")
  if [[ $lines -ne 1 || -n $(tail -c 1 "$ERR") ]]; then
    fail "expected exactly one line on stderr, got $lines"
  elif ! grep -Eq -- "$1" "$ERR"; then
    fail "expected the stderr line to match /$1/"
  else
    ok
  fi
}

# The decimal of "at input HEX (DEC)" lies in [LO, HI].
expect_input_within() {
  local dec
  dec=$(sed -n 's/.* at input [^ ]* (\([^)]*\)) (block of .*/\1/p' "$ERR")
  if [[ -z $dec ]] || ! awk -v x="$dec" -v lo="$1" -v hi="$2" 'BEGIN { exit !(x + 0 >= lo && x + 0 <= hi) }'; then
    fail "expected the named input within [$1, $2], got '$dec'"
  fi
}

HEX='-?0x[0-9a-f.]+p[-+][0-9]+'
NUM='[-0-9.e+]+'
BLOCK="\\(block of [0-9]+ inputs from $HEX \\($NUM\\) to $HEX \\($NUM\\)\\)"

scenario_crash_certify() {
  expect_exit 1 -- "$NUMSTAB" certify --op tanh --format f32 --kernel "$LIB:crash_tanhf" --range 1:3 --isolate --max-ulp 4
  expect_one_stderr_line "^numstab: FAIL: kernel killed by signal SIGSEGV \\(Segmentation fault\\) at input $HEX \\($NUM\\) $BLOCK\$"
  expect_input_within 2 2.0001
  expect_empty_stdout
}

scenario_crash_measure() {
  expect_exit 2 -- "$NUMSTAB" measure --op tanh --format f32 --kernel "$LIB:crash_tanhf" --range 1:3 --isolate
  expect_one_stderr_line "^numstab: error: kernel killed by signal SIGSEGV \\(Segmentation fault\\) at input $HEX \\($NUM\\) $BLOCK\$"
  expect_input_within 2 2.0001
  expect_empty_stdout
}

scenario_abort_measure() {
  expect_exit 2 -- "$NUMSTAB" measure --op tanh --format f32 --kernel "$LIB:abort_tanhf" --range -6:0 --samples 2000 --isolate
  expect_one_stderr_line "^numstab: error: kernel killed by signal SIGABRT \\(Aborted\\) at input $HEX \\($NUM\\) $BLOCK\$"
  expect_input_within -6 -5.0000001
}

scenario_hang_certify() {
  expect_exit 1 -- "$NUMSTAB" certify --op tanh --format f32 --kernel "$LIB:hang_tanhf" --range 2.9999:3.0001 --exhaustive \
    --isolate --block-timeout 0.5 --max-ulp 4
  expect_one_stderr_line "^numstab: FAIL: kernel hung: no result within 0\\.5 s on the block of [0-9]+ inputs from $HEX \\($NUM\\) to $HEX \\($NUM\\)\$"
  local lo hi
  read -r lo hi < <(sed -n 's/.* from [^ ]* (\([^)]*\)) to [^ ]* (\([^)]*\))$/\1 \2/p' "$ERR")
  awk -v lo="$lo" -v hi="$hi" 'BEGIN { exit !(lo + 0 <= 3 && hi + 0 >= 3) }' || fail "block [$lo, $hi] does not hold 3"
}

# A well-behaved kernel: the same JSON record with or without --isolate (but its
# wall time). One thread: the tiered oracle's counts vary between runs with two.
scenario_same_record() {
  # Bound 0.5: tanhf is not correctly rounded, so the records hold counterexamples too.
  local args=(certify --op tanh --format f32 --kernel "$LIB:crash_tanhf" --range -1:1.9 --samples 20000
              --max-ulp 0.5 --threads 1)
  expect_exit 1 -- "$NUMSTAB" "${args[@]}" --json "$WORK/plain.json"
  expect_exit 1 -- "$NUMSTAB" "${args[@]}" --isolate --json "$WORK/isolated.json"
  LAST_CMD="diff of the two records"
  diff <(grep -v '"seconds"' "$WORK/plain.json") <(grep -v '"seconds"' "$WORK/isolated.json") >"$OUT" ||
    fail "records differ"
}

cli_checks_run isolate_cli_test.sh -- "${SCENARIOS[@]}"
