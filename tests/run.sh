#!/bin/sh
# Runs the test suites and ends with one line "N passed, N failed".
# Usage: sh tests/run.sh [c|lua|luajit|nvim]...   (default: all)
# Every suite prints lines "<name>: N passed, N failed"; this sums them.
cd "$(dirname "$0")/.." || exit 1
suites=${*:-c lua luajit nvim}
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0

run() {  # run <label> <command...>
  label=$1; shift
  if "$@" >"$log.out" 2>&1; then :; else status=1; fi
  cat "$log.out"
  if ! grep -Eq '^[A-Za-z0-9_./-]+: [0-9]+ passed, [0-9]+ failed' "$log.out"; then
    echo "$label: 0 passed, 1 failed (suite did not report)"; status=1
    echo "x: 0 passed, 1 failed" >>"$log"
  fi
  grep -E '^[A-Za-z0-9_./-]+: [0-9]+ passed, [0-9]+ failed' "$log.out" >>"$log"
  rm -f "$log.out"
}

for s in $suites; do
  case $s in
    c)
      for t in build/tests/test_*; do [ -x "$t" ] && run "$t" "$t"; done ;;
    lua)
      run specs-lua5.4 sh tests/busted.sh lua5.4 'build/lua5.4/?.so' ;;
    luajit)
      run specs-luajit sh tests/busted.sh luajit 'lua/?.so' ;;
    nvim)
      if command -v nvim >/dev/null && [ -f tests/nvim/run.lua ]; then
        run nvim nvim --headless -u NONE -c 'luafile tests/nvim/run.lua'
      else
        echo "nvim: skipped (nvim or tests/nvim missing)"
      fi ;;
  esac
done

awk -F': ' '{ split($2, a, " "); p += a[1]; f += a[3] }
  END { printf "%d passed, %d failed\n", p, f }' "$log"
[ $status -eq 0 ]
