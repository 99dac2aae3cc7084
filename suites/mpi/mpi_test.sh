#!/usr/bin/env bash
# Sweeps shared between MPI ranks: `mpirun -n N numstab ...` gives the record
# of the run without MPI, byte for byte (timing aside), for N = 2 and 3; a rank
# that fails stops the run with one line naming it; --checkpoint resumes per
# rank after a rank is killed.
#
#   mpi_test.sh NUMSTAB MPIEXEC [SCENARIO...]
#
# Faults are injected with the test hook NUMSTAB_TEST_MPI_FAULT (src/mpi/session.cpp).

set -u

# shellcheck source=../cli_checks.sh
source "$(dirname "${BASH_SOURCE[0]}")/../cli_checks.sh"
cli_checks_setup mpi_test.sh MPIEXEC mpi-test "$@"

# -q: Open MPI's own banners off, so stderr is numstab's alone.
MPIRUN=("$MPIEXEC" -q --oversubscribe)
[[ $(id -u) -eq 0 ]] && MPIRUN+=(--allow-run-as-root)
# Shared memory without cross-memory attach: containers that forbid ptrace make
# it print warnings on stderr (the tests hold stderr to numstab's lines).
export OMPI_MCA_btl_vader_single_copy_mechanism=none
# No test may hang: a stuck run is a failure (status 124).
LIMIT=(timeout 120)

# Timing is not part of the comparison: the record's "seconds" and its
# "oracle_tiers" (how many inputs each tier judged depends on scheduling, as
# for threads), the "(... s)" of the text's first line and its "oracle:" line.
strip_record() { grep -v '"seconds"' "$1" | sed '/"oracle_tiers"/,/}/d'; }
strip_text() { sed 's/ ([0-9.]* s)$//; /^  oracle: /d' "$1"; }

# expect_same_runs WANT_STATUS ARGS...: ARGS without MPI, then under 2 and 3
# ranks; every record and text equal to the first.
expect_same_runs() {
  local want=$1
  shift
  expect_exit "$want" -- "${LIMIT[@]}" "$NUMSTAB" "$@" --json "$WORK/plain.json"
  cp "$OUT" "$WORK/plain.txt"
  [[ -s $WORK/plain.json ]] || fail "no record without MPI"
  local n
  for n in 2 3; do
    rm -f "$WORK/ranks.json"
    expect_exit "$want" -- "${LIMIT[@]}" "${MPIRUN[@]}" -n "$n" "$NUMSTAB" "$@" --json "$WORK/ranks.json"
    expect_empty_stderr
    if cmp -s <(strip_record "$WORK/plain.json") <(strip_record "$WORK/ranks.json"); then ok
    else fail "-n $n: the record differs from the run without MPI: $(diff <(strip_record "$WORK/plain.json") <(strip_record "$WORK/ranks.json") | head -n 6 | tr '\n' ' ')"; fi
    if cmp -s <(strip_text "$WORK/plain.txt") <(strip_text "$OUT"); then ok
    else fail "-n $n: the text output differs from the run without MPI"; fi
  done
}

LIBM_TANHF=(--op tanh --format f32 --kernel libm.so.6:tanhf --abi scalar)

# Exhaustive f32 sub-range, tiered oracle, a failing certify: counterexamples,
# violations and argmax must survive the merge of the ranks' chunks (257 of
# them) in chunk order; 600 counterexamples span the chunks of every rank. Two
# threads per rank: threads and ranks together.
scenario_certify_f32_range_failing() {
  expect_same_runs 1 certify "${LIBM_TANHF[@]}" --exhaustive --range 0.5:0.504 --max-ulp 0.5 --counterexamples 600 --threads 2
  expect_file_has "$WORK/plain.json" '"verdict": "fail"'
  expect_file_has "$WORK/plain.json" '"input": "0x1\.000002p-1"'
  # The tiered oracle decided most inputs (its self-checks ran on the merged record).
  expect_file_has "$WORK/plain.json" '"fast": [1-9][0-9]{4,}'
}

