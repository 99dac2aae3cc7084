#!/usr/bin/env bash
# End-to-end tests of the numstab CLI: exit codes, stdout, stderr and the JSON
# record, against libm and the example kernels of fixtures.c.
#
#   cli_test.sh NUMSTAB FIXTURE_LIB [SCENARIO...]   (no SCENARIO: all of them)
#
# ctest runs one scenario per test (suites/cli/CMakeLists.txt). Only bash,
# coreutils, grep, sed and awk are used: no python, no jq.
#
# Every check prints what it expected and what it got when it fails; the
# script goes on with the next check and exits 1 at the end if any failed.

set -u

# shellcheck source=../cli_checks.sh
source "$(dirname "${BASH_SOURCE[0]}")/../cli_checks.sh"
cli_checks_setup cli_test.sh FIXTURES cli-test "$@"

# ---- helpers ------------------------------------------------------------------

# expect_num WHAT VALUE OP LIMIT: VALUE is a decimal number and VALUE OP LIMIT
# holds numerically (OP: < <= > >= ==).
expect_num() {
  local what=$1 v=$2 op=$3 lim=$4
  if ! [[ $v =~ ^-?[0-9]+(\.[0-9]*)?([eE][-+]?[0-9]+)?$ ]]; then
    fail "$what: expected a number $op $lim, got '$v'"
  elif awk -v a="$v" -v b="$lim" -v op="$op" 'BEGIN {
         a += 0; b += 0; ok = 0
         if (op == "<") ok = a < b
         if (op == "<=") ok = a <= b
         if (op == ">") ok = a > b
         if (op == ">=") ok = a >= b
         if (op == "==") ok = a == b
         exit !ok }'; then
    ok
  else
    fail "$what: expected $op $lim, got $v"
  fi
}

# Values from the text output (see to_text in src/record.cpp).
# header_field NAME: "NAME=VALUE" on the first line (inputs, seed, mode, kernel).
header_field() { head -n 1 "$OUT" | tr ' ' '\n' | sed -n "s/^$1=//p"; }
# measured_max_ulp: the number on the "  max_ulp N at x = ..." line.
measured_max_ulp() { sed -n 's/^  max_ulp \([^ ]*\) at x = .*/\1/p' "$OUT"; }
# mismatch_count CLASS: from "  mismatches: nan N overflow N nonfinite N signed_zero N".
mismatch_count() { sed -n "s/^  mismatches:.* $1 \\([0-9][0-9]*\\).*/\\1/p" "$OUT"; }
# violations: from "  verdict: PASS|FAIL (bound B ULP; N violating inputs)".
violations() { sed -n 's/^  verdict: .*; \([0-9]*\) violating inputs)$/\1/p' "$OUT"; }

# json_value FILE KEY: the value of "KEY" in a record written by --json. The
# record is pretty-printed one key per line (nlohmann dump(2)), so a key that
# occurs once is a line '<indent>"KEY": VALUE[,]'. Used inside $(...), where a
# failure cannot be recorded: a missing or repeated key yields a text that no
# expectation accepts, and the check that uses it fails, naming it.
json_value() {
  local n
  n=$(grep -c "^ *\"$2\": " "$1")
  if [[ $n -ne 1 ]]; then
    echo "<$n occurrences of key \"$2\" in $1>"
    return
  fi
  sed -n "s/^ *\"$2\": \\(.*\\)$/\\1/p" "$1" | sed 's/,$//'
}

# ---- scenarios ----------------------------------------------------------------
# Each prints nothing when it passes; shared invocations:
CERTIFY_TANH_F32=(certify --op tanh --format f32)
LIBM_TANHF=(--kernel libm.so.6:tanhf --abi scalar)
fixture() { echo "$FIXTURES:$1"; }

