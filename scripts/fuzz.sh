#!/usr/bin/env bash
# Run each cargo-fuzz target for SECONDS (default 600), one after another,
# starting from the committed seeds (fuzz/seeds/T) and growing a local corpus
# (fuzz/corpus/T, not committed). Prints libFuzzer's final statistics per
# target; a crash stops the run with its reproducer in fuzz/artifacts/T.
# Needs a nightly toolchain and cargo-fuzz (`make fuzz` installs the latter).
set -euo pipefail
secs=${1:-600}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(repair records header source)
cd "$(dirname "$0")/../fuzz"
mkdir -p logs
for t in "${targets[@]}"; do
  mkdir -p "corpus/$t"
  max_len=4096
  [ "$t" = source ] && max_len=65536
  echo "== $t: ${secs} s"
  cargo +nightly fuzz run -O "$t" "corpus/$t" "seeds/$t" -- \
    -max_total_time="$secs" -max_len="$max_len" -rss_limit_mb=2048 -timeout=30 \
    -print_final_stats=1 >"logs/$t.log" 2>&1 || { tail -40 "logs/$t.log"; exit 1; }
  grep -E "^stat::(number_of_executed_units|average_exec_per_sec|new_units_added|peak_rss_mb)|^Done" "logs/$t.log"
  echo "corpus: $(ls "corpus/$t" | wc -l) inputs"
done
