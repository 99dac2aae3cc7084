#!/usr/bin/env bash
# End-to-end tests of `numstab gradcheck` against the example kernels of
# fixtures.c: exit status 0 for a correct forward/VJP pair, 1 for a broken VJP
# (naming the worst element), 2 with one line on stderr for a bad invocation.
#
#   gradcheck_cli_test.sh NUMSTAB FIXTURE_LIB [SCENARIO...]   (no SCENARIO: all)
#
# Only bash, coreutils, grep and sed are used.

set -u

if [[ $# -lt 2 ]]; then
  echo "usage: $0 NUMSTAB FIXTURE_LIB [SCENARIO...]" >&2
  exit 2
fi
NUMSTAB=$1
LIB=$2
shift 2
for f in "$NUMSTAB" "$LIB"; do
  [[ -f $f ]] || { echo "gradcheck_cli_test.sh: no such file: $f" >&2; exit 2; }
done

# The command exists: a missing one is a failure, never a skip.
if ! "$NUMSTAB" gradcheck --help 2>/dev/null | grep -q -- '--grad-kernel'; then
  echo "FAIL: '$NUMSTAB gradcheck --help' does not offer --grad-kernel"
  exit 1
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/numstab-gradcheck-test.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
OUT=$WORK/stdout
ERR=$WORK/stderr
LAST_CMD=""
failures=0

show_file() {
  if [[ -s $2 ]]; then
    echo "  --- $1 ---"
    sed 's/^/  | /' "$2" | head -n 40
  else
    echo "  --- $1: (empty) ---"
  fi
}

fail() {
  failures=$((failures + 1))
  echo "FAIL: $*"
  echo "  command: $LAST_CMD"
  show_file stdout "$OUT"
  show_file stderr "$ERR"
}

# expect_exit CODE -- CMD...: run CMD, check its exit status.
expect_exit() {
  local want=$1
  shift 2
  LAST_CMD=$(printf '%q ' "$@")
  "$@" >"$OUT" 2>"$ERR"
  local got=$?
  [[ $got == "$want" ]] || fail "expected exit status $want, got $got"
}

expect_stdout_has() { grep -Eq -- "$1" "$OUT" || fail "expected a stdout line matching /$1/"; }
expect_stderr_has() { grep -Fq -- "$1" "$ERR" || fail "expected stderr to mention '$1'"; }
expect_file_has() { grep -Eq -- "$2" "$1" || fail "expected $1 to match /$2/"; }

# One line on stderr, "numstab: error: ...", nothing on stdout.
expect_usage_error() {
  expect_exit 2 -- "$@"
  local lines
  lines=$(wc -l <"$ERR")
  [[ $lines -eq 1 ]] || fail "expected one line on stderr, got $lines"
  grep -q '^numstab: error: ' "$ERR" || fail "expected stderr to start with 'numstab: error: '"
  [[ ! -s $OUT ]] || fail "expected nothing on stdout"
}

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

scenarios=("$@")
if [[ ${#scenarios[@]} -eq 0 ]]; then
  scenarios=(correct_pair_passes broken_vjp_fails_naming_worst unshifted_forward_fails f32_pair usage_errors json_output)
fi
for s in "${scenarios[@]}"; do
  if ! declare -F "scenario_$s" >/dev/null; then
    echo "unknown scenario: $s" >&2
    exit 2
  fi
  "scenario_$s"
done
if [[ $failures -gt 0 ]]; then
  echo "$failures check(s) failed"
  exit 1
fi
echo "all checks passed"
