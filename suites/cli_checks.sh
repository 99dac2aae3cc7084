# Shared harness of the end-to-end CLI test scripts (suites/cli, suites/data,
# suites/gradcheck, suites/isolate): sourced, not run. Only bash, coreutils,
# grep, sed and awk: no python, no jq.
#
# cli_checks_init NAME   makes $WORK (removed on exit), $OUT and $ERR (the
#                        captured streams of the last command), $LAST_CMD and
#                        the counters.
# Every check prints what it expected and what it got when it fails; the
# script goes on with the next check, and cli_checks_run exits 1 at the end if
# any failed.

cli_checks_init() {
  WORK=$(mktemp -d "${TMPDIR:-/tmp}/numstab-$1.XXXXXX")
  trap 'rm -rf "$WORK"' EXIT
  OUT=$WORK/stdout  # stdout of the last command run by expect_exit
  ERR=$WORK/stderr  # its stderr
  : >"$OUT"
  : >"$ERR"
  LAST_CMD=""
  failures=0
  checks=0
}

# cli_checks_setup SCRIPT LIB_VAR WORK_NAME ARGS...: the scripts' command line
# "SCRIPT NUMSTAB LIBRARY [SCENARIO...]". Sets NUMSTAB, the variable named
# LIB_VAR and SCENARIOS (the rest), checks that both files exist (else exit 2)
# and runs cli_checks_init WORK_NAME.
cli_checks_setup() {
  local script=$1 lib_var=$2 work=$3
  shift 3
  if [[ $# -lt 2 ]]; then
    echo "usage: $script NUMSTAB $lib_var [SCENARIO...]" >&2
    exit 2
  fi
  NUMSTAB=$1
  printf -v "$lib_var" '%s' "$2"
  shift 2
  SCENARIOS=("$@")
  cli_checks_files "$script" "$NUMSTAB" "${!lib_var}"
  cli_checks_init "$work"
}

# cli_checks_files SCRIPT FILE...: every FILE exists (else exit 2).
cli_checks_files() {
  local script=$1 f
  shift
  for f in "$@"; do
    [[ -f $f ]] || { echo "$script: no such file: $f" >&2; exit 2; }
  done
}

show_file() {  # LABEL FILE: print a captured stream, indented, marking emptiness
  if [[ -s $2 ]]; then
    echo "  --- $1 ---"
    sed 's/^/  | /' "$2" | head -n 40
  else
    echo "  --- $1: (empty) ---"
  fi
}

fail() {  # MESSAGE...: record a failure with the last command and its output
  failures=$((failures + 1))
  echo "FAIL: $*"
  echo "  command: $LAST_CMD"
  show_file stdout "$OUT"
  show_file stderr "$ERR"
}

ok() { checks=$((checks + 1)); }

# expect_exit CODE -- CMD...: run CMD (stdout to $OUT, stderr to $ERR) and
# check its exit status. CODE may list alternatives: '2|124'.
expect_exit() {
  local want=$1
  [[ $2 == -- ]] || { echo "expect_exit: usage: expect_exit CODE -- CMD..." >&2; exit 2; }
  shift 2
  LAST_CMD=$(printf '%q ' "$@")
  "$@" >"$OUT" 2>"$ERR"
  local got=$?
  if [[ "|$want|" != *"|$got|"* ]]; then
    fail "expected exit status $want, got $got"
  else
    ok
  fi
}

# The error contract: exactly one newline-terminated line on stderr, starting
# "numstab: error:".
expect_one_line_stderr() {
  local lines
  lines=$(wc -l <"$ERR")
  if [[ $lines -ne 1 || -n $(tail -c 1 "$ERR") ]]; then
    fail "expected exactly one newline-terminated line on stderr, got $lines newline(s)"
  elif ! head -n 1 "$ERR" | grep -q '^numstab: error: '; then
    fail "expected stderr to start with 'numstab: error: ', got: $(head -n 1 "$ERR")"
  else
    ok
  fi
}

expect_empty_stdout() {
  if [[ -s $OUT ]]; then fail "expected nothing on stdout"; else ok; fi
}

expect_empty_stderr() {
  if [[ -s $ERR ]]; then fail "expected nothing on stderr"; else ok; fi
}

# expect_usage_error CMD...: exit 2, the one-line error, nothing on stdout.
expect_usage_error() {
  expect_exit 2 -- "$@"
  expect_one_line_stderr
  expect_empty_stdout
}

# expect_stdout_has ERE: some line of stdout matches the extended regex.
expect_stdout_has() {
  if grep -Eq -- "$1" "$OUT"; then ok; else fail "expected a stdout line matching /$1/"; fi
}

expect_stdout_lacks() {
  if grep -Eq -- "$1" "$OUT"; then fail "expected no stdout line matching /$1/"; else ok; fi
}

# expect_stderr_has FIXED-STRING: stderr mentions it (an error names its cause).
expect_stderr_has() {
  if grep -Fq -- "$1" "$ERR"; then ok; else fail "expected stderr to mention '$1'"; fi
}

# expect_file_has FILE ERE
expect_file_has() {
  if grep -Eq -- "$2" "$1"; then ok; else fail "expected $1 to match /$2/"; fi
}

# expect_eq WHAT EXPECTED GOT
expect_eq() {
  if [[ $2 == "$3" ]]; then ok; else fail "$1: expected '$2', got '$3'"; fi
}

# cli_checks_run SCRIPT DEFAULT_SCENARIOS... -- [SCENARIO...]: runs the given
# scenarios (the defaults when none is given), "ok: S" or "FAILED: S" for each,
# and exits 1 if any check failed, 2 on an unknown scenario.
cli_checks_run() {
  local script=$1 s before
  shift
  local defaults=()
  while [[ $# -gt 0 && $1 != -- ]]; do defaults+=("$1"); shift; done
  [[ ${1:-} == -- ]] && shift
  [[ $# -gt 0 ]] || set -- "${defaults[@]}"
  # Nothing to run is a usage error, never a pass.
  [[ $# -gt 0 ]] || { echo "$script: no scenario to run" >&2; exit 2; }
  for s in "$@"; do
    if ! declare -F "scenario_$s" >/dev/null; then
      echo "$script: unknown scenario '$s'" >&2
      exit 2
    fi
    before=$failures
    "scenario_$s"
    if [[ $failures -eq $before ]]; then echo "ok: $s"; else echo "FAILED: $s"; fi
  done
  echo "$checks checks passed, $failures failed"
  [[ $failures -eq 0 ]] || exit 1
  exit 0
}
