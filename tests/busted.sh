#!/bin/sh
# Runs the Lua specs under one interpreter with busted and reports
# "specs-<lua>: N passed, N failed". Usage: sh tests/busted.sh LUA CPATH
# Paths go through the environment: busted --lua=X re-runs itself through
# sh, which would split a --lpath value at its semicolons.
lua=$1
unset LUA_PATH_5_4 LUA_CPATH_5_4
LUA_PATH='lua/?.lua;lua/?/init.lua;./?.lua;;' LUA_CPATH="$2;;" \
  busted --lua="$lua" -o TAP tests/spec >build/specs-$lua.out 2>&1
rc=$?
grep -v '^ok ' build/specs-$lua.out
p=$(grep -c '^ok ' build/specs-$lua.out)
f=$(grep -c '^not ok' build/specs-$lua.out)
[ $rc -ne 0 ] && [ "$f" -eq 0 ] && f=1   # a spec file that failed to load
echo "specs-$lua: $p passed, $f failed"
[ $rc -eq 0 ]
