#!/usr/bin/env python3
"""Time `Engine.extract_many` on a JSONL file, reading included, as
`quotegraph extract FILE` is timed: scripts/bench-python.py corpus/articles.jsonl"""

import json
import sys
import time

import quotegraph

start = time.perf_counter()
with open(sys.argv[1], encoding="utf-8") as f:
    docs = [json.loads(line) for line in f if line.strip()]
records = quotegraph.Engine().extract_many(docs)
elapsed = time.perf_counter() - start
print(f"{len(docs)} documents, {len(records)} statements in {elapsed:.2f} s", file=sys.stderr)