# A correct-enough libm kernel passes a bound of 8 ULP and the measured
# maximum is printed.
scenario_certify_libm_pass() {
  expect_exit 0 -- "$NUMSTAB" "${CERTIFY_TANH_F32[@]}" "${LIBM_TANHF[@]}" --max-ulp 8
  expect_empty_stderr
  expect_stdout_has '^tanh f32 kernel=libm\.so\.6:tanhf mode=samples inputs=100000 seed=1 '
  expect_stdout_has '^  max_ulp [0-9.e+-]+ at x = -?0x[0-9a-f.]+p[-+][0-9]+ \('
  local m
  m=$(measured_max_ulp)
  expect_num "measured max_ulp of libm tanhf" "$m" '>' 0
  expect_num "measured max_ulp of libm tanhf" "$m" '<=' 8
  expect_stdout_has '^  verdict: PASS \(bound 8 ULP; 0 violating inputs\)$'
  expect_stdout_lacks 'counterexamples|FAIL'
}

# The same kernel is not correctly rounded: a bound of 0.5 fails with
# counterexamples "x = HEX (DEC)  got HEX (DEC)  exact HEX (DEC)  E ULP".
scenario_certify_libm_counterexamples() {
  local json=$WORK/cex.json
  expect_exit 1 -- "$NUMSTAB" "${CERTIFY_TANH_F32[@]}" "${LIBM_TANHF[@]}" --max-ulp 0.5 \
    --json "$json"
  expect_empty_stderr
  expect_stdout_has '^  max_ulp [0-9.e+-]+ at x = '
  expect_stdout_has '^  verdict: FAIL \(bound 0\.5 ULP; [0-9]+ violating inputs\)$'
  expect_stdout_has '^  first counterexamples:$'
  local hex='-?0x[0-9a-f]+(\.[0-9a-f]+)?p[-+][0-9]+' dec='\(-?[0-9][0-9.e+-]*\)'
  local line_re="^  x = $hex $dec  got $hex $dec  exact $hex $dec  [0-9.e+-]+ ULP\$"
  local n_cex n_good v
  n_cex=$(grep -c '^  x = ' "$OUT")
  n_good=$(grep -Ec -- "$line_re" "$OUT")
  v=$(violations)
  expect_num "violating inputs of libm tanhf at 0.5 ULP" "$v" '>' 10
  # --counterexamples defaults to 10, and there are more violations than that.
  expect_eq "number of counterexample lines" 10 "$n_cex"
  expect_eq "counterexample lines of the form x = HEX (DEC) got ... exact ... N ULP" \
    "$n_cex" "$n_good"
  # Every counterexample violates the bound.
  local e
  while read -r e; do
    expect_num "ULP error of a counterexample" "$e" '>' 0.5
  done < <(sed -n 's/^  x = .*  \([0-9.e+-]*\) ULP$/\1/p' "$OUT")
  expect_eq "JSON verdict" '"fail"' "$(json_value "$json" verdict)"
  expect_eq "JSON bound_ulp" 0.5 "$(json_value "$json" bound_ulp)"
  expect_eq "JSON violations = text" "$v" "$(json_value "$json" violations)"
  expect_eq "JSON counterexample entries" 10 "$(grep -c '"exact_dec": ' "$json")"
}

scenario_error_missing_symbol() {
  expect_usage_error "$NUMSTAB" "${CERTIFY_TANH_F32[@]}" --kernel libm.so.6:no_such_symbol_zz \
    --abi scalar --max-ulp 8
  expect_stderr_has no_such_symbol_zz
  expect_stderr_has libm.so.6
  # Also in our own library, by path.
  expect_usage_error "$NUMSTAB" "${CERTIFY_TANH_F32[@]}" --kernel "$(fixture fixture_nosuch)" \
    --max-ulp 8
  expect_stderr_has fixture_nosuch
}

