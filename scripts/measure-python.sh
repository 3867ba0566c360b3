#!/usr/bin/env bash
# Speed of the Python API and the Spark jobs against the CLI, in one run
# (README "Measured"). Needs a release build, the package installed in
# target/py (see .ci/run) and the generated corpus:
#   scripts/gen-corpus.py articles --mb 100 > corpus/articles.jsonl
#   scripts/gen-corpus.py stories --copies 200 > corpus/stories-1x.jsonl
#   scripts/gen-corpus.py stories --copies 2000 > corpus/stories-10x.jsonl
set -euo pipefail
cd "$(dirname "$0")/.."
PY=target/py/bin/python
export PYSPARK_PYTHON="$PWD/$PY"
out=$(mktemp -d)
t() {
  /usr/bin/time -v "$@" 2> "$out/time" > /dev/null || { cat "$out/time"; exit 1; }
  tr '\r' '\n' < "$out/time" | grep -E "Elapsed|Maximum resident" | sed 's/^\s*/    /'
}
echo "CLI extract";            t target/release/quotegraph extract corpus/articles.jsonl -o "$out/cli.jsonl"
echo "Python extract_many";    t $PY scripts/bench-python.py corpus/articles.jsonl
echo "Spark extract local[2]"; t $PY -m quotegraph.spark extract corpus/articles.jsonl "$out/spark" --master 'local[2]'
echo "Spark compare 1x";       t $PY -m quotegraph.spark compare corpus/stories-1x.jsonl "$out/c1" --master 'local[2]' --partitions 8
echo "Spark compare 10x";      t $PY -m quotegraph.spark compare corpus/stories-10x.jsonl "$out/c10" --master 'local[2]' --partitions 8
rm -rf "$out"
