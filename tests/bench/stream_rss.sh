#!/bin/sh
# Peak memory of `glean --jsonl` over a long stream, generated on the fly
# (tests/bench/stream_gen.lua) and piped in; output discarded. Memory must
# stay flat whatever the stream length. Usage: sh tests/bench/stream_rss.sh [MB...]
# (default 100 300). Prints per size: bench stream-<MB>MB <peak> MB peak, <rate> MB/s, exit <code>
# (exit 1 is expected: the stream has a broken line every 1000 lines).
cd "$(dirname "$0")/../.." || exit 1
mkdir -p build
for mb in ${*:-100 300}; do
  start=$(date +%s.%N)
  lua5.4 tests/bench/stream_gen.lua "$mb" |
    /usr/bin/time -f '%M %x' -o build/stream-rss.out bin/glean --jsonl -q >/dev/null
  end=$(date +%s.%N)
  read -r kb code <<EOT
$(tail -1 build/stream-rss.out)
EOT
  awk -v mb="$mb" -v kb="$kb" -v s="$start" -v e="$end" -v c="$code" 'BEGIN {
    printf "bench stream-%dMB %.1f MB peak, %.2f MB/s, exit %s\n", mb, kb / 1024, mb / (e - s), c }'
done
