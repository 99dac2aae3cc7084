#!/usr/bin/env bash
# End-to-end tests of `numstab certify|measure --data FILE.npy`: exit codes,
# stdout and the one-line errors, on files written by npy_fixture (no numpy).
#
#   data_cli_test.sh NUMSTAB NPY_FIXTURE [SCENARIO...]   (no SCENARIO: all)
#
# Each check prints what it expected and what it got when it fails; the script
# goes on and exits 1 at the end if any failed.

set -u

# shellcheck source=../cli_checks.sh
source "$(dirname "${BASH_SOURCE[0]}")/../cli_checks.sh"
cli_checks_setup data_cli_test.sh NPY_FIXTURE data-test "$@"
DATA=$WORK/data

esc() { sed 's/[][\.*^$(){}+?|/]/\\&/g' <<<"$1"; }  # a literal inside an ERE

make_fixtures() {
  mkdir -p "$DATA"
  LAST_CMD="$NPY_FIXTURE $DATA"
  "$NPY_FIXTURE" "$DATA" >"$OUT" 2>"$ERR" || { fail "npy_fixture failed"; return 1; }
}

# ---- scenarios ----------------------------------------------------------------

# Files of numstab's reference outputs certify at 1 ULP in every format, C and
# Fortran order, and for the binary prelu with a slope per row.
scenario_good_files() {
  make_fixtures || return
  local spec op format file rows
  for spec in tanh:f32:tanh_f32:5000 tanh:f32:tanh_f32_fortran:5000 tanh:f64:tanh_f64:5000 \
              tanh:f16:tanh_f16_float16:65536 tanh:f16:tanh_f16_uint16:65536 \
              tanh:bf16:tanh_bf16:65536 prelu:f32:prelu_f32:5000; do
    IFS=: read -r op format file rows <<<"$spec"
    local path=$DATA/$file.npy
    expect_exit 0 -- "$NUMSTAB" certify --op "$op" --format "$format" --data "$path" --max-ulp 1
    expect_empty_stderr
    # No seed: the file's rows are the inputs.
    expect_stdout_has "^$op $format kernel=data:$(esc "$path") mode=data inputs=$rows oracle="
    expect_stdout_has '^  verdict: PASS \(bound 1 ULP; 0 violating inputs\)$'
  done
  # prelu with its slope fixed by --param: (x, output) rows. The slope is used:
  # the file's outputs were made with a = 0.25, so a = 0.5 breaks them.
  local fixed=$DATA/prelu_f32_a0.25.npy
  expect_exit 0 -- "$NUMSTAB" certify --op prelu --format f32 --param a=0.25 --data "$fixed" --max-ulp 1
  expect_stdout_has "^prelu f32 kernel=data:$(esc "$fixed") mode=data inputs=5000 oracle="
  expect_stdout_has '^  verdict: PASS \(bound 1 ULP; 0 violating inputs\)$'
  expect_exit 1 -- "$NUMSTAB" certify --op prelu --format f32 --param a=0.5 --data "$fixed" --max-ulp 1
  expect_stdout_has '^  verdict: FAIL '
  # Without --param that file lacks the slope column; with it, a file with one has one too many.
  expect_usage_error "$NUMSTAB" certify --op prelu --format f32 --data "$fixed" --max-ulp 1
  expect_stderr_has "found 2 columns"
  expect_usage_error "$NUMSTAB" certify --op prelu --format f32 --param a=0.25 --data "$DATA/prelu_f32.npy" --max-ulp 1
  expect_stderr_has "found 3 columns"
  # The same rows in Fortran order give the same measurements (not the same
  # header, which names the file, nor the oracle's line: how many inputs the
  # fast tier decided may vary with thread timing).
  local measured='^  (max_ulp|mismatches|verdict)'
  "$NUMSTAB" measure --op tanh --format f32 --data "$DATA/tanh_f32.npy" | grep -E "$measured" >"$WORK/c_order"
  "$NUMSTAB" measure --op tanh --format f32 --data "$DATA/tanh_f32_fortran.npy" | grep -E "$measured" >"$WORK/f_order"
  LAST_CMD="measure both layouts"
  if [[ -s $WORK/c_order ]] && cmp -s "$WORK/c_order" "$WORK/f_order"; then ok; else
    fail "C and Fortran order measured differently: $(diff "$WORK/c_order" "$WORK/f_order" | head -5)"
  fi
}

# Three outputs moved 1000 ULP: certify fails (1) and names exactly their inputs.
scenario_perturbed_outputs() {
  make_fixtures || return
  local json=$WORK/perturbed.json
  expect_exit 1 -- "$NUMSTAB" certify --op tanh --format f32 --data "$DATA/tanh_f32_perturbed.npy" \
    --max-ulp 1 --json "$json"
  expect_empty_stderr
  expect_stdout_has '^  verdict: FAIL \(bound 1 ULP; 3 violating inputs\)$'
  local named expected
  named=$(sed -n 's/^  x = \([^ ]*\) .*/\1/p' "$OUT" | sort | tr '\n' ' ')
  expected=$(sort "$DATA/perturbed_inputs.txt" | tr '\n' ' ')
  expect_eq "inputs named by the counterexamples" "$expected" "$named"
  expect_eq "number of perturbed inputs" 3 "$(wc -l <"$DATA/perturbed_inputs.txt")"
  if grep -q '"mode": "data"' "$json"; then ok; else fail "JSON record lacks \"mode\": \"data\""; fi
}

# Every malformed file: exit 2 and one line naming the file and its fault.
scenario_malformed_files() {
  make_fixtures || return
  local n=0 file op format phrase
  while IFS='|' read -r file op format phrase; do
    n=$((n + 1))
    expect_usage_error "$NUMSTAB" certify --op "$op" --format "$format" --data "$DATA/$file" --max-ulp 1
    expect_stderr_has "--data '$DATA/$file': "
    expect_stderr_has "$phrase"
  done <"$DATA/malformed.txt"
  LAST_CMD="count of $DATA/malformed.txt"
  if [[ $n -ge 20 ]]; then ok; else fail "expected at least 20 malformed files, got $n"; fi
  expect_usage_error "$NUMSTAB" certify --op tanh --format f32 --data "$WORK/no_such.npy" --max-ulp 1
  expect_stderr_has "--data '$WORK/no_such.npy': no such file"
  expect_usage_error "$NUMSTAB" measure --op tanh --format f32 --data "$DATA"
  expect_stderr_has "not a regular file"
  # Options that draw inputs mean nothing with a file of inputs.
  local option
  for option in "--samples 10" "--seed 7"; do
    # shellcheck disable=SC2086
    expect_usage_error "$NUMSTAB" certify --op tanh --format f32 --data "$DATA/tanh_f32.npy" $option --max-ulp 1
    expect_stderr_has "${option%% *}"
    expect_stderr_has "excludes --data"
  done
  # The right file for another format.
  expect_usage_error "$NUMSTAB" certify --op tanh --format bf16 --data "$DATA/tanh_f16_float16.npy" --max-ulp 1
  expect_stderr_has "dtype '<f2' does not match --format bf16 (expected '<u2')"
}

# ---- main -----------------------------------------------------------------------

cli_checks_run data_cli_test.sh good_files perturbed_outputs malformed_files -- "${SCENARIOS[@]}"
