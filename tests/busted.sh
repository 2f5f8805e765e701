#!/bin/sh
# Runs the Lua specs under one interpreter with busted and reports
# "specs-<lua>: N passed, N failed". Usage: sh tests/busted.sh LUA CPATH
lua=$1 cpath=$2
out=$(busted --lua="$lua" -o TAP --lpath='lua/?.lua;lua/?/init.lua' \
  --cpath="$cpath" tests/spec 2>&1)
rc=$?
printf '%s\n' "$out" | grep -v '^ok ' 
p=$(printf '%s\n' "$out" | grep -c '^ok ')
f=$(printf '%s\n' "$out" | grep -c '^not ok')
[ $rc -ne 0 ] && [ "$f" -eq 0 ] && f=1   # a spec file that failed to load
echo "specs-$lua: $p passed, $f failed"
[ $rc -eq 0 ]
