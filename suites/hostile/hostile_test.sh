#!/usr/bin/env bash
# Hostile kernels and files end in a named FAIL (exit 1) or one clear error
# (exit 2), never in exit 0: each scenario checks the exit status and the line.
#
#   hostile_test.sh NUMSTAB LIBHOSTILE_KERNELS [SCENARIO...]
# (libnumstab_ctor_exit.so and the other fixture libraries lie beside it)
set -u
# shellcheck source=../cli_checks.sh
source "$(dirname "${BASH_SOURCE[0]}")/../cli_checks.sh"
cli_checks_setup hostile_test.sh LIB hostile "$@"
DIR=$(dirname "$LIB")
CTOR_EXIT=$DIR/libnumstab_ctor_exit.so
CTOR_ABORT=$DIR/libnumstab_ctor_abort.so
FINI_EXIT=$DIR/libnumstab_fini_exit.so
cli_checks_files hostile_test.sh "$CTOR_EXIT" "$CTOR_ABORT" "$FINI_EXIT"

CERTIFY=(certify --op tanh --format f32 --range 0.5:1.5 --samples 2000 --max-ulp 4)
OLD_RECORD='{"op": "tanh", "verdict": "pass"}'

# stderr is exactly one newline-terminated line matching the ERE.
expect_one_stderr_line() {
  local lines
  lines=$(wc -l <"$ERR")
  if [[ $lines -ne 1 || -n $(tail -c 1 "$ERR") ]]; then
    fail "expected exactly one line on stderr, got $lines"
  elif ! grep -Eq -- "$1" "$ERR"; then
    fail "expected the stderr line to match /$1/"
  else
    ok
  fi
}

expect_no_file() {
  if [[ -e $1 ]]; then fail "expected $1 to be gone (a stale record), it holds: $(head -c 100 "$1")"; else ok; fi
}

# A kernel that exits (0) in the middle of the sweep: a named FAIL, and an
# older record at the --json path does not survive as this run's.
# On one thread the worker's end is exactly the kernel's exit(0). On several,
# exit() runs static destructors (libtorch's among them) while other threads
# are still in kernels, so the worker may die of a signal instead: still a
# named failure, never a pass.
scenario_exit_during_sweep() {
  local sym
  for sym in exit0_tanhf underscore_exit0_tanhf; do
    echo "$OLD_RECORD" >"$WORK/record.json"
    expect_exit 1 -- "$NUMSTAB" "${CERTIFY[@]}" --threads 1 --kernel "$LIB:$sym" --json "$WORK/record.json"
    expect_one_stderr_line "^numstab: FAIL: kernel $LIB:$sym ended numstab's worker during the run: exited with status 0\$"
    expect_empty_stdout
    expect_no_file "$WORK/record.json"
    expect_exit 2 -- "$NUMSTAB" measure --op tanh --format f32 --range 0.5:1.5 --threads 1 --kernel "$LIB:$sym"
    expect_one_stderr_line "^numstab: error: kernel $LIB:$sym ended numstab's worker during the run: exited with status 0\$"
    expect_exit 2 -- "$NUMSTAB" measure --op tanh --format f32 --range 0.5:1.5 --threads 2 --kernel "$LIB:$sym"
    expect_one_stderr_line "^numstab: error: kernel $LIB:$sym ended numstab's worker during the run: (exited with status 0|killed by signal SIG[A-Z]+ \\(.*\\))\$"
  done
}

scenario_exit_during_sweep_isolated() {
  local sym
  for sym in exit0_tanhf underscore_exit0_tanhf; do
    echo "$OLD_RECORD" >"$WORK/record.json"
    expect_exit 1 -- "$NUMSTAB" "${CERTIFY[@]}" --kernel "$LIB:$sym" --isolate --json "$WORK/record.json"
    expect_one_stderr_line "^numstab: FAIL: kernel exited with status 0 at input 0x1p\\+0 \\(1\\) \\(block of 2000 inputs "
    expect_no_file "$WORK/record.json"
  done
}

