#!/usr/bin/env bash
# Runs a CLI test script against numstab built under ASan+UBSan and fails when
# any process it started (numstab, its worker, an isolated child) wrote a
# sanitizer report, whatever the script's own verdict.
#
#   sanitized_run.sh SCRIPT ARGS...
#
# Reports go to files, not stderr: the scripts check stderr line by line, and
# an exit status alone cannot tell a report from a kernel's named FAIL.
# Signals stay numstab's: the hostile kernels crash on purpose, and the
# supervisor, not ASan, is what must name the crash.
set -uo pipefail
[[ $# -ge 1 ]] || { echo "usage: sanitized_run.sh SCRIPT ARGS..." >&2; exit 2; }
reports=$(mktemp -d "${TMPDIR:-/tmp}/numstab-sanitized.XXXXXX")
trap 'rm -rf "$reports"' EXIT
signals="handle_segv=0:handle_sigbus=0:handle_abort=0:handle_sigfpe=0:handle_sigill=0"
export ASAN_OPTIONS="log_path=$reports/report:detect_leaks=1:strict_string_checks=1:$signals"
export UBSAN_OPTIONS="log_path=$reports/report:print_stacktrace=1:halt_on_error=1"
bash "$@"
status=$?
found=0
for f in "$reports"/report*; do
  [[ -e $f ]] || continue
  found=1
  echo "sanitizer report $f:"
  head -n 80 "$f"
done
if ((found)); then
  echo "sanitized_run.sh: sanitizer reports above (the script said $status)"
  exit 1
fi
exit "$status"
