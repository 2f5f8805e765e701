#!/bin/sh
# Runs the sanitized C tests and the Lua specs against the sanitized
# module (see `make check-asan`). Usage: sh tests/fuzz/check-asan.sh CC TEST...
# The C tests are sanitized executables: ASan, UBSan and LeakSanitizer all
# apply. The specs run in the distribution's lua5.4, which is not
# sanitized: the ASan runtime is preloaded so it comes first, and leak
# detection is off there (the interpreter's own exit-time memory would be
# reported; `make check-valgrind` covers leaks of the module).
# Ends with "check-asan: N passed, N failed".
cd "$(dirname "$0")/../.." || exit 1
cc=$1; shift
libasan=$("$cc" -print-file-name=libasan.so)
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export GLEAN_TEST_CPATH='build/asan/lua5.4/?.so'
out=build/asan/out
mkdir -p "$out" build/tests  # test_lexicon writes its input files there
pass=0; fail=0

for t in "$@"; do
  name=$(basename "$t")
  if ASAN_OPTIONS=detect_leaks=1:halt_on_error=1 "$t" >"$out/$name.log" 2>&1; then
    pass=$((pass + 1))
  else
    fail=$((fail + 1)); echo "$name: FAILED under ASan/UBSan:"; tail -25 "$out/$name.log"
  fi
  grep -E '^[A-Za-z0-9_]+: [0-9]+ passed, [0-9]+ failed' "$out/$name.log" | sed 's/^/asan /'
done

# The specs, as tests/busted.sh runs them, with the sanitized module first.
unset LUA_PATH_5_4 LUA_CPATH_5_4
if LD_PRELOAD=$libasan ASAN_OPTIONS=detect_leaks=0:halt_on_error=1 \
    LUA_PATH='lua/?.lua;lua/?/init.lua;./?.lua;;' \
    LUA_CPATH='build/asan/lua5.4/?.so;;' \
    busted --lua=lua5.4 -o TAP tests/spec >"$out/specs.log" 2>&1; then
  pass=$((pass + 1))
else
  fail=$((fail + 1)); echo "specs: FAILED under ASan/UBSan:"
  grep -v '^ok ' "$out/specs.log" | tail -40
fi
# Any sanitizer report in the specs' output is a failure even if the
# process went on (a report inside a child process, for instance).
if grep -qE 'ERROR: AddressSanitizer|runtime error:' "$out/specs.log"; then
  fail=$((fail + 1)); echo "specs: sanitizer report:"
  grep -E -A10 'ERROR: AddressSanitizer|runtime error:' "$out/specs.log" | head -40
fi
echo "asan specs-lua5.4: $(grep -c '^ok ' "$out/specs.log") passed, $(grep -c '^not ok' "$out/specs.log") failed"
echo "check-asan: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