# The library's constructor ends (or aborts) the process that loads it.
scenario_constructor_ends_loader() {
  local iso
  for iso in "" --isolate; do
    expect_exit 1 -- "$NUMSTAB" "${CERTIFY[@]}" --kernel "$CTOR_EXIT:plain_tanhf" $iso
    expect_one_stderr_line "^numstab: FAIL: kernel $CTOR_EXIT:plain_tanhf ended numstab's worker during the run: exited with status 0\$"
    expect_exit 1 -- "$NUMSTAB" "${CERTIFY[@]}" --kernel "$CTOR_ABORT:plain_tanhf" $iso
    expect_one_stderr_line "^numstab: FAIL: kernel $CTOR_ABORT:plain_tanhf ended numstab's worker during the run: killed by signal SIGABRT \\(Aborted\\)\$"
  done
}

# A wrong kernel (off by 0.25) whose library's destructor calls _exit(0) at
# process exit: the verdict is FAIL, and so is the exit status.
scenario_destructor_turns_fail_into_pass() {
  echo "$OLD_RECORD" >"$WORK/record.json"
  expect_exit 1 -- "$NUMSTAB" "${CERTIFY[@]}" --kernel "$FINI_EXIT:wrong_tanhf" --json "$WORK/record.json"
  expect_one_stderr_line "^numstab: FAIL: kernel $FINI_EXIT:wrong_tanhf ended numstab's worker after the run had ended with status 1: exited with status 0\$"
  expect_no_file "$WORK/record.json"
}

# alive PID: the process exists and is not a zombie.
alive() { [[ -d /proc/$1 ]] && ! grep -q '^State:.*Z' "/proc/$1/status" 2>/dev/null; }

# expect_gone PID WHAT: up to 5 s for PID to end; a check either way.
expect_gone() {
  local i
  for ((i = 0; i < 50; ++i)); do
    alive "$1" || { ok; return; }
    sleep 0.1
  done
  fail "process $1 ($2) still running"
  kill -9 "$1" 2>/dev/null
}

# A kernel that forks a sleeper on its first call: the sleeper ends with the run.
scenario_sleeper_killed_on_the_way_out() {
  local iso pid
  for iso in "" --isolate; do
    rm -f "$WORK/sleeper"
    expect_exit 0 -- env HOSTILE_SLEEPER_PID="$WORK/sleeper" "$NUMSTAB" "${CERTIFY[@]}" --kernel "$LIB:forking_tanhf" $iso
    pid=$(cat "$WORK/sleeper" 2>/dev/null)
    if [[ -z $pid ]]; then fail "the kernel wrote no sleeper pid"; continue; fi
    expect_gone "$pid" "the kernel's sleeper, run ${iso:-without --isolate}"
  done
}

