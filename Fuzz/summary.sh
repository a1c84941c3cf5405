#!/bin/sh
# Prints the figures of the last `make fuzz` (or Fuzz/run.sh) runs as a Markdown table, from .build-fuzz/TARGET.log:
# executions, executions per second, coverage (libFuzzer's cov: edges and ft: features), the corpus it ended with.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
echo "| target | seconds | executions | exec/s | cov | ft | corpus (files) |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
for target in $("$root/Fuzz/run.sh" --list); do
    log="$root/.build-fuzz/$target.log"
    [ -f "$log" ] || continue
    done_line=$(grep 'DONE  *cov:' "$log" | tail -n 1)
    [ -n "$done_line" ] || { echo "| $target | (no final statistics: crashed or stopped) |||||| "; continue; }
    runs=$(echo "$done_line" | sed -n 's/^#\([0-9]*\).*/\1/p')
    cov=$(echo "$done_line" | sed -n 's/.* cov: \([0-9]*\).*/\1/p')
    ft=$(echo "$done_line" | sed -n 's/.* ft: \([0-9]*\).*/\1/p')
    corpus=$(echo "$done_line" | sed -n 's/.* corp: \([0-9]*\)\/.*/\1/p')
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
    seconds=$(sed -n 's/^fuzz seconds: //p' "$log")
    echo "| $target | ${seconds:-?} | $runs | $rate | $cov | $ft | $corpus |"
done
