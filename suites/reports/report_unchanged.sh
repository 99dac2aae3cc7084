#!/bin/bash
# A change that must not change behaviour, shown: the quick report's
# report.json (timing fields such as "seconds", should it hold any, dropped),
# the catalog (`list`, `list --json`) and the diverge outputs of two numstab
# binaries are byte-identical.
#   bash suites/reports/report_unchanged.sh BEFORE AFTER [WORKDIR]
#   bash suites/reports/report_unchanged.sh --write BINARY DIR
# BEFORE and AFTER are numstab binaries (a copy of the one built before the
# change, and the new one); WORKDIR (default: a temporary folder) keeps their
# outputs. A folder of outputs can stand in for BEFORE: the committed
# reports/quick_outputs/ (what ctest report_unchanged compares the build
# with), or a report folder written by `numstab report --quick --no-plots`
# (then only its report.json is compared). `--write` writes BINARY's outputs
# into DIR, which is how reports/quick_outputs/ is regenerated after a change
# that is meant to change them.
# Exit 0: identical; 1: a difference (the diff is printed); 2: bad usage.
set -u
usage() { echo "usage: $0 BEFORE AFTER [WORKDIR] | --write BINARY DIR" >&2; exit 2; }

# report.json without timing fields, for when the raw files differ: every key
# containing "seconds" dropped, numbers kept as the text they were written as
# (parsing them as doubles could hide a difference in the last digit), one
# value a line with its path.
untimed() {
  python3 - "$1" <<'PY'
import json, sys
def walk(x, path):
    if isinstance(x, dict):
        for k in sorted(x):
            if "seconds" not in k:
                walk(x[k], path + "/" + k)
    elif isinstance(x, list):
        for i, v in enumerate(x):
            walk(v, f"{path}[{i}]")
    else:
        print(path, x if isinstance(x, str) else json.dumps(x))
walk(json.load(open(sys.argv[1]), parse_float=str, parse_int=str), "")
PY
}

COMPARED="report.json list.txt list.json diverge_gd.txt diverge_nesterov.json diverge_unknown.txt"

# Everything a binary produces that the comparison covers, into folder $2.
run_binary() {
  local binary=$1 out=$2
  mkdir -p "$out"
  "$binary" report --quick --no-plots --out "$out/report" > "$out/report.log" 2>&1 ||
    { echo "$binary report failed (see $out/report.log)" >&2; exit 2; }
  cp "$out/report/report.json" "$out/report.json"
  "$binary" list > "$out/list.txt"
  "$binary" list --json > "$out/list.json"
  "$binary" diverge --optimizer sgd --L 10 > "$out/diverge_gd.txt"
  "$binary" diverge --optimizer sgd --param momentum=0.9 --param nesterov=1 --L 10 --format f32 --json - \
    > "$out/diverge_nesterov.json"
  "$binary" diverge --optimizer lamb --L 10 > "$out/diverge_unknown.txt" 2>&1
  echo "exit $?" >> "$out/diverge_unknown.txt"
}

# The files compared, from a binary or from a folder standing in for one.
outputs_of() {
  local source=$1 out=$2
  if [ -d "$source" ]; then
    [ -f "$source/report.json" ] || { echo "$source holds no report.json" >&2; exit 2; }
    mkdir -p "$out"
    for name in $COMPARED; do
      [ -f "$source/$name" ] && cp "$source/$name" "$out/"
    done
  elif [ -x "$source" ]; then
    run_binary "$source" "$out"
  else
    echo "$source is neither a numstab binary nor a folder of outputs" >&2; exit 2
  fi
  untimed "$out/report.json" > "$out/report.untimed" || { echo "$source: report.json is not JSON" >&2; exit 2; }
}

if [ "${1-}" = --write ]; then
  [ $# -eq 3 ] && [ -x "$2" ] || usage
  work=$(mktemp -d)
  run_binary "$2" "$work"
  mkdir -p "$3"
  for name in $COMPARED; do cp "$work/$name" "$3/"; done
  rm -r "$work"
  echo "wrote $(ls "$3" | tr '\n' ' ')to $3"
  exit 0
fi
[ $# -ge 2 ] || usage
work=${3:-$(mktemp -d)}
rm -rf "$work/before" "$work/after"
outputs_of "$1" "$work/before"
outputs_of "$2" "$work/after"
status=0
for name in $COMPARED; do
  f=$work/before/$name
  [ -f "$f" ] && [ -f "$work/after/$name" ] || continue  # a report folder stood in for one side: report.json only
  if cmp -s "$f" "$work/after/$name"; then
    echo "identical: $name"
  elif [ "$name" = report.json ] && cmp -s "$work/before/report.untimed" "$work/after/report.untimed"; then
    echo "identical apart from timing fields: $name"
  else
    echo "DIFFERENT: $name"
    if [ "$name" = report.json ]; then
      diff "$work/before/report.untimed" "$work/after/report.untimed" | head -40
    else
      diff "$f" "$work/after/$name" | head -40
    fi
    status=1
  fi
done
if [ $status -ne 0 ] && [ -d "$1" ]; then
  echo "if the change is meant to change these outputs: bash $0 --write AFTER $1 (and say so in the commit)"
fi
exit $status