scenario_error_bad_invocations() {
  local base=("$NUMSTAB" "${CERTIFY_TANH_F32[@]}" --max-ulp 8 --samples 100)
  # Missing library: by path and by loader name.
  expect_usage_error "${base[@]}" --kernel /nonexistent/libnope.so:f
  expect_stderr_has /nonexistent/libnope.so
  expect_usage_error "${base[@]}" --kernel libnumstab_no_such_lib.so:f
  expect_stderr_has libnumstab_no_such_lib.so
  # A --kernel that is neither 'reference' nor LIB:SYMBOL.
  expect_usage_error "${base[@]}" --kernel tanhf
  expect_usage_error "${base[@]}" --kernel libm.so.6:
  # Unknown op, unknown format.
  expect_usage_error "$NUMSTAB" certify --op no_such_op --format f32 --max-ulp 8
  expect_stderr_has no_such_op
  expect_usage_error "$NUMSTAB" measure --op tanh --format f8
  expect_stderr_has f8
  # Malformed ranges.
  local r
  for r in 3:1 abc 1 1: :1 1:2:3 nan:1 1e400:2; do
    expect_usage_error "${base[@]}" --range "$r"
    expect_stderr_has "$r"
  done
  # Unknown ABI, unknown option, unknown parameter.
  expect_usage_error "${base[@]}" --abi vector
  expect_stderr_has vector
  expect_usage_error "${base[@]}" --frobnicate
  expect_stderr_has --frobnicate
  expect_usage_error "${base[@]}" --param nosuch=1
  expect_stderr_has nosuch
  expect_usage_error "${base[@]}" --param alpha
  # Bad bounds and counts; missing required options; no subcommand.
  expect_usage_error "$NUMSTAB" "${CERTIFY_TANH_F32[@]}" --max-ulp -1
  expect_usage_error "$NUMSTAB" "${CERTIFY_TANH_F32[@]}" --max-ulp abc
  expect_usage_error "$NUMSTAB" "${CERTIFY_TANH_F32[@]}"
  expect_usage_error "${base[@]}" --samples 0
  expect_usage_error "${base[@]}" --exhaustive
  expect_usage_error "$NUMSTAB" measure --format f32
  expect_usage_error "$NUMSTAB" measure --op tanh --format f32 --max-ulp 1
  expect_usage_error "$NUMSTAB"
  # An --exhaustive range that holds no value of the format.
  expect_usage_error "$NUMSTAB" measure --op tanh --format f16 --exhaustive --range 1.0001:1.0002
  # f64 has 2^64 inputs: exhaustive needs a range.
  expect_usage_error "$NUMSTAB" measure --op tanh --format f64 --exhaustive
  # Unwritable --json target.
  expect_usage_error "${base[@]}" --json "$WORK/no/such/dir/record.json"
}

# The batch ABI: void f(const float*, float*, size_t).
scenario_batch_abi() {
  expect_exit 0 -- "$NUMSTAB" "${CERTIFY_TANH_F32[@]}" --kernel "$(fixture fixture_tanhf_batch)" \
    --abi batch --max-ulp 8
  expect_empty_stderr
  expect_stdout_has '^  verdict: PASS \(bound 8 ULP; 0 violating inputs\)$'
  expect_eq "inputs" 100000 "$(header_field inputs)"
  # The batch kernel computes what the scalar fixture and libm compute, so the
  # three records agree on every line but "kernel" and "seconds".
  local sym abi
  while read -r sym abi; do
    expect_exit 0 -- "$NUMSTAB" measure --op tanh --format f32 --kernel "$(fixture "$sym")" \
      --abi "$abi" --samples 20000 --json "$WORK/$sym.json"
  done <<<"fixture_tanhf_batch batch
fixture_tanhf scalar"
  expect_exit 0 -- "$NUMSTAB" measure --op tanh --format f32 "${LIBM_TANHF[@]}" \
    --samples 20000 --json "$WORK/libm.json"
  strip_json() { grep -Ev '^ *"(kernel|seconds)": ' "$1"; }
  local a
  for a in fixture_tanhf_batch fixture_tanhf; do
    if diff <(strip_json "$WORK/libm.json") <(strip_json "$WORK/$a.json") >"$WORK/diff"; then
      ok
    else
      LAST_CMD="diff of the records of libm tanhf and $a"
      cp "$WORK/diff" "$OUT"; : >"$ERR"
      fail "expected identical records (but kernel, seconds)"
    fi
  done
}

