#!/usr/bin/env bash
# Builds the libFuzzer targets and the sanitized numstab (targets/) with clang
# under ASan+UBSan, or runs each fuzz target for SECONDS over the seed corpus
# (corpus/<target>/, never written to: new inputs go to a scratch copy). A run
# exits 0 only when every target ran its time with no finding; a finding's
# input is kept in BUILD/findings/ and printed.
#
#   run_fuzz.sh build SOURCE_DIR BUILD_DIR CORE_LIBRARY OPENMP_LIBRARY VERSION
#   run_fuzz.sh run SOURCE_DIR BUILD_DIR SECONDS [TARGET...]
#
# ctest runs both (suites/fuzz/CMakeLists.txt); by hand, after a build of build/:
#   bash suites/fuzz/run_fuzz.sh build "$PWD" build/fuzz build/libnumstab_core.a \
#     /usr/lib/gcc/x86_64-linux-gnu/12/libgomp.so 0.1.0
#   bash suites/fuzz/run_fuzz.sh run "$PWD" build/fuzz 60 fuzz_npy
set -uo pipefail

usage() {
  echo "usage: run_fuzz.sh build SOURCE_DIR BUILD_DIR CORE_LIBRARY OPENMP_LIBRARY VERSION" >&2
  echo "       run_fuzz.sh run SOURCE_DIR BUILD_DIR SECONDS [TARGET...]" >&2
  exit 2
}
all_targets=(fuzz_npy fuzz_checkpoint fuzz_kernel_set fuzz_baseline fuzz_library_records fuzz_cli)
die() { echo "run_fuzz.sh: $*" >&2; exit 2; }
mode=${1:-}
shift || usage

# --- build: configure once, rebuild always (the build system decides staleness)
if [[ $mode == build ]]; then
  [[ $# -eq 5 ]] || usage
  src=$1 build=$2 core=$3 openmp=$4 version=$5
  command -v clang++ >/dev/null || die "clang++ not found (Debian: apt-get install clang libclang-rt-14-dev)"
  [[ -f $core ]] || die "no such file: $core (build the main project first)"
  mkdir -p "$build"
  cfg=(-S "$src/suites/fuzz/targets" -B "$build" -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=None
       -DNUMSTAB_SOURCE_DIR="$src" -DNUMSTAB_CORE_LIBRARY="$core"
       -DNUMSTAB_OPENMP_LIBRARY="$openmp" -DNUMSTAB_VERSION="$version")
  command -v ccache >/dev/null && [[ -n ${CCACHE_DIR:-} ]] && cfg+=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  start=$SECONDS
  if [[ ! -f $build/CMakeCache.txt ]]; then
    cmake "${cfg[@]}" >"$build/configure.log" 2>&1 || { tail -n 30 "$build/configure.log"; die "configure failed"; }
  fi
  cmake --build "$build" -j"$(nproc)" --target "${all_targets[@]}" numstab_sanitized >"$build/build.log" 2>&1 \
    || { grep -E 'error|Error' "$build/build.log" | head -n 30; die "build failed (log: $build/build.log)"; }
  echo "built ${#all_targets[@]} fuzz targets and numstab_sanitized in $((SECONDS - start)) s"
  exit 0
fi

[[ $mode == run && $# -ge 3 ]] || usage
src=$1 build=$2 seconds=$3
shift 3
targets=("$@")
((${#targets[@]})) || targets=("${all_targets[@]}")
here="$src/suites/fuzz"
for t in "${targets[@]}"; do
  [[ -x $build/$t ]] || die "no fuzz target $build/$t (run_fuzz.sh build first)"
done
start=$SECONDS

# --- run: two at a time (CI has two cores), each for $seconds
work=$(mktemp -d "${TMPDIR:-/tmp}/numstab-fuzz-run.XXXXXX")
trap 'rm -rf "$work"' EXIT
findings="$build/findings"
rm -rf "$findings"
mkdir -p "$findings"
export ASAN_OPTIONS="abort_on_error=1:detect_leaks=1:strict_string_checks=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"

run_target() {
  local t=$1 name=${1#fuzz_}
  [[ -d $here/corpus/$name ]] || { echo "$t: no seed corpus in $here/corpus/$name" >"$work/$t.log"; return 2; }
  mkdir -p "$work/$t.corpus"
  # -close_fd_mask=3: the readers' error lines are not findings; libFuzzer and
  # the sanitizers keep their own copy of stderr for reports.
  TMPDIR="$work" "$build/$t" "$work/$t.corpus" "$here/corpus/$name" \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=8192 \
    -close_fd_mask=3 -print_final_stats=1 -artifact_prefix="$findings/$t-" >"$work/$t.log" 2>&1
}

status=0
for ((i = 0; i < ${#targets[@]}; i += 2)); do
  pids=()
  for t in "${targets[@]:i:2}"; do
    run_target "$t" &
    pids+=("$!:$t")
  done
  for p in "${pids[@]}"; do
    t=${p#*:}
    if wait "${p%%:*}"; then
      runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/$t.log")
      echo "ok: $t ran ${seconds} s, ${runs:-?} inputs, no finding"
    else
      status=1
      echo "FINDING: $t (log below; input kept in $findings/)"
      grep -v '^#[0-9]' "$work/$t.log" | tail -n 60
    fi
  done
done
for f in "$findings"/*; do
  [[ -e $f ]] || continue
  status=1
  echo "finding input $f:"
  od -c "$f" | head -n 20
done
echo "fuzzing took $((SECONDS - start)) s in all"
exit "$status"
