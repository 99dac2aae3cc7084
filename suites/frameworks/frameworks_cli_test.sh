#!/usr/bin/env bash
# The framework kernels through the CLI: each ISA path named in the record as
# the one that ran, the record's framework fields, and bad names as one line
# with exit status 2. Usage: frameworks_cli_test.sh NUMSTAB
set -uo pipefail
numstab=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
field() { python3 -c "import json,sys; r=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))" "$@"; }

# One process per ISA: ATen and oneDNN each choose theirs once per process.
for isa in default avx2; do
  "$numstab" certify --op tanh --format f32 --kernel torch --isa $isa --max-ulp 4 --samples 2000 \
    --json "$tmp/torch_$isa.json" >/dev/null || fail "torch tanh --isa $isa: certify exited $?"
  [[ $(field "$tmp/torch_$isa.json" "r['framework']['isa']") == "$isa" ]] || fail "torch --isa $isa: record names another path"
done
[[ $(field "$tmp/torch_avx2.json" "r['framework']['call']") == "at::tanh(x)" ]] || fail "torch tanh: record's call"
for isa in sse41 avx2; do
  "$numstab" certify --op tanh --format f32 --kernel onednn --isa $isa --max-ulp 4 --samples 2000 \
    --json "$tmp/onednn_$isa.json" >/dev/null || fail "onednn tanh --isa $isa: certify exited $?"
  [[ $(field "$tmp/onednn_$isa.json" "r['framework']['implementation']") == "jit:$isa" ]] \
    || fail "onednn --isa $isa: implementation is not jit:$isa"
done
[[ $(field "$tmp/onednn_avx2.json" "r['framework']['version']") == 2.6.3 ]] || fail "onednn version"
# Left to itself oneDNN runs the best path the machine has (avx512_core_bf16 on
# some): the record names it as dnnl_types.h does, never as a bare enum value.
"$numstab" certify --op tanh --format f32 --kernel onednn --max-ulp 4 --samples 2000 \
  --json "$tmp/onednn_best.json" >/dev/null || fail "onednn tanh, no --isa: certify exited $?"
best=$(field "$tmp/onednn_best.json" "r['framework']['isa']")
[[ $best =~ ^(sse41|avx|avx2|avx2_vnni|avx512_core|avx512_core_vnni|avx512_core_bf16|avx512_core_amx|avx512_mic|avx512_mic_4ops)$ ]] \
  || fail "onednn, no --isa: record names the path '$best'"

# The threshold PyTorch's softplus uses is in the record, not hidden.
"$numstab" measure --op softplus --format f32 --kernel torch --samples 1000 --json "$tmp/sp.json" >/dev/null
field "$tmp/sp.json" "r['framework']['framework_choice']" | grep -q "threshold=20" || fail "softplus threshold not recorded"

# Without the position pass the record says so instead of a count.
"$numstab" measure --op tanh --format f32 --kernel onednn --samples 500 --no-position-check --json "$tmp/np.json" >/dev/null
field "$tmp/np.json" "r['framework']['position_dependence']" | grep -q "not checked" || fail "--no-position-check not recorded"
"$numstab" measure --op tanh --format f32 --kernel onednn --samples 500 --json "$tmp/p.json" >/dev/null
[[ $(field "$tmp/p.json" "r['framework']['position_dependence']['inputs']") == 500 ]] || fail "position pass: not over the 500 inputs"

# Bad names: exit 2, one line on stderr.
bad() {
  "$numstab" certify --max-ulp 4 --samples 100 "$@" >/dev/null 2>"$tmp/err"
  local status=$?
  ((status == 2)) || fail "$*: exit $status, not 2"
  (($(wc -l <"$tmp/err") == 1)) || fail "$*: stderr is not one line: $(cat "$tmp/err")"
}
bad --op softsign --format f32 --kernel torch
bad --op selu --format f32 --kernel onednn
bad --op gelu --format f64 --kernel onednn
bad --op gelu --format f32 --kernel torch --isa avx9
bad --op gelu --format f32 --kernel onednn --isa avx2_and_more
grep -q "known: sse41, avx, avx2, avx512_core)" "$tmp/err" || fail "onednn --isa: the message lists the paths --isa offers"
bad --op gelu --format f32 --kernel torch --position middle
bad --op gelu --format f32 --isa avx2
bad --op gelu --format f32 --no-position-check
grep -q "softsign" <("$numstab" certify --max-ulp 4 --op softsign --format f32 --kernel torch 2>&1) \
  || fail "missing op: the message does not name it"

