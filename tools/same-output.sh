#!/usr/bin/env bash
# Proof that a refactoring changed no output: run two kehoach binaries on every
# fixture input and compare everything they write, byte for byte.
#
#   tools/same-output.sh BEFORE_BIN AFTER_BIN
#
# Inputs: fixtures/inputs/*, fixtures/docx/*, fixtures/html/*, the seeds
# (../shared/seeds/*.txt) and fixtures/hostile/*. Outputs compared: the JSON
# of `extract` (with --review pages and the xlsx/csv/ics/ndjson exports), its
# standard output and exit status; `repair` (plain, --explain, --model eng,
# --scan degraded) on each seed; `export` of the JSON folder in both UI
# languages; `schema`. Standard error is compared with timings removed.
#
# The scanned fixtures are OCRed (minutes): JOBS (default 2) sets --jobs.
# The BEFORE binary's outputs are kept in $CACHE (default
# ${TMPDIR:-/tmp}/same-output-<sha256 of BEFORE_BIN>), so running the script
# after each step only runs AFTER. Exit 0 when all files are identical,
# 1 on any difference, 2 on usage errors.
set -euo pipefail

if [ $# -ne 2 ] || [ ! -x "$1" ] || [ ! -x "$2" ]; then
  echo "usage: $0 BEFORE_BIN AFTER_BIN (both executable)" >&2
  exit 2
fi
before=$(realpath "$1")
after=$(realpath "$2")
root=$(cd "$(dirname "$0")/.." && pwd)
jobs=${JOBS:-2}
cache=${CACHE:-${TMPDIR:-/tmp}/same-output-$(sha256sum "$before" | cut -c1-16)}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cd "$root"
shopt -s nullglob
inputs=(fixtures/inputs/* fixtures/docx/* fixtures/html/* fixtures/hostile/*.pdf ../shared/seeds/*.txt)
seeds=(../shared/seeds/*.txt)
if [ ${#seeds[@]} -eq 0 ]; then
  echo "no seeds in ../shared/seeds" >&2
  exit 2
fi

# Standard error names the output folder, which differs between the two
# runs, and workers finish in any order: the folder is replaced and the
# lines sorted. Timings are removed.
scrub() {
  sed -E -e "s#$2#<out>#g" -e 's/[0-9]+(\.[0-9]+)? ?(ms|s|µs|min)\b/<t>/g' "$1" |
    LC_ALL=C sort >"$1.scrubbed"
  rm "$1"
}

# run BIN OUT: every output of BIN into folder OUT.
run() {
  local bin=$1 out=$2 rc
  mkdir -p "$out"
  rc=0
  "$bin" extract --jobs "$jobs" --force --progress never --review -o "$out/json" \
    --xlsx "$out/extract.xlsx" --csv "$out/extract.csv" --ics "$out/extract.ics" \
    --ndjson "$out/extract.ndjson" "${inputs[@]}" >"$out/extract.stdout" 2>"$out/extract.stderr" || rc=$?
  echo "$rc" >"$out/extract.rc"
  scrub "$out/extract.stderr" "$out"
  for seed in "${seeds[@]}"; do
    local name
    name=$(basename "$seed" .txt)
    "$bin" repair "$seed" >"$out/repair-$name.txt"
    "$bin" repair --explain "$seed" >"$out/repair-$name.explain"
    "$bin" repair --model eng "$seed" >"$out/repair-$name.eng.txt"
    "$bin" repair --scan degraded "$seed" >"$out/repair-$name.degraded.txt"
  done
  "$bin" repair <"${seeds[0]}" >"$out/repair-stdin.txt"
  for lang in vi en; do
    rc=0
    "$bin" export --ui-lang "$lang" --xlsx "$out/export-$lang.xlsx" --csv "$out/export-$lang.csv" \
      --ics "$out/export-$lang.ics" --ndjson "$out/export-$lang.ndjson" "$out/json" \
      >"$out/export-$lang.stdout" 2>"$out/export-$lang.stderr" || rc=$?
    echo "$rc" >"$out/export-$lang.rc"
    scrub "$out/export-$lang.stderr" "$out"
  done
  "$bin" schema >"$out/schema.json"
}

if [ ! -f "$cache/.done" ]; then
  echo "running BEFORE ($before) into $cache" >&2
  rm -rf "$cache"
  run "$before" "$cache"
  touch "$cache/.done"
fi
echo "running AFTER ($after)" >&2
run "$after" "$work/after"

compared=0
differ=0
while IFS= read -r -d '' file; do
  rel=${file#"$cache"/}
  compared=$((compared + 1))
  if ! cmp -s "$file" "$work/after/$rel"; then
    echo "DIFFERENT: $rel" >&2
    differ=$((differ + 1))
  fi
done < <(find "$cache" -type f ! -name .done -print0 | sort -z)
# A file only AFTER wrote is a difference too.
while IFS= read -r -d '' file; do
  rel=${file#"$work/after"/}
  if [ ! -e "$cache/$rel" ]; then
    echo "ONLY AFTER: $rel" >&2
    differ=$((differ + 1))
  fi
done < <(find "$work/after" -type f -print0 | sort -z)

echo "$compared files compared, $differ differences"
[ "$differ" -eq 0 ]
