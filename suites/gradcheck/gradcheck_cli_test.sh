#!/usr/bin/env bash
# End-to-end tests of `numstab gradcheck` against the example kernels of
# fixtures.c: exit status 0 for a correct forward/VJP pair, 1 for a broken VJP
# (naming the worst element), 2 with one line on stderr for a bad invocation.
#
#   gradcheck_cli_test.sh NUMSTAB FIXTURE_LIB [SCENARIO...]   (no SCENARIO: all)
#
# Only bash, coreutils, grep and sed are used.

set -u

# shellcheck source=../cli_checks.sh
source "$(dirname "${BASH_SOURCE[0]}")/../cli_checks.sh"
cli_checks_setup gradcheck_cli_test.sh LIB gradcheck-test "$@"

# The command exists: a missing one is a failure, never a skip.
if ! "$NUMSTAB" gradcheck --help 2>/dev/null | grep -q -- '--grad-kernel'; then
  echo "FAIL: '$NUMSTAB gradcheck --help' does not offer --grad-kernel"
  exit 1
fi

SOFTMAX_F64=(gradcheck --op softmax --format f64 --kernel "$LIB:softmax_f64")

scenario_correct_pair_passes() {
  expect_exit 0 -- "$NUMSTAB" "${SOFTMAX_F64[@]}" --grad-kernel "$LIB:softmax_vjp_f64"
  expect_stdout_has 'verdict: pass'
  expect_stdout_has 'seed'
}

scenario_broken_vjp_fails_naming_worst() {
  expect_exit 1 -- "$NUMSTAB" "${SOFTMAX_F64[@]}" --grad-kernel "$LIB:softmax_vjp_no_dot_f64"
  expect_stdout_has 'verdict: FAIL'
  # The worst element: part, case, index, got, exact, error and bound, and the input.
  expect_stdout_has 'worst: vjp case [0-9]+, index [0-9]+: got .* exact .* error .* bound'
  expect_stdout_has 'input: x\[[0-9]+\] = '
  # The forward kernel is correct: its line passes.
  expect_stdout_has '^  forward .*: pass$'
}

scenario_unshifted_forward_fails() {
  # Every fourth case spreads up to the overflow range: e^x overflows, y is NaN.
  expect_exit 1 -- "$NUMSTAB" gradcheck --op softmax --format f64 --kernel "$LIB:softmax_unshifted_f64" \
    --grad-kernel "$LIB:softmax_vjp_f64" --cases 8
  expect_stdout_has '^  forward .*: FAIL$'
  expect_stdout_has 'worst: forward .*\[(nonfinite|nan)\]'
}

scenario_f32_pair() {
  expect_exit 0 -- "$NUMSTAB" gradcheck --op softmax --format f32 --kernel "$LIB:softmax_f32" \
    --grad-kernel "$LIB:softmax_vjp_f32" --n 100 --cases 50 --seed 7
  expect_exit 1 -- "$NUMSTAB" gradcheck --op softmax --format f32 --kernel "$LIB:softmax_f32" \
    --grad-kernel "$LIB:softmax_vjp_no_dot_f32" --n 100 --cases 50 --seed 7
}

scenario_usage_errors() {
  expect_usage_error "$NUMSTAB" gradcheck --op no_such_op --format f64 --kernel "$LIB:softmax_f64" \
    --grad-kernel "$LIB:softmax_vjp_f64"
  expect_stderr_has "no_such_op"
  expect_usage_error "$NUMSTAB" gradcheck --op softmax --format f128 --kernel "$LIB:softmax_f64" \
    --grad-kernel "$LIB:softmax_vjp_f64"
  expect_stderr_has "f128"
  expect_usage_error "$NUMSTAB" "${SOFTMAX_F64[@]}" --grad-kernel "$WORK/missing.so:softmax_vjp_f64"
  expect_stderr_has "missing.so"
  expect_usage_error "$NUMSTAB" "${SOFTMAX_F64[@]}" --grad-kernel "$LIB:no_such_symbol"
  expect_stderr_has "no_such_symbol"
  expect_usage_error "$NUMSTAB" "${SOFTMAX_F64[@]}" --grad-kernel "$LIB:softmax_vjp_f64" --n 0
}

scenario_json_output() {
  expect_exit 1 -- "$NUMSTAB" "${SOFTMAX_F64[@]}" --grad-kernel "$LIB:softmax_vjp_no_dot_f64" \
    --json "$WORK/out.json"
  expect_file_has "$WORK/out.json" '"verdict": "fail"'
  expect_file_has "$WORK/out.json" '"part": "vjp"'
  expect_file_has "$WORK/out.json" '"gradients": \['
}

cli_checks_run gradcheck_cli_test.sh correct_pair_passes broken_vjp_fails_naming_worst unshifted_forward_fails \
  f32_pair usage_errors json_output -- "${SCENARIOS[@]}"
