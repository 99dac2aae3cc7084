#!/bin/bash
# The installed package from a user's side: `cmake --install` into a fresh
# prefix, then examples/consumer (a separate project: find_package(numstab),
# numstab::testing) configured, built and run against it. Its good kernels
# must pass with their figures in gtest's XML, its deliberately bad one must
# fail with numstab's counterexamples, and the installed CLI must read the
# prefix's own data files.
#
# usage: consumer_test.sh BUILD_DIR CONSUMER_SOURCE_DIR CMAKE CXX_COMPILER
source "$(dirname "$0")/../cli_checks.sh"
[[ $# -eq 4 ]] || { echo "usage: $0 BUILD_DIR CONSUMER_SOURCE_DIR CMAKE CXX_COMPILER" >&2; exit 2; }
BUILD=$1 CONSUMER=$2 CMAKE=$3 CXX=$4
cli_checks_init package
PREFIX=$WORK/prefix

# Stops at the first step that failed: the next ones would only repeat it.
step() {
  local before=$failures
  expect_exit 0 -- "$@"
  [[ $failures -eq $before ]] || { echo "$checks checks passed, $failures failed"; exit 1; }
}

step "$CMAKE" --install "$BUILD" --prefix "$PREFIX"
for f in bin/numstab include/numstab/testing.hpp include/numstab/certify.hpp lib/libnumstab_core.a \
         lib/cmake/numstab/numstabConfig.cmake lib/cmake/numstab/numstabConfigVersion.cmake \
         lib/cmake/numstab/numstabTargets.cmake share/numstab/oracles/tanh/tanh.wc \
         lib/numstab/numstab_frameworks.so; do
  if [[ -f $PREFIX/$f ]]; then ok; else fail "the install holds no $f"; fi
done

# The installed CLI reads its prefix's data files, not the source tree's: a
# broken hard-input file there must break it (then the file is restored).
cp "$PREFIX/share/numstab/oracles/tanh/tanh.wc" "$WORK/tanh.wc"
echo "not-a-number" >>"$PREFIX/share/numstab/oracles/tanh/tanh.wc"
expect_usage_error "$PREFIX/bin/numstab" measure --op tanh --format f32 --samples 100
expect_stderr_has "$PREFIX/share/numstab/oracles/tanh/tanh.wc"
cp "$WORK/tanh.wc" "$PREFIX/share/numstab/oracles/tanh/tanh.wc"
expect_exit 0 -- "$PREFIX/bin/numstab" certify --op tanh --format f32 --kernel libm.so.6:tanhf --max-ulp 2.5 --samples 1000

# The installed CLI loads the prefix's frameworks module, not the build tree's.
expect_exit 0 -- "$PREFIX/bin/numstab" list --kernels
expect_stdout_has "frameworks module: $PREFIX/lib/numstab/numstab_frameworks.so"
expect_exit 0 -- "$PREFIX/bin/numstab" certify --op tanh --format bf16 --kernel torch --max-ulp 1 --exhaustive

# A user's project, configured only with the prefix.
step "$CMAKE" -S "$CONSUMER" -B "$WORK/consumer" -DCMAKE_PREFIX_PATH="$PREFIX" \
  -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_COMPILER="$CXX"
step "$CMAKE" --build "$WORK/consumer" -j2
TESTS=$WORK/consumer/kernel_tests

expect_exit 0 -- "$TESTS" --gtest_filter=-NaiveTanh.* --gtest_output=xml:"$WORK/good.xml"
expect_stdout_has '^\[  PASSED  \] 7 tests'
# Figures of a passing certification are test properties in the XML.
for figure in max_ulp mean_ulp worst_input; do
  expect_file_has "$WORK/good.xml" "name=\"numstab\\.tanh\\.f32\\.$figure\" value=\"[^\"]+\""
done
expect_file_has "$WORK/good.xml" 'name="numstab\.sigmoid\.bf16\.max_ulp"'

# The installed library, like the CLI, reads the prefix's data files.
echo "not-a-number" >>"$PREFIX/share/numstab/oracles/tanh/tanh.wc"
expect_exit 1 -- "$TESTS" --gtest_filter=GlibcTanhf.WithinTwoAndAHalfUlp
expect_stdout_has "numstab: error: .*$PREFIX/share/numstab/oracles/tanh/tanh.wc"
cp "$WORK/tanh.wc" "$PREFIX/share/numstab/oracles/tanh/tanh.wc"

# The deliberately bad kernel fails, and says where, as `numstab certify` does.
expect_exit 1 -- "$TESTS" --gtest_filter=NaiveTanh.*
expect_stdout_has '^\[  FAILED  \] NaiveTanh\.FailsAtFourUlp'
expect_stdout_has 'verdict: FAIL \(bound 4 ULP; [0-9]+ violating inputs\)'
expect_stdout_has '^  first counterexamples:'
expect_stdout_has '^  x = -?0x[0-9a-f.p+-]+ \([-0-9.e]+\)  got -?0x[0-9a-f.p+-]+ \([-0-9.e]+\)  exact -?0x[0-9a-f.p+-]+ \([-0-9.e]+\)  [0-9.e+]+ ULP$'
expect_stdout_has '^  max_ulp [0-9.e+]+ at x = '

echo "$checks checks passed, $failures failed"
[[ $failures -eq 0 ]]