# A correct f16 batch kernel (uint16_t bit patterns), over all 65,536 inputs.
scenario_f16_batch_exhaustive() {
  local json=$WORK/f16.json
  expect_exit 0 -- "$NUMSTAB" certify --op tanh --format f16 \
    --kernel "$(fixture fixture_tanh_f16_batch)" --abi batch --exhaustive --max-ulp 1 \
    --json "$json"
  expect_empty_stderr
  expect_stdout_has '^  verdict: PASS \(bound 1 ULP; 0 violating inputs\)$'
  expect_eq "mode" exhaustive "$(header_field mode)"
  expect_eq "inputs" 65536 "$(header_field inputs)"
  expect_num "max_ulp of the f16 tanh fixture" "$(json_value "$json" max_ulp)" '<=' 1
  local c
  for c in nan overflow nonfinite signed_zero; do
    expect_eq "mismatches.$c" 0 "$(json_value "$json" "$c")"
  done
}

# The textbook tanh overflows to inf/inf = NaN past |x| ~ 88.7: rejected, and
# the record counts nonfinite mismatches.
scenario_naive_tanh_rejected() {
  local json=$WORK/naive.json
  expect_exit 1 -- "$NUMSTAB" "${CERTIFY_TANH_F32[@]}" --kernel "$(fixture fixture_tanhf_naive)" \
    --max-ulp 4 --json "$json"
  expect_empty_stderr
  expect_stdout_has '^  verdict: FAIL \(bound 4 ULP; [0-9]+ violating inputs\)$'
  expect_stdout_has '^  x = .*  got -?nan \(-?nan\)  exact .*  nonfinite mismatch$'
  local nf
  nf=$(json_value "$json" nonfinite)
  expect_num "JSON mismatches.nonfinite" "$nf" '>' 0
  expect_eq "text nonfinite count = JSON" "$nf" "$(mismatch_count nonfinite)"
  expect_eq "JSON verdict" '"fail"' "$(json_value "$json" verdict)"
}

# Correct f16 sigmoid with the last bit flipped for x > 0: every error is in
# (0.5, 1.5), so 0.5 fails and 1.5 passes.
scenario_off_by_one_sigmoid_f16() {
  local k=(--op sigmoid --format f16 --kernel "$(fixture fixture_sigmoid_f16_off_by_one)"
           --abi batch --exhaustive)
  expect_exit 1 -- "$NUMSTAB" certify "${k[@]}" --max-ulp 0.5
  expect_stdout_has '^  verdict: FAIL \(bound 0\.5 ULP; [0-9]+ violating inputs\)$'
  # Only positive inputs are off: the counterexamples have no minus sign.
  expect_stdout_has '^  x = 0x'
  expect_stdout_lacks '^  x = -'
  local m
  m=$(measured_max_ulp)
  expect_num "max_ulp of the off-by-one kernel" "$m" '>' 1
  expect_num "max_ulp of the off-by-one kernel" "$m" '<=' 1.5
  expect_exit 0 -- "$NUMSTAB" certify "${k[@]}" --max-ulp 1.5
  expect_stdout_has '^  verdict: PASS \(bound 1\.5 ULP; 0 violating inputs\)$'
  # Inputs x <= 0 are untouched: correctly rounded there.
  expect_exit 0 -- "$NUMSTAB" certify "${k[@]}" --range -inf:0 --max-ulp 0.5
}

