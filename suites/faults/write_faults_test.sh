#!/usr/bin/env bash
# Write faults: a write error is one line on stderr and exit 2, never exit 0
# with a lost record, and a JSON file is replaced whole or not at all.
#
#   write_faults_test.sh NUMSTAB FIXTURE_LIB [SCENARIO...]
#
# A full disk is /dev/full (every write fails with ENOSPC) or, for a regular
# file, a file-size limit (ulimit -f, with SIGXFSZ ignored so that the write
# fails with EFBIG instead of killing the process): both work as root, as CI
# runs, where permission bits would not stop a write.

set -u

# shellcheck source=../cli_checks.sh
source "$(dirname "${BASH_SOURCE[0]}")/../cli_checks.sh"
cli_checks_setup write_faults_test.sh FIXTURES write-faults "$@"

CERTIFY=(certify --op tanh --format f16 --exhaustive --max-ulp 1)
OLD_RECORD='{"op": "old", "verdict": "pass"}'

# limited_exit CODE KIB -- CMD...: CMD with files limited to KIB KiB (SIGXFSZ
# ignored: the write fails with EFBIG), checked like expect_exit.
limited_exit() {
  local want=$1 kib=$2
  shift 3
  expect_exit "$want" -- bash -c 'trap "" XFSZ; ulimit -f "$0"; exec "$@"' "$kib" "$@"
}

# expect_no_temp_files DIR: a failed write leaves no temporary file behind.
expect_no_temp_files() {
  local left
  left=$(find "$1" -name '.*.tmp.*' | head -n 3)
  if [[ -z $left ]]; then ok; else fail "temporary files left behind: $left"; fi
}

# expect_file_is FILE TEXT: FILE holds exactly TEXT (and a newline).
expect_file_is() {
  if [[ $(cat "$1" 2>/dev/null) == "$2" ]]; then ok; else fail "expected $1 to still hold '$2', it holds: $(head -c 200 "$1" 2>&1)"; fi
}

scenario_json_to_full_device() {
  expect_exit 2 -- "$NUMSTAB" "${CERTIFY[@]}" --json /dev/full
  expect_one_line_stderr
  expect_stderr_has "cannot write '/dev/full': No space left on device"
  expect_empty_stdout  # the record was not written: no verdict is printed either
  # A device is written in place, never replaced: /dev/full is still the device.
  if [[ -c /dev/full ]]; then ok; else fail "/dev/full is no longer a character device"; fi
}

scenario_json_to_missing_folder() {
  expect_usage_error "$NUMSTAB" "${CERTIFY[@]}" --json "$WORK/no/such/folder/record.json"
  expect_stderr_has "cannot write '$WORK/no/such/folder/record.json'"
  mkdir -p "$WORK/a_folder"
  expect_usage_error "$NUMSTAB" "${CERTIFY[@]}" --json "$WORK/a_folder"
  expect_stderr_has "Is a directory"
}

# A record larger than the file-size limit: the old file must stay whole (a
# write in place would have cut it to a valid-looking prefix or left it empty).
scenario_json_over_old_file_on_full_disk() {
  local rec=$WORK/out/record.json
  mkdir -p "$WORK/out"
  echo "$OLD_RECORD" >"$rec"
  limited_exit 2 1 -- "$NUMSTAB" "${CERTIFY[@]}" --json "$rec"
  expect_one_line_stderr
  expect_stderr_has "cannot write '$rec': File too large"
  expect_file_is "$rec" "$OLD_RECORD"
  expect_no_temp_files "$WORK/out"
  # Without the limit the same command replaces it with the whole record.
  expect_exit 0 -- "$NUMSTAB" "${CERTIFY[@]}" --json "$rec"
  expect_file_has "$rec" '"verdict": "pass"'
  expect_file_has "$rec" '^}$'
  expect_no_temp_files "$WORK/out"
}

scenario_stdout_to_full_device() {
  local cmd
  for cmd in "list" "list --json" "measure --op tanh --format f16 --exhaustive" \
             "certify --op tanh --format f16 --exhaustive --max-ulp 1 --json -"; do
    LAST_CMD="$NUMSTAB $cmd >/dev/full"
    # shellcheck disable=SC2086  # the command's words
    "$NUMSTAB" $cmd >/dev/full 2>"$ERR"
    local got=$?
    : >"$OUT"
    expect_eq "exit status of '$cmd' with stdout on /dev/full" 2 "$got"
    expect_one_line_stderr
    expect_stderr_has "cannot write to standard output: No space left on device"
  done
}