# gradcheck --kernel torch|onednn: the framework's forward and its own VJP,
# the calls and path in the record; mixed or missing kernels are one line, exit 2.
"$numstab" gradcheck --op softmax --format f32 --kernel torch --isa avx2 --cases 20 --json "$tmp/g.json" >/dev/null \
  || fail "gradcheck torch softmax exited $?"
[[ $(field "$tmp/g.json" "r['framework']['call'] + ' ' + r['grad_kernel']") == "at::softmax(x, 0) torch" ]] \
  || fail "gradcheck torch softmax: record's framework call or grad kernel"
"$numstab" gradcheck --op log_softmax --format f32 --kernel onednn --cases 20 --json "$tmp/g2.json" >/dev/null
[[ $(field "$tmp/g2.json" "r['framework']['vjp_call']") == "softmax_v2_backward on the forward's dst" ]] \
  || fail "gradcheck onednn log_softmax: record's VJP call"
bad_gradcheck() {
  "$numstab" gradcheck --cases 5 "$@" >/dev/null 2>"$tmp/err"
  local status=$?
  ((status == 2)) || fail "gradcheck $*: exit $status, not 2"
  (($(wc -l <"$tmp/err") == 1)) || fail "gradcheck $*: stderr is not one line: $(cat "$tmp/err")"
}
bad_gradcheck --op logsumexp --format f32 --kernel onednn
bad_gradcheck --op layernorm --format f32 --kernel torch
bad_gradcheck --op softmax --format f32 --kernel torch --grad-kernel onednn
bad_gradcheck --op softmax --format f32 --grad-kernel torch
bad_gradcheck --op softmax --format f32 --isa avx2
bad_gradcheck --op softmax --format f64 --kernel onednn

# list --kernels: both frameworks, text and JSON.
grep -q -- '^--kernel onednn' <<<"$("$numstab" list --kernels)" || fail "list --kernels: no onednn"
"$numstab" list --kernels --json | python3 -c "import json,sys; d=json.load(sys.stdin); assert {f['kernel'] for f in d['frameworks']} == {'torch','onednn'}" \
  || fail "list --kernels --json"

# The frameworks' module (numstab_frameworks.so: libtorch, oneDNN) is loaded
# only when a framework is named: the dynamic loader's own log says which
# libraries a run opened.
loaded() { local pattern=$1; shift; LD_DEBUG=files "$numstab" "$@" 2>&1 >/dev/null | grep -c -- "$pattern"; }
(($(loaded 'file=libtorch_cpu' measure --op tanh --format bf16 --exhaustive) == 0)) \
  || fail "a run naming no framework loaded libtorch"
(($(loaded 'file=libtorch_cpu.*needed by .*/numstab_frameworks\.so' measure --op tanh --format bf16 --kernel torch --samples 100) > 0)) \
  || fail "--kernel torch: libtorch not loaded through numstab_frameworks.so"
grep -q '^frameworks module: /.*/numstab_frameworks\.so$' <<<"$("$numstab" list --kernels)" \
  || fail "list --kernels: no 'frameworks module:' line naming the file loaded"
[[ $("$numstab" list --kernels --json | python3 -c "import json,sys; print(json.load(sys.stdin)['module'])") == */numstab_frameworks.so ]] \
  || fail "list --kernels --json: no module path"
# A module that cannot be loaded, or is not numstab's: exit 2, one line naming
# the file and the reason.
module_error() {
  local module=$1 reason=$2
  NUMSTAB_FRAMEWORKS_MODULE=$module "$numstab" measure --op tanh --format f32 --kernel torch --samples 10 >/dev/null 2>"$tmp/err"
  local status=$?
  ((status == 2)) || fail "module $module: exit $status, not 2"
  (($(wc -l <"$tmp/err") == 1)) || fail "module $module: stderr is not one line: $(cat "$tmp/err")"
  grep -q "cannot load numstab_frameworks.so ($module: $reason" "$tmp/err" || fail "module $module: message '$(cat "$tmp/err")'"
}
module_error "$tmp/absent.so" "no such file"
echo "not a library" >"$tmp/text.so"
module_error "$tmp/text.so" "$tmp/text.so: file too short"
module_error "$(ldd "$numstab" | awk '/libm\.so/ {print $3}')" "not a numstab frameworks module of version 1"

((failures == 0)) && echo "frameworks_cli: all checks passed"
exit $((failures > 0))
