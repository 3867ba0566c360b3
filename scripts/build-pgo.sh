#!/usr/bin/env bash
# A profile-guided build of the command line: target/pgo/quotegraph.
#
# The release build, instrumented, is run over a training set first, and
# the compiler then lays out and inlines the code by what it saw (the
# parsers are mostly branches, which is where profile-guided builds gain).
# The output is the same as the plain release build's, byte for byte; only
# the speed differs (README, "Speed and scale", gives both figures).
#
# Training set: articles this repository writes itself, none of the
# benchmark's: the last 4,000 articles of `gen_corpus --mb 30 --fixtures`
# (the 10 MB benchmark slice is `gen_corpus --mb 10 --fixtures`, which
# shares none of them), a generated 300-story corpus for `compare`, and the
# example story in every report format.
#
# Needs llvm-profdata of the compiler's LLVM: `rustup component add llvm-tools`.
set -euo pipefail
cd "$(dirname "$0")/.."

profdata=$(find "$(rustc --print sysroot)" -name llvm-profdata -type f | head -n 1)
if [[ -z "$profdata" ]]; then
  echo "build-pgo.sh: llvm-profdata not found; run: rustup component add llvm-tools" >&2
  exit 1
fi

out=target/pgo
rm -rf "$out/raw" "$out/merged.profdata"
mkdir -p "$out"

cargo build --release --locked --example gen_corpus
target/release/examples/gen_corpus --mb 30 --fixtures | tail -n 4000 > "$out/train-extract.jsonl"
target/release/examples/gen_corpus --stories 300 > "$out/train-compare.jsonl"

RUSTFLAGS="-Cprofile-generate=$PWD/$out/raw" \
  cargo build --release --locked --bin quotegraph --target-dir "$out/gen"
gen="$out/gen/release/quotegraph"
"$gen" extract "$out/train-extract.jsonl" -o /dev/null --quiet
"$gen" extract tests/fixtures/extract/*.txt -o /dev/null --quiet
"$gen" compare "$out/train-compare.jsonl" --format json -o /dev/null --quiet
for format in json markdown html dot; do
  "$gen" compare examples/harbor-story.jsonl --format "$format" -o /dev/null --quiet
done

"$profdata" merge -o "$out/merged.profdata" "$out/raw"
RUSTFLAGS="-Cprofile-use=$PWD/$out/merged.profdata" \
  cargo build --release --locked --bin quotegraph --target-dir "$out/use"
cp "$out/use/release/quotegraph" "$out/quotegraph"
echo "built $out/quotegraph"
