#!/usr/bin/env bash
# What the documents cost beyond the JSON report (issue 17's speed lines), on the 1M-row export
# of `gen_bench` (`cargo run --release --example gen_bench`) and on a file of 1M rejected rows
# that this script writes:
#
#   cargo build --release -p persepsi-cli && bash benches/documents.sh [RUNS]
#
# 1. `compute --by service --series quarter` on target/bench-data/export-1m.csv as json, xlsx
#    and html, run in turn (json, xlsx, html, json, ...), RUNS times (default 5); prints each
#    format's best wall time and its difference from json's best.
# 2. The peak resident memory (GNU time's maximum RSS) of json and xlsx on a file whose 1M rows
#    are all rejected (an unknown unit): the `Ditolak` sheets are written in constant memory.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
exe=target/release/persepsi
data=target/bench-data
out=$(mktemp -d)
flags=(compute --by service --series quarter "$data/export-1m.csv")
best() { sort -n | head -n 1; }
secs() { # command... ; prints wall seconds
  local start end
  start=$(date +%s.%N)
  "$@" > /dev/null
  end=$(date +%s.%N)
  echo "$end - $start" | bc -l
}
: > "$out/json"; : > "$out/xlsx"; : > "$out/html"
for _ in $(seq "$runs"); do
  secs "$exe" "${flags[@]}" --format json --out "$out/r.json" >> "$out/json"
  secs "$exe" "${flags[@]}" --format xlsx --out "$out/r.xlsx" >> "$out/xlsx"
  secs "$exe" "${flags[@]}" --format html --out "$out/r.html" >> "$out/html"
done
json=$(best < "$out/json")
for f in json xlsx html; do
  b=$(best < "$out/$f")
  printf '%s: best of %s %.3f s, %+.3f s beyond json\n' "$f" "$runs" "$b" "$(echo "$b - $json" | bc -l)"
done
ls -l "$out/r.json" "$out/r.xlsx" "$out/r.html" | awk '{print $5, $9}'

# 1M rows, every one rejected (unknown unit), with the bundled sample's header
rejected=$data/rejected-1m.csv
if [ ! -f "$rejected" ]; then
  awk 'BEGIN { print "response_id,date,unit,service,SPKP1,SPKP2,SPKP3,SPKP4,SPKP5,SPKP6,SPKP7,SPKP8,SPAK1,SPAK2,SPAK3,SPAK4,SPAK5";
               for (i = 1; i <= 1000000; i++) printf "X%07d,2025-03-01,NO-SUCH-UNIT,UMUM-INFORMASI,6,6,6,6,6,6,6,6,6,6,6,6,6\n", i }' > "$rejected"
fi
for f in json xlsx; do
  /usr/bin/time -f "$f on 1M rejected rows: %e s, peak %M KiB" "$exe" compute "$rejected" --format "$f" --out "$out/rej.$f"
done
ls -l "$out/rej.json" "$out/rej.xlsx" | awk '{print $5, $9}'
rm -rf "$out"