# The same row judged by MPFR at every input, a passing certify.
scenario_certify_f32_range_mpfr() {
  expect_same_runs 0 certify "${LIBM_TANHF[@]}" --exhaustive --range -0x1.01p-3:-0x1p-3 --max-ulp 2 --oracle mpfr --threads 1
  expect_file_has "$WORK/plain.json" '"verdict": "pass"'
}

# Sampled f32 (seeded inputs, stability column) and exhaustive bf16, failing.
scenario_measure_f32_samples() {
  expect_same_runs 0 measure --op sigmoid --format f32 --samples 30000 --seed 11 --stability --threads 1
}
scenario_certify_bf16_failing() {
  expect_same_runs 1 certify --op gelu --format bf16 --exhaustive --max-ulp 0.25 --threads 1
  expect_file_has "$WORK/plain.json" '"verdict": "fail"'
}

# report: rank 0 writes the same report.json (and text) as one process.
scenario_report() {
  local args=(report --op tanh --op relu6 --quick --no-plots --no-experiments --threads 1)
  expect_exit 0 -- "${LIMIT[@]}" "$NUMSTAB" "${args[@]}" --out "$WORK/plain"
  report_text() { sed "s|$WORK/[a-z]*/|DIR/|g; s/ ([^)]* s, [0-9]* threads)\$//" "$1"; }
  report_text "$OUT" >"$WORK/plain.txt"
  local n
  for n in 2 3; do
    rm -rf "$WORK/ranks"
    expect_exit 0 -- "${LIMIT[@]}" "${MPIRUN[@]}" -n "$n" "$NUMSTAB" "${args[@]}" --out "$WORK/ranks"
    expect_empty_stderr
    if cmp -s "$WORK/plain/report.json" "$WORK/ranks/report.json"; then ok
    else fail "-n $n: report.json differs from the run without MPI"; fi
    if cmp -s "$WORK/plain.txt" <(report_text "$OUT"); then ok
    else fail "-n $n: the report's table differs from the run without MPI"; fi
  done
  expect_file_has "$WORK/plain/report.json" '"op": "relu6"'
}

# A rank that throws: one line naming it, exit 2, and no other rank waits.
scenario_failing_rank() {
  local n
  for n in 2 3; do
    NUMSTAB_TEST_MPI_FAULT="throw:$((n - 1)):1" \
      expect_exit 2 -- "${LIMIT[@]}" "${MPIRUN[@]}" -n "$n" "$NUMSTAB" certify "${LIBM_TANHF[@]}" \
      --exhaustive --range 0.5:0.504 --max-ulp 1 --threads 1 --json "$WORK/none.json"
    expect_stderr_has "rank $((n - 1)): injected fault"
    expect_eq "stderr lines" 1 "$(wc -l <"$ERR")"
    [[ -e $WORK/none.json ]] && fail "a record was written by a failed run" || ok
  done
}

# The tiered sweep's self-check (the merged record against every MPFR
# judgement, src/tier/witness.hpp) sees the other ranks' judgements: one rank's
# witness claiming a larger error than the record's fails the run everywhere.
scenario_witness_checked_across_ranks() {
  NUMSTAB_TEST_MPI_FAULT=witness:1:2 \
    expect_exit 2 -- "${LIMIT[@]}" "${MPIRUN[@]}" -n 2 "$NUMSTAB" certify "${LIBM_TANHF[@]}" \
    --exhaustive --range 0.5:0.504 --max-ulp 1 --threads 1
  # Rank 0's own check failed (not rank 1's, relayed: "error: rank 1: internal error: ...").
  if grep -q '^numstab: internal error: .*the tiered sweep of tanh f32' "$ERR" && ! grep -q 'rank 1:' "$ERR"; then ok
  else fail "expected rank 0's own failed self-check on stderr"; fi
  expect_stderr_has "contradicts its own MPFR judgements: MPFR saw 1048576 ULP"
  expect_eq "stderr lines" 1 "$(wc -l <"$ERR")"
}