scenario_gradcheck_and_diverge_outputs() {
  expect_usage_error "$NUMSTAB" gradcheck --op softmax --format f32 --n 8 --cases 4 --json /dev/full
  expect_stderr_has "cannot write '/dev/full'"
  expect_usage_error "$NUMSTAB" diverge --optimizer sgd --L 4 --dim 2 --json /dev/full
  expect_stderr_has "cannot write '/dev/full'"
  LAST_CMD="$NUMSTAB diverge --optimizer sgd --L 4 --dim 2 >/dev/full"
  "$NUMSTAB" diverge --optimizer sgd --L 4 --dim 2 >/dev/full 2>"$ERR"
  expect_eq "exit status of diverge with stdout on /dev/full" 2 "$?"
  expect_stderr_has "cannot write to standard output"
}

REPORT=(report --op tanh --quick --no-plots --no-experiments --threads 2)

# The report's files are replaced whole or not at all; the run fails.
scenario_report_files_on_full_disk() {
  local dir=$WORK/report
  mkdir -p "$dir"
  echo "$OLD_RECORD" >"$dir/report.json"
  limited_exit 2 4 -- "$NUMSTAB" "${REPORT[@]}" --out "$dir"
  expect_one_line_stderr
  expect_stderr_has "cannot write '$dir/report.json': File too large"
  expect_file_is "$dir/report.json" "$OLD_RECORD"
  expect_no_temp_files "$dir"
  LAST_CMD="$NUMSTAB ${REPORT[*]} --out $dir >/dev/full"
  "$NUMSTAB" "${REPORT[@]}" --out "$dir" >/dev/full 2>"$ERR"
  expect_eq "exit status of report with stdout on /dev/full" 2 "$?"
  expect_stderr_has "cannot write to standard output"
}

scenario_baseline_to_full_device() {
  expect_exit 2 -- "$NUMSTAB" "${REPORT[@]}" --out "$WORK/r" --update-baseline /dev/full
  expect_one_line_stderr
  expect_stderr_has "cannot write '/dev/full': No space left on device"
  expect_exit 2 -- "$NUMSTAB" "${REPORT[@]}" --out "$WORK/r" --update-baseline "$WORK/no/such/baseline.json"
  expect_stderr_has "cannot write '$WORK/no/such/baseline.json': No such file or directory"
  # The baseline is replaced by a rename, never rewritten in place: a second
  # name of the old file (a hard link) still holds the old text. (The report's
  # files, written first and larger, leave no file-size limit that fails the
  # baseline alone; the same writer is tested on a full disk above.)
  local b=$WORK/baseline.json
  echo "$OLD_RECORD" >"$b"
  ln "$b" "$WORK/old-baseline.json"
  expect_exit 0 -- "$NUMSTAB" "${REPORT[@]}" --out "$WORK/r" --update-baseline "$b"
  expect_file_is "$WORK/old-baseline.json" "$OLD_RECORD"
  expect_file_has "$b" '"entries": \['
  expect_no_temp_files "$WORK"
}

# /dev/full reads as endless zeros: the checkpoint must be refused, not read forever.
scenario_checkpoint_on_device() {
  local dev
  for dev in /dev/full /dev/zero /dev/null; do
    expect_usage_error timeout 60 "$NUMSTAB" "${CERTIFY[@]}" --checkpoint "$dev"
    expect_stderr_has "checkpoint '$dev' is not a regular file"
  done
}

# A checkpoint that cannot grow: the run fails (exit 2) instead of passing
# with chunks missing from the file.
scenario_checkpoint_on_full_disk() {
  local cp=$WORK/run.checkpoint
  limited_exit 2 1 -- "$NUMSTAB" certify --op tanh --format f32 --exhaustive --range 0:1 --max-ulp 1 \
    --threads 2 --checkpoint "$cp"
  expect_one_line_stderr
  expect_stderr_has "cannot write checkpoint '$cp': File too large"
  expect_empty_stdout
}

cli_checks_run write_faults_test.sh \
  json_to_full_device json_to_missing_folder json_over_old_file_on_full_disk stdout_to_full_device \
  gradcheck_and_diverge_outputs report_files_on_full_disk baseline_to_full_device \
  checkpoint_on_device checkpoint_on_full_disk -- "${SCENARIOS[@]}"