# numstab killed (SIGTERM, SIGKILL) while the kernel hangs: nothing it started
# (worker, isolated child, the kernel's sleeper) keeps running.
scenario_sleeper_killed_with_numstab() {
  local iso sig pid sleeper i
  for iso in "" --isolate; do
    for sig in TERM KILL; do
      rm -f "$WORK/sleeper"
      LAST_CMD="numstab ${CERTIFY[*]} --kernel $LIB:forking_hang_tanhf $iso, then kill -$sig"
      HOSTILE_SLEEPER_PID="$WORK/sleeper" "$NUMSTAB" "${CERTIFY[@]}" --kernel "$LIB:forking_hang_tanhf" $iso \
        --threads 1 --block-timeout 600 >"$OUT" 2>"$ERR" &
      pid=$!
      for ((i = 0; i < 100; ++i)); do [[ -s $WORK/sleeper ]] && break; sleep 0.1; done
      sleep 0.2  # the sweep reaches x = 1 and hangs there
      sleeper=$(cat "$WORK/sleeper" 2>/dev/null)
      # Every process of the run: numstab's descendants, listed before the kill.
      local family
      family=$(ps -e -o pid=,ppid= | awk -v root="$pid" '
        { parent[$1] = $2 } END { n = 1; keep[root] = 1; changed = 1
          while (changed) { changed = 0; for (p in parent) if (!(p in keep) && (parent[p] in keep)) { keep[p] = 1; changed = 1 } }
          for (p in keep) if (p != root) print p }')
      kill -"$sig" "$pid"
      wait "$pid" 2>/dev/null
      if [[ -z $sleeper ]]; then fail "the kernel wrote no sleeper pid ($sig${iso:+, $iso})"; continue; fi
      expect_gone "$sleeper" "the kernel's sleeper after kill -$sig${iso:+ with $iso}"
      local p
      for p in $family; do expect_gone "$p" "a process of the run after kill -$sig${iso:+ with $iso}"; done
    done
  done
}

# A data object given as a kernel: one line naming it before any work (a
# call would crash), with and without --isolate, and for gradcheck too.
scenario_data_symbol_as_kernel() {
  local iso
  for iso in "" --isolate; do
    expect_usage_error "$NUMSTAB" "${CERTIFY[@]}" --kernel "$LIB:data_tanhf" $iso
    expect_stderr_has "--kernel '$LIB:data_tanhf': 'data_tanhf' in '$LIB' is a data object, not a function"
  done
  expect_usage_error "$NUMSTAB" gradcheck --op softmax --format f32 --kernel "$LIB:data_tanhf"
  expect_stderr_has "'data_tanhf' in '$LIB' is a data object, not a function"
}

# A kernel that crashes numstab's own process (no --isolate): one line naming
# the kernel and the signal, never a silent death.
scenario_crash_without_isolate() {
  expect_exit 1 -- "$NUMSTAB" "${CERTIFY[@]}" --kernel "$LIB:segv_tanhf"
  expect_one_stderr_line "^numstab: FAIL: kernel $LIB:segv_tanhf ended numstab's worker during the run: killed by signal SIGSEGV \\(Segmentation fault\\)\$"
  expect_exit 2 -- "$NUMSTAB" measure --op tanh --format f32 --range 0.5:1.5 --kernel "$LIB:fpe_tanhf"
  expect_one_stderr_line "^numstab: error: kernel $LIB:fpe_tanhf ended numstab's worker during the run: killed by signal SIGFPE \\(Floating point exception\\)\$"
}

BATCH=(certify --op tanh --format f32 --range 0.5:1.5 --samples 2000 --max-ulp 4 --abi batch)
BLOCK="on the block of 2000 inputs from 0x1p-1 \\(0\\.5\\) to 0x1\\.c6e08cp-1 \\(0\\.8884319\\)\$"

# A batch kernel that writes 4 values past (or 1 before) its output buffer,
# with and without --isolate: a named FAIL, never the PASS its outputs earn.
scenario_batch_overrun() {
  local iso
  for iso in "" --isolate; do
    expect_exit 1 -- "$NUMSTAB" "${BATCH[@]}" --kernel "$LIB:overrun_tanhf" $iso
    expect_one_stderr_line "^numstab: FAIL: kernel $LIB:overrun_tanhf wrote past the end of its output buffer \\(16 of the [0-9]+ bytes after y\\[1999\\] changed\\) $BLOCK"
    expect_empty_stdout
    expect_exit 1 -- "$NUMSTAB" "${BATCH[@]}" --kernel "$LIB:underrun_tanhf" $iso
    expect_one_stderr_line "^numstab: FAIL: kernel $LIB:underrun_tanhf wrote before the start of its output buffer \\(4 bytes before y\\[0\\] changed\\) $BLOCK"
  done
}

# A kernel that zeroes its const inputs and answers tanh(0) = 0.
scenario_batch_writes_its_inputs() {
  expect_exit 1 -- "$NUMSTAB" "${BATCH[@]}" --kernel "$LIB:tamper_tanhf"
  expect_one_stderr_line "^numstab: FAIL: kernel $LIB:tamper_tanhf wrote into its input buffer \\(declared const\\) $BLOCK"
}

# A kernel that writes nothing: every output reads as NaN (a nonfinite
# mismatch), never as what the buffer held from another call.
scenario_batch_writes_nothing() {
  expect_exit 1 -- "$NUMSTAB" "${BATCH[@]}" --kernel "$LIB:lazy_tanhf" --json "$WORK/lazy.json"
  expect_file_has "$WORK/lazy.json" '"nonfinite": 2000'
  expect_file_has "$WORK/lazy.json" '"verdict": "fail"'
  # Lazy on every other call, over 8192 inputs on one thread (the 4096 seeds,
  # then blocks of 2048): exactly the 4096 inputs of the lazy calls read as
  # NaN, none as a value an earlier call left in the buffer.
  expect_exit 1 -- "$NUMSTAB" certify --op tanh --format f32 --range 0x1p-1:0x1.003ffep-1 --exhaustive \
    --threads 1 --abi batch --max-ulp 4 --kernel "$LIB:lazy_every_other_tanhf" --json "$WORK/lazy2.json"
  expect_file_has "$WORK/lazy2.json" '"inputs": 8192'
  expect_file_has "$WORK/lazy2.json" '"nonfinite": 4096'
}

# A kernel with right outputs that leaves the thread's rounding mode (toward
# +inf) and flush-to-zero / denormals-are-zero set after each call: the judge
# computes in numstab's environment, so the record is that of the same outputs
# from a well-behaved kernel (the kernel's name aside), timing fields aside.
scenario_fp_environment_left_changed() {
  local sym
  for sym in plain_tanhf fpenv_tanhf; do
    expect_exit 0 -- "$NUMSTAB" certify --op tanh --format f32 --range -0x1p-20:2 --samples 20000 --max-ulp 4 \
      --kernel "$LIB:$sym" --json "$WORK/$sym.json"
    sed -e "s/$sym/SYMBOL/g" -e '/"seconds"/d' "$WORK/$sym.json" | awk '
      /"oracle_tiers"/ { skip = 1 } !skip { print } skip && /}/ { skip = 0 }' >"$WORK/$sym.kept"
  done
  if cmp -s "$WORK/plain_tanhf.kept" "$WORK/fpenv_tanhf.kept"; then ok
  else fail "records differ: $(diff "$WORK/plain_tanhf.kept" "$WORK/fpenv_tanhf.kept" | head -n 20)"; fi
}