# A rank killed mid-sweep takes the run down (Open MPI names it); the rerun
# resumes each rank's chunks from FILE.rank<k> and gives the same record.
scenario_killed_rank_resumes() {
  local run=(certify "${LIBM_TANHF[@]}" --exhaustive --range 0.5:0.504 --max-ulp 1 --threads 1)
  expect_exit 1 -- "$NUMSTAB" "${run[@]}" --json "$WORK/plain.json"
  local loud=("$MPIEXEC" --oversubscribe)
  [[ $(id -u) -eq 0 ]] && loud+=(--allow-run-as-root)
  NUMSTAB_TEST_MPI_FAULT=kill:1:3 \
    expect_exit 137 -- "${LIMIT[@]}" "${loud[@]}" -n 2 "$NUMSTAB" "${run[@]}" --checkpoint "$WORK/ck" --json "$WORK/ranks.json"
  expect_stderr_has "process rank 1"
  # Rank 1 saved its first three chunks (header + 3 lines) before it died.
  expect_eq "lines of ck.rank1 after the kill" 4 "$(wc -l <"$WORK/ck.rank1")"
  expect_exit 1 -- "${LIMIT[@]}" "${MPIRUN[@]}" -n 2 "$NUMSTAB" "${run[@]}" --checkpoint "$WORK/ck" --json "$WORK/ranks.json"
  if cmp -s <(strip_record "$WORK/plain.json") <(strip_record "$WORK/ranks.json"); then ok
  else fail "the resumed record differs from the uninterrupted one"; fi
  # Each chunk is in exactly one file, once: the saved ones were not redone.
  local chunks lines
  chunks=$(cat "$WORK/ck.rank0" "$WORK/ck.rank1" | grep -o '"chunk":[0-9]*' | sort | uniq | wc -l)
  lines=$(cat "$WORK/ck.rank0" "$WORK/ck.rank1" | grep -c '"chunk":')
  expect_eq "chunk lines (each chunk once)" "$chunks" "$lines"
  expect_eq "chunks in the rank files" 257 "$chunks"
}

# One rank's own bad input (its checkpoint belongs to another run) is a usage
# error of the whole run: one line naming the rank and its file, exit 2.
scenario_one_rank_usage_error() {
  local run=(certify "${LIBM_TANHF[@]}" --exhaustive --range 0.5:0.504 --threads 1)
  expect_exit 1 -- "${LIMIT[@]}" "${MPIRUN[@]}" -n 2 "$NUMSTAB" "${run[@]}" --max-ulp 1 --checkpoint "$WORK/other"
  cp "$WORK/other.rank1" "$WORK/ck.rank1"
  expect_usage_error "${LIMIT[@]}" "${MPIRUN[@]}" -n 2 "$NUMSTAB" "${run[@]}" --max-ulp 2 --checkpoint "$WORK/ck"
  expect_stderr_has "rank 1: checkpoint '$WORK/ck.rank1' belongs to another run"
}

# Bad use under mpirun is still one line and exit 2.
scenario_bad_use() {
  expect_usage_error "${LIMIT[@]}" "${MPIRUN[@]}" -n 2 "$NUMSTAB" measure --op tanh --format f32 --threads -1
  expect_usage_error "${LIMIT[@]}" "${MPIRUN[@]}" -n 3 "$NUMSTAB" measure --op tanh --format f32 --threads 5000
  expect_usage_error "${LIMIT[@]}" "${MPIRUN[@]}" -n 2 "$NUMSTAB" certify --op nope --format f32 --max-ulp 1
  NUMSTAB_TEST_MPI_FAULT=bogus expect_usage_error "${LIMIT[@]}" "${MPIRUN[@]}" -n 2 "$NUMSTAB" measure --op tanh --format bf16
}

cli_checks_run mpi_test.sh certify_f32_range_failing certify_f32_range_mpfr measure_f32_samples \
  certify_bf16_failing report failing_rank witness_checked_across_ranks killed_rank_resumes one_rank_usage_error bad_use -- "${SCENARIOS[@]}"