# Same seed, any thread count: the same record and the same text, bar timing.
scenario_determinism_threads() {
  local t
  for t in 1 2; do
    expect_exit 0 -- "$NUMSTAB" measure --op tanh --format f32 --samples 20000 --seed 7 \
      --json "$WORK/t$t.json" --threads "$t"
    # Which tier judged how many inputs depends on thread timing (README), like the seconds.
    sed -e 's/ ([0-9.]* s)$//' -e '/^  oracle: fast tier alone on /d' "$OUT" >"$WORK/t$t.txt"
  done
  # A different seed must change the record: the comparison can tell.
  expect_exit 0 -- "$NUMSTAB" measure --op tanh --format f32 --samples 20000 --seed 8 \
    --json "$WORK/s8.json" --threads 2
  expect_eq "JSON inputs" 20000 "$(json_value "$WORK/t1.json" inputs)"
  timeless() { sed -e '/"seconds"/d' -e '/"oracle_tiers": {/,/}/d' "$1"; }
  same() { diff <(timeless "$1") <(timeless "$2") >"$WORK/diff"; }
  if same "$WORK/t1.json" "$WORK/t2.json"; then ok; else
    LAST_CMD="diff of the JSON records (--threads 1 vs 2), without \"seconds\""
    cp "$WORK/diff" "$OUT"; : >"$ERR"; fail "expected identical records"
  fi
  if diff "$WORK/t1.txt" "$WORK/t2.txt" >"$WORK/diff"; then ok; else
    LAST_CMD="diff of stdout (--threads 1 vs 2), without the timing"
    cp "$WORK/diff" "$OUT"; : >"$ERR"; fail "expected identical stdout"
  fi
  if same "$WORK/t1.json" "$WORK/s8.json"; then
    LAST_CMD="diff of the JSON records of --seed 7 and --seed 8"
    : >"$OUT"; : >"$ERR"; fail "expected different records for different seeds"
  else ok; fi
}

scenario_seed_printed() {
  expect_exit 0 -- "$NUMSTAB" measure --op tanh --format f32 --samples 1000 --seed 7 \
    --json "$WORK/seed.json"
  expect_stdout_has '^tanh f32 kernel=reference mode=samples inputs=1000 seed=7 '
  expect_eq "JSON seed" 7 "$(json_value "$WORK/seed.json" seed)"
  # Without --seed the default seed is printed too.
  expect_exit 0 -- "$NUMSTAB" measure --op sigmoid --format bf16 --samples 1000
  expect_eq "printed default seed" 1 "$(header_field seed)"
}

scenario_list_json() {
  expect_exit 0 -- "$NUMSTAB" list --json
  expect_empty_stderr
  local op
  for op in tanh tanh_grad sigmoid sigmoid_grad; do
    expect_stdout_has "^ *\"name\": \"$op\",?\$"
  done
  # Each row's labelled thresholds and its hard-input file are data of the row.
  expect_stdout_has '^ *"why": "f32: e\^x overflows past ln of the largest finite",?$'
  expect_stdout_has '^ *"hard_inputs": "tanh.wc",?$'
  expect_exit 0 -- "$NUMSTAB" list
  for op in tanh tanh_grad sigmoid sigmoid_grad; do
    expect_stdout_has "^$op "
  done
  # --elementwise: bare names of what measure and certify take (no composite op).
  expect_exit 0 -- "$NUMSTAB" list --elementwise
  expect_empty_stderr
  for op in tanh tanh_grad prelu celu_grad; do
    expect_stdout_has "^$op\$"
  done
  for op in softmax sgd mse; do
    expect_stdout_lacks "^$op"
  done
  expect_stdout_lacks " "
  expect_usage_error "$NUMSTAB" list --elementwise --json
}

# expect_exhaustive_count FORMAT RANGE COUNT: measure --exhaustive over RANGE
# sees exactly COUNT inputs (in the text and in the JSON record).
expect_exhaustive_count() {
  local json=$WORK/range.json
  expect_exit 0 -- "$NUMSTAB" measure --op tanh --format "$1" --exhaustive --range "$2" \
    --json "$json"
  expect_eq "inputs of $1 in [$2] (text)" "$3" "$(header_field inputs)"
  expect_eq "inputs of $1 in [$2] (JSON)" "$3" "$(json_value "$json" inputs)"
  expect_eq "mode" '"exhaustive"' "$(json_value "$json" mode)"
}