# Numeric arguments refused before any work: one line each, exit 2.
scenario_numeric_arguments() {
  expect_usage_error "$NUMSTAB" "${CERTIFY[@]}" --seed 99999999999999999999999
  expect_stderr_has "does not fit in 64 bits"
  expect_usage_error "$NUMSTAB" "${CERTIFY[@]}" --counterexamples -1
  expect_stderr_has "must not be negative"
  expect_usage_error "$NUMSTAB" certify --op leaky_relu --format f32 --samples 100 --max-ulp 1 --param alpha=nan
  expect_stderr_has "--param alpha: 'nan' is not a finite number"
  expect_usage_error "$NUMSTAB" certify --op elu --format f32 --samples 100 --max-ulp 1 --param alpha=inf
  expect_stderr_has "--param alpha: 'inf' is not a finite number"
  expect_usage_error "$NUMSTAB" certify --op hardtanh --format f32 --samples 100 --max-ulp 1 --param min_val=1 --param max_val=-1
  expect_stderr_has "'hardtanh' needs min_val < max_val"
  expect_usage_error "$NUMSTAB" measure --op softplus --format f32 --samples 100 --param beta=0
  expect_stderr_has "'softplus' needs beta > 0"
  expect_usage_error "$NUMSTAB" diverge --L 1e300 --mu 1e-300
  expect_stderr_has "diverge: L / mu = 1e+300 / 1e-300 overflows"
  expect_usage_error "$NUMSTAB" report --op tanh --quick --tolerance nan --out "$WORK/report"
  expect_usage_error "$NUMSTAB" report --op tanh --quick --relative-tolerance -1 --out "$WORK/report"
}

