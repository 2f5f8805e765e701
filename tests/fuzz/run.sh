#!/bin/sh
# Runs libFuzzer targets. Usage: sh tests/fuzz/run.sh SECONDS BINARY...
# For each target: first replays its saved regressions
# (tests/fuzz/regress/<target>/*), then fuzzes for SECONDS from a corpus in
# build/fuzz/corpus/<target> seeded with tests/fuzz/seeds/<target>/*.
# A crash leaves its input in build/fuzz/crash-<target>-*; copy it to
# tests/fuzz/regress/<target>/ once fixed. Ends "fuzz: N passed, N failed".
cd "$(dirname "$0")/../.." || exit 1
secs=$1; shift
pass=0; fail=0
for bin in "$@"; do
  name=$(basename "$bin")
  corpus=build/fuzz/corpus/$name
  mkdir -p "$corpus"
  [ -d "tests/fuzz/seeds/$name" ] && cp -n tests/fuzz/seeds/"$name"/* "$corpus"/ 2>/dev/null
  if [ -d "tests/fuzz/regress/$name" ] && [ -n "$(ls "tests/fuzz/regress/$name")" ]; then
    if "$bin" tests/fuzz/regress/"$name"/* >"build/fuzz/$name.regress.log" 2>&1; then
      pass=$((pass + 1))
    else
      fail=$((fail + 1)); echo "$name: a saved regression fails:"
      tail -30 "build/fuzz/$name.regress.log"
    fi
  fi
  start=$(date +%s)
  # -timeout: one input running over 10 s is a hang; -rss_limit_mb: a
  # blow-up in memory is a bug too. Inputs up to 4 KB reach every path.
  if "$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
      -max_len=4096 -print_final_stats=1 \
      -artifact_prefix="build/fuzz/crash-$name-" "$corpus" \
      >"build/fuzz/$name.log" 2>&1; then
    pass=$((pass + 1))
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "build/fuzz/$name.log" | grep -o '[0-9]*$')
    cov=$(grep -o 'cov: [0-9]*' "build/fuzz/$name.log" | tail -1)
    echo "$name: ${secs}s ($(( $(date +%s) - start ))s wall), $runs runs, $cov, $(ls "$corpus" | wc -l) corpus inputs"
  else
    fail=$((fail + 1))
    echo "$name: FAILED, see build/fuzz/$name.log:"
    grep -E 'ERROR|invariant|SUMMARY|Test unit written' "build/fuzz/$name.log" | head -10
  fi
done
echo "fuzz: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
