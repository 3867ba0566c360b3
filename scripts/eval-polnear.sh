#!/usr/bin/env bash
# Score `quotegraph extract` on a PolNeAR split: scripts/eval-polnear.sh dev|test|train
# Prints the scorer's table; exits non-zero if direct exact F1 < 0.85 or
# direct end-to-end F1 < 0.80.
set -euo pipefail
cd "$(dirname "$0")/.."
split=${1:-dev}
gold=../shared/eval/polnear
pred=$(mktemp)
trap 'rm -f "$pred"' EXIT
cargo run --release --locked --quiet -- extract --format jsonl "$gold/docs.jsonl" > "$pred"
python3 ../shared/eval/score.py --gold "$gold" --pred "$pred" --split "$split"
python3 ../shared/eval/score.py --gold "$gold" --pred "$pred" --split "$split" --json | python3 -c '
import json, sys
d = json.load(sys.stdin)["metrics"]["direct"]
exact, e2e = d["exact"]["f1"], d["end_to_end"]["f1"]
print("direct exact F1 %.3f, direct end-to-end F1 %.3f" % (exact, e2e))
if exact < 0.85 or e2e < 0.80:
    raise SystemExit("below the floor (0.85 / 0.80)")
'
