#!/bin/bash
# The hard-input files the search tool wrote are what it writes today: each is
# regenerated with the sample counts and seed its header states and compared
# byte for byte.
#   bash hard_inputs_reproduced.sh TOOL ORACLES_DIR OP...
# Exit 0: all identical; 1: a file differs (the diff is printed); 2: bad usage.
set -u
[ $# -ge 3 ] || { echo "usage: $0 TOOL ORACLES_DIR OP..." >&2; exit 2; }
tool=$1 dir=$2
shift 2
status=0
for op in "$@"; do
  file=$(ls "$dir"/*/"$op".wc 2>/dev/null | head -1)
  [ -n "$file" ] || { echo "FAIL: no $op.wc under $dir"; status=1; continue; }
  header=$(grep '^#' "$file" | tr '\n' ' ')
  count() { awk 'BEGIN { printf "%d", ARGV[1] + 0 }' "$1"; }  # "1e5" -> 100000
  f32=$(count "$(grep -oP 'f32 over (# )?\K[0-9e]+' <<< "$header")")
  f64=$(count "$(grep -oP 'f64 over (# )?\K[0-9e]+' <<< "$header")")
  seed=$(grep -oP 'seed \K[0-9]+' <<< "$header")
  if "$tool" "$op" "$f32" "$f64" 3 "$seed" | diff "$file" - > /tmp/hard_inputs_$$.diff; then
    echo "identical: $file (f32 $f32, f64 $f64, seed $seed)"
  else
    echo "FAIL: $file is not what the search writes:"
    cat /tmp/hard_inputs_$$.diff
    status=1
  fi
  rm -f /tmp/hard_inputs_$$.diff
done
exit $status
