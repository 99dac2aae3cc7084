#!/bin/bash
# A refactoring that must not change behaviour, shown: the quick report's
# report.json (timing fields such as "seconds" dropped), the catalog and the
# diverge outputs of two numstab binaries are byte-identical.
#   bash suites/optim/report_unchanged.sh BEFORE AFTER [WORKDIR]
# BEFORE and AFTER are numstab binaries (a copy of the one built before the
# change, and the new one); WORKDIR (default: a temporary folder) keeps their
# outputs. A report folder already written by `numstab report --quick
# --no-plots` (one holding report.json) can stand in for a binary: its report
# is then not rerun and only report.json is compared.
# Exit 0: identical; 1: a difference (the diff is printed); 2: bad usage.
set -u
[ $# -ge 2 ] || { echo "usage: $0 BEFORE AFTER [WORKDIR]" >&2; exit 2; }
work=${3:-$(mktemp -d)}
mkdir -p "$work"

# report.json as written, and without timing fields for when the raw files
# differ: every key containing "seconds" dropped, numbers kept as the text
# they were written as (parsing them as doubles could hide a difference in
# the last digit), one value a line with its path.
copy_report() {
  cp "$1" "$2/report.json"
  python3 - "$1" > "$2/report.untimed" <<'PY'
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

# Everything one binary produces that the comparison covers, into folder $2.
outputs_of() {
  local source=$1 out=$2
  mkdir -p "$out"
  if [ -d "$source" ]; then
    copy_report "$source/report.json" "$out"
    return
  fi
  "$source" report --quick --no-plots --out "$out/report" > "$out/report.log" 2>&1 ||
    { echo "$source report failed (see $out/report.log)" >&2; exit 2; }
  copy_report "$out/report/report.json" "$out"
  "$source" list > "$out/list.txt"
  "$source" list --json > "$out/list.json"
  "$source" diverge --optimizer sgd --L 10 > "$out/diverge_gd.txt"
  "$source" diverge --optimizer sgd --param momentum=0.9 --param nesterov=1 --L 10 --format f32 --json - \
    > "$out/diverge_nesterov.json"
  "$source" diverge --optimizer lamb --L 10 > "$out/diverge_unknown.txt" 2>&1
  echo "exit $?" >> "$out/diverge_unknown.txt"
}

outputs_of "$1" "$work/before"
outputs_of "$2" "$work/after"
status=0
for f in "$work/before"/*.json "$work/before"/*.txt; do
  name=$(basename "$f")
  [ -f "$work/after/$name" ] || continue  # a report folder stood in for one side: report.json only
  if cmp -s "$f" "$work/after/$name"; then
    echo "identical: $name"
  elif [ "$name" = report.json ] && cmp -s "$work/before/report.untimed" "$work/after/report.untimed"; then
    echo "identical apart from timing fields: $name"
  else
    echo "DIFFERENT: $name"
    diff "$f" "$work/after/$name" | head -40
    status=1
  fi
done
exit $status