scenario_exhaustive_f32_range() {
  # f32 values in [1, 2) are 1 + k 2^-23. 1 + k 2^-23 <= 1.001 iff
  # k <= 0.001 * 2^23 = 8388.608, so k = 0..8388: 8389 values. 1.001 itself is
  # not an f32 (its nearest f32, 0x1.00418ap+0 = 1 + 8389 2^-23 =
  # 1.00100004673, lies above it and must be left out). The decimal 1.001 is
  # read as the double 1.000999999999999889..., which changes nothing here.
  expect_exhaustive_count f32 1:1.001 8389
  # With that f32 as the upper bound the range is inclusive: one more.
  expect_exhaustive_count f32 1:0x1.00418ap+0 8390
  # A lower bound between two f32 values: the f32 below 1 is 1 - 2^-24 =
  # 0.99999994..., so [0.99999997, 1] holds only 1, and [0x1.fffffep-1, 1]
  # holds 1 - 2^-24 and 1.
  expect_exhaustive_count f32 0.99999997:1 1
  expect_exhaustive_count f32 0x1.fffffep-1:1 2
  # f16 in [-1, 1]: +0 .. 1.0 are bit patterns 0x0000..0x3c00 (15361 values),
  # and the same with the sign bit set: 30722 (both zeros included).
  expect_exhaustive_count f16 -1:1 30722
}

# ---- regressions of bugs found by these tests ----------------------------------

# --samples once accepted counts it cannot run: "-5" wrapped to 2^64 - 5, the
# chunk count (total + step - 1) / step overflowed to 0, nothing was measured
# and certify PASSed a bound of 0 over "inputs=0".
scenario_argument_validation() {
  expect_usage_error "$NUMSTAB" "${CERTIFY_TANH_F32[@]}" "${LIBM_TANHF[@]}" --max-ulp 0 \
    --samples -5
  # 2^64 - 1 samples: reject it, or start on it (cut off here after 5 s, exit
  # 124); never finish at once with a PASS over zero inputs.
  expect_exit '2|124' -- timeout 5 "$NUMSTAB" "${CERTIFY_TANH_F32[@]}" "${LIBM_TANHF[@]}" \
    --max-ulp 0 --samples 18446744073709551615
  # An empty --range is malformed, not "no range".
  expect_usage_error "$NUMSTAB" "${CERTIFY_TANH_F32[@]}" --max-ulp 8 --range ''
  # A timeout that is not a number never fires: refused, like one out of range.
  local t
  for t in nan NaN inf -inf; do
    expect_usage_error "$NUMSTAB" "${CERTIFY_TANH_F32[@]}" --max-ulp 8 --isolate --block-timeout "$t"
    expect_stderr_has "--block-timeout"
  done
}

# The ULP of the exact result was taken from the oracle value rounded to
# --oracle-bits; where the exact result lies just below a power of two (sigmoid
# -> 1 for x > ~178, tanh -> 1 for x > ~89) that value rounds up to the power,
# the ULP doubled and the error halved. Here every output is 0x3bff = 1 - 2^-11
# where the correctly rounded result is 1.0: about 1 ULP off, once reported as 0.5.
scenario_ulp_below_power_of_two() {
  local k=(--op sigmoid --format f16 --kernel "$(fixture fixture_sigmoid_f16_off_by_one)"
           --abi batch --exhaustive)
  expect_exit 1 -- "$NUMSTAB" certify "${k[@]}" --range 1000:2000 --max-ulp 0.5
  # Every x > 0 of f16 is off by 0.5 to 1.5 ULP: the 31743 positive finite
  # inputs violate 0.5 (+inf does not: exact 1, got 1 - 2^-11, 0.5 ULP).
  expect_exit 1 -- "$NUMSTAB" certify "${k[@]}" --max-ulp 0.5
  expect_eq "violations at 0.5 ULP" 31743 "$(violations)"
}

