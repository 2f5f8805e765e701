#!/bin/sh
# Throughput and peak memory of the whole `glean --jsonl` process over
# about 10 MB of JSON Lines (the eval files when present, else ours).
in=build/bench-input.jsonl
: >"$in"
src=$(ls ../shared/eval/*.jsonl 2>/dev/null)
if [ -z "$src" ]; then
  for f in tests/golden/*.txt; do
    lua5.4 -e 'local t=io.read("a"); io.write(require("glean.json").encode({text=t}), "\n")' \
      <"$f" >>"$in"
  done
  src=$in.base; cp "$in" "$src"; : >"$in"
fi
while [ "$(wc -c <"$in")" -lt 10000000 ]; do cat $src >>"$in"; done
bytes=$(wc -c <"$in")
start=$(date +%s.%N)
/usr/bin/time -f '%M' -o build/bench-cli.rss bin/glean --jsonl <"$in" >/dev/null
end=$(date +%s.%N)
awk -v b="$bytes" -v s="$start" -v e="$end" \
  'BEGIN { printf "bench cli-jsonl %.1f MB/s\n", b / 1048576 / (e - s) }'
awk '{ printf "bench cli-peak-rss %.1f MB\n", $1 / 1024 }' build/bench-cli.rss
