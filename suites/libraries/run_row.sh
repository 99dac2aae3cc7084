#!/usr/bin/env bash
# One row of the third-party library suites: numstab certify on one library
# function, its record written where the report reads it, and its exit status
# held to what the row expects.
# Usage: run_row.sh NUMSTAB EXPECT RECORD -- CERTIFY-ARGS...
#   EXPECT pass: certify must exit 0 (within the documented bound, no mismatch);
#   EXPECT fail: a known violation (reports/kernel_sets/libraries.json says
#   why): certify must exit 1 with verdict "fail" in its record, so the test
#   fails the day the library meets its bound again and the row can be cleared.
# certify prints max, mean and the worst input on success too.
set -uo pipefail
numstab=$1 expect=$2 record=$3
shift 3
[[ "${1:-}" == "--" ]] && shift
mkdir -p "$(dirname "$record")"
rm -f "$record"
"$numstab" certify "$@" --json "$record"
status=$?
if [[ ! -s "$record" ]]; then
  echo "run_row: certify exited $status and wrote no record $record" >&2
  exit 1
fi
verdict=$(grep -o '"verdict": *"[a-z]*"' "$record" | grep -o '"[a-z]*"$' | tr -d '"')
case "$expect" in
  pass)
    if ((status == 0)) && [[ "$verdict" == pass ]]; then exit 0; fi
    echo "run_row: expected pass, certify exited $status (verdict '$verdict')" >&2
    exit 1 ;;
  fail)
    if ((status == 1)) && [[ "$verdict" == fail ]]; then
      echo "run_row: known violation reproduced (verdict fail, as recorded in libraries.json)"
      exit 0
    fi
    echo "run_row: expected the recorded violation, certify exited $status (verdict '$verdict')" >&2
    exit 1 ;;
  *)
    echo "run_row: EXPECT must be pass or fail, not '$expect'" >&2
    exit 2 ;;
esac