# Just off a rounding midpoint: silu(x) for the 16 f64 inputs from
# -0x1.ffffffffffff0p-1022 is x/2 + x^2/4, x/2 a midpoint for the 8 odd ones;
# x * 0.5 rounds 4 of those away from zero (ties to even), 2^-972 ULP past the
# midpoint. The oracle decides the side at 4x its 256 bits: 4 violations of
# 0.5, printed as more than 0.5.
scenario_ulp_off_a_midpoint() {
  local k=(--op silu --format f64 --kernel "$(fixture fixture_silu_halved)" --exhaustive)
  expect_exit 1 -- "$NUMSTAB" certify "${k[@]}" --range -0x1.fffffffffffffp-1022:-0x1.ffffffffffff0p-1022 --max-ulp 0.5
  expect_eq "violations at 0.5 ULP" 4 "$(violations)"
  expect_stdout_has '^  max_ulp 0\.5000000000000001 at '
  # The even neighbour is the correctly rounded one there: no violation.
  expect_exit 0 -- "$NUMSTAB" certify "${k[@]}" --range -0x1.ffffffffffffdp-1022:-0x1.ffffffffffffdp-1022 --max-ulp 0.5
}

# A kernel set measured beside the reference: the naive tanh fixture gets its
# own rows (NaN past |x| ~ 88.7 shows as nonfinite mismatches), the reference's
# rows are unchanged, and a set naming a missing symbol fails before measuring.
scenario_report_kernel_set() {
  local set=$WORK/mine.json out=$WORK/report
  printf '{"name": "mine", "kernels": {"tanh": {"f32": "%s"}}}\n' "$(fixture fixture_tanhf_naive)" >"$set"
  expect_exit 0 -- "$NUMSTAB" report --quick --no-plots --op tanh --kernel-set "$set" --out "$out"
  expect_stdout_has '^tanh +f32 +reference '
  expect_stdout_has '^tanh +f32 +mine +samples +20000 '
  grep -Eq '^\| tanh \(mine\) \| - \| 1\.68e\+07 \(nonfinite [0-9]+[^)]*\) \| - \| - \|$' "$out/report.md" && ok ||
    fail "report.md lacks the max-ULP row 'tanh (mine)' with its nonfinite mismatches"
  grep -q '"kernel_set": "mine"' "$out/report.json" && ok || fail "report.json lacks kernel_set mine"
  local nf
  nf=$(grep -c '"kernel": ".*fixture_tanhf_naive"' "$out/report.json")
  expect_num "entries and thresholds of the set's kernel" "$nf" '==' 2
  printf '{"name": "mine", "kernels": {"tanh": {"f32": "%s"}}}\n' "$(fixture fixture_nosuch)" >"$set"
  expect_usage_error "$NUMSTAB" report --quick --no-plots --op tanh --kernel-set "$set" --out "$out"
  expect_stderr_has fixture_nosuch
  printf '{"name": "mine", "kernels": {"tanhh": {"f32": "libm.so.6:tanhf"}}}\n' >"$set"
  expect_usage_error "$NUMSTAB" report --quick --no-plots --kernel-set "$set" --out "$out"
  expect_stderr_has "unknown op 'tanhh'"
  expect_usage_error "$NUMSTAB" report --quick --kernel-set "$WORK/none.json" --out "$out"
}

