#!/usr/bin/env bash
# Every JSON report `compute` prints, for a refactoring that must change no number: the bundled
# samples (both questionnaires, both roll-ups, --compare-period, --prior) and the 1M-row files of
# `gen_bench` on 1 and 2 threads. Prints one SHA-256 per report; run it with the build before
# and after a change and compare the two lists.
#
#   cargo build --release -p persepsi-cli && cp target/release/persepsi /tmp/before
#   ... change ...
#   cargo build --release -p persepsi-cli
#   bash benches/reports.sh /tmp/before /tmp/reports-before > before.sums
#   bash benches/reports.sh target/release/persepsi /tmp/reports-after > after.sums
#   diff before.sums after.sums
#
# EXE is the persepsi tool (run as `EXE compute ...`), or a build of the `compute` example from
# before the tool existed, which took the same flags itself. Its reports with the default
# options are the tool's, byte for byte.
#
# The 1M-row files come from `cargo run --release --example gen_bench`.
set -u
exe=$(realpath "$1")
out=$2
if "$exe" compute --help > /dev/null 2>&1; then
  cmd=("$exe" compute)
else
  cmd=("$exe")
fi
mkdir -p "$out"
cd "$(dirname "$0")/.."
data=target/bench-data
run() {
  name=$1
  shift
  "${cmd[@]}" --format json "$@" > "$out/$name.json" 2> "$out/$name.err"
  echo "exit $?" >> "$out/$name.err"
}
run spkp examples/data/responses.csv
run spkp-moc --rollup mean-of-children examples/data/responses.csv
run spkp-cmp --compare-period 2025-S1 2025-S2 examples/data/responses.csv
run spkp-prior --prior 20 examples/data/responses.csv
run spkp-all --rollup mean-of-children --compare-period 2025-Q1 2025-Q4 --prior 5 examples/data/responses.csv
run ikm --questionnaire ikm examples/data/responses-ikm.csv
run ikm-moc --questionnaire ikm --rollup mean-of-children examples/data/responses-ikm.csv
run ikm-cmp --questionnaire ikm --compare-period 2025-S1 2025-S2 --prior 10 examples/data/responses-ikm.csv
for t in 1 2; do
  run plain-t$t --threads $t $data/responses-1m.csv
  run export-t$t --threads $t $data/export-1m.csv
  run nonotes-t$t --threads $t $data/export-1m-nonotes.csv
done
cd "$out" && sha256sum ./*.json ./*.err | sort -k2