NPY_FIXTURE=$DIR/../data/npy_fixture
BELONGS="belongs to another run (op, format, kernel library, data file, inputs or options differ); remove it or name another file"

# A checkpoint of a run on a --data file, resumed after the file was replaced
# by one with the same inputs (only three outputs moved 1000 ULP): refused,
# never the first file's PASS.
scenario_checkpoint_other_data() {
  cli_checks_files hostile_test.sh "$NPY_FIXTURE"
  "$NPY_FIXTURE" "$WORK" >/dev/null || { fail "npy_fixture failed"; return; }
  local args=(certify --op tanh --format f32 --max-ulp 1 --checkpoint "$WORK/data.ckpt" --data "$WORK/rows.npy")
  cp "$WORK/tanh_f32.npy" "$WORK/rows.npy"
  expect_exit 0 -- "$NUMSTAB" "${args[@]}"
  expect_exit 0 -- "$NUMSTAB" "${args[@]}"  # the same file: resumes
  cp "$WORK/tanh_f32_perturbed.npy" "$WORK/rows.npy"
  expect_usage_error "$NUMSTAB" "${args[@]}"
  expect_stderr_has "checkpoint '$WORK/data.ckpt' $BELONGS"
}

# The kernel library rebuilt (here: one byte appended) between two runs.
scenario_checkpoint_rebuilt_library() {
  cp "$LIB" "$WORK/libkernel.so"
  local args=("${CERTIFY[@]}" --kernel "$WORK/libkernel.so:plain_tanhf" --checkpoint "$WORK/lib.ckpt")
  expect_exit 0 -- "$NUMSTAB" "${args[@]}"
  expect_exit 0 -- "$NUMSTAB" "${args[@]}"  # unchanged: resumes
  printf '\0' >>"$WORK/libkernel.so"
  expect_usage_error "$NUMSTAB" "${args[@]}"
  expect_stderr_has "checkpoint '$WORK/lib.ckpt' $BELONGS"
}

# A chunk line edited (its violations set to 0): refused by its checksum.
scenario_checkpoint_edited_line() {
  local args=(certify --op tanh --format f32 --range 0.5:1.5 --samples 2000 --max-ulp 0.5
              --kernel "$LIB:plain_tanhf" --checkpoint "$WORK/edit.ckpt")
  expect_exit 1 -- "$NUMSTAB" "${args[@]}"
  if ! grep -q '"violations":[1-9]' "$WORK/edit.ckpt"; then fail "no chunk with violations to edit"; return; fi
  sed -i 's/"violations":[0-9]*/"violations":0/' "$WORK/edit.ckpt"
  expect_usage_error "$NUMSTAB" "${args[@]}"
  expect_stderr_has "checkpoint '$WORK/edit.ckpt' line 2 fails its checksum (edited or corrupted)"
}

# Paths that cannot hold a checkpoint: one line, exit 2, before any work.
scenario_checkpoint_unusable_paths() {
  local path
  mkdir -p "$WORK/a_folder"
  for path in /dev/full /dev/zero "$WORK/a_folder"; do
    expect_usage_error "$NUMSTAB" "${CERTIFY[@]}" --kernel "$LIB:plain_tanhf" --checkpoint "$path"
    expect_stderr_has "checkpoint '$path' is not a regular file"
  done
  expect_usage_error "$NUMSTAB" "${CERTIFY[@]}" --kernel "$LIB:plain_tanhf" --checkpoint "$WORK/no/such/folder/ck"
  expect_stderr_has "cannot write checkpoint '$WORK/no/such/folder/ck': No such file or directory"
  echo "not a checkpoint" >"$WORK/text.ckpt"
  expect_usage_error "$NUMSTAB" "${CERTIFY[@]}" --kernel "$LIB:plain_tanhf" --checkpoint "$WORK/text.ckpt"
  expect_stderr_has "'$WORK/text.ckpt' is not a numstab checkpoint of this version"
}

cli_checks_run hostile_test.sh -- "${SCENARIOS[@]}"