# numstab diverge: theory and measurement printed, within 0.5% of each other
# for GD, heavy ball with dampening and Nesterov; the JSON record has the
# design's fields; unknown optimizers and parameters are one-line errors.
scenario_diverge() {
  local args
  for args in "" "--param momentum=0.9 --param dampening=0.5" "--param momentum=0.9 --param nesterov=1"; do
    # shellcheck disable=SC2086
    expect_exit 0 -- "$NUMSTAB" diverge --optimizer sgd $args --L 10 --mu 0.1
    expect_stdout_has '^theory_lr: '
    expect_stdout_has '^measured_lr: '
    local gap
    gap=$(sed -n 's/^relative_gap: -\{0,1\}\(.*\)$/\1/p' "$OUT")  # |gap|
    expect_num "relative gap ($args)" "$gap" '<' 0.005
  done
  local json=$WORK/diverge.json
  expect_exit 0 -- "$NUMSTAB" diverge --optimizer sgd --param momentum=0.5 --L 4 --format f32 --json "$json"
  local key
  for key in optimizer params L theory_lr measured_lr; do
    grep -q "\"$key\"" "$json" && ok || fail "diverge JSON lacks \"$key\""
  done
  expect_usage_error "$NUMSTAB" diverge --optimizer adamx --L 10
  expect_stderr_has "unknown optimizer 'adamx'"
  expect_usage_error "$NUMSTAB" diverge --optimizer sgd --param momentun=0.9 --L 10
  expect_stderr_has momentun
  expect_usage_error "$NUMSTAB" diverge --optimizer sgd --L 10 --format f128
  expect_usage_error "$NUMSTAB" diverge --optimizer sgd --param momentum=0.5 --param dampening=nan --L 10
  expect_stderr_has dampening
  expect_usage_error "$NUMSTAB" diverge --optimizer sgd --L 1e5 --format f16   # L is inf in f16
  expect_usage_error "$NUMSTAB" diverge --optimizer sgd --L 1 --mu 1e-8 --format f16  # mu is 0 in f16
}

# An op's hard-input file (its catalog row names it) that cannot be read is a
# usage error naming the file, not an op sampled without its hard inputs.
scenario_missing_hard_inputs() {
  mkdir -p "$WORK/oracles"
  expect_usage_error env NUMSTAB_ORACLES_DIR="$WORK/oracles" "$NUMSTAB" measure --op tanh --format f16 --samples 100
  expect_stderr_has "$WORK/oracles/tanh/tanh.wc"
  expect_exit 0 -- env NUMSTAB_ORACLES_DIR="$WORK/oracles" "$NUMSTAB" measure --op relu --format f16 --samples 100
}

# A baseline of the wrong shape fails before any measuring: one line naming
# the file, exit 2 (a negative count, a number given as a string).
scenario_report_bad_baseline() {
  local b=$WORK/baseline.json
  sed '0,/"cases":[0-9]*/s//"cases":-3/' "$(dirname "${BASH_SOURCE[0]}")/../../reports/baseline.json" >"$b"
  expect_usage_error "$NUMSTAB" report --quick --no-plots --out "$WORK/r" --check-baseline "$b"
  expect_stderr_has "$b"
  expect_stderr_has '"cases" must be a non-negative integer, got -3'
  sed '0,/"max_ulp":\([0-9.e-]*\)/s//"max_ulp":"\1"/' "$(dirname "${BASH_SOURCE[0]}")/../../reports/baseline.json" >"$b"
  expect_usage_error "$NUMSTAB" report --quick --no-plots --out "$WORK/r" --check-baseline "$b"
  expect_stderr_has '"max_ulp" must be a number'
}

# ---- main -----------------------------------------------------------------------

ALL_SCENARIOS=(
  certify_libm_pass certify_libm_counterexamples error_missing_symbol
  error_bad_invocations batch_abi f16_batch_exhaustive naive_tanh_rejected
  off_by_one_sigmoid_f16 determinism_threads seed_printed list_json
  exhaustive_f32_range argument_validation ulp_below_power_of_two ulp_off_a_midpoint report_kernel_set diverge
  missing_hard_inputs report_bad_baseline)

cli_checks_run cli_test.sh "${ALL_SCENARIOS[@]}" -- "${SCENARIOS[@]}"
