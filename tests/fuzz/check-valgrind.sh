#!/bin/sh
# Runs the Lua specs (Lua 5.4, the normal module) under valgrind memcheck:
# invalid reads/writes, uses of uninitialised memory, and memory the
# module loses (definitely or indirectly lost) all fail the run. Errors
# inside PCRE2's JIT code are suppressed (tests/fuzz/valgrind.supp).
# Usage: sh tests/fuzz/check-valgrind.sh [SPEC...]  (default: every spec)
# Ends with "check-valgrind: N passed, N failed".
cd "$(dirname "$0")/../.." || exit 1
specs=${*:-tests/spec}
out=build/valgrind.log
unset LUA_PATH_5_4 LUA_CPATH_5_4
# busted is started through lua5.4 directly (no --lua re-exec), so every
# spec runs in the one process valgrind watches. Processes the specs start
# (cli_spec runs bin/glean) are not traced.
LUA_PATH='lua/?.lua;lua/?/init.lua;./?.lua;;' LUA_CPATH='build/lua5.4/?.so;;' \
  valgrind -q --suppressions=tests/fuzz/valgrind.supp --error-exitcode=99 \
    --leak-check=full --errors-for-leak-kinds=definite,indirect \
    lua5.4 "$(command -v busted)" -o TAP $specs >"$out" 2>&1
rc=$?
p=$(grep -c '^ok ' "$out")
f=$(grep -c '^not ok' "$out")
grep -v '^ok ' "$out" | grep -v '^1\.\.' | head -60
if [ $rc -ne 0 ] && [ "$f" -eq 0 ]; then f=1; echo "valgrind: errors (exit $rc), see $out"; fi
echo "check-valgrind: $p passed, $f failed"
[ $rc -eq 0 ]
