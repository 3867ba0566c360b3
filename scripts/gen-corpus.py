#!/usr/bin/env python3
"""Generate news-like JSONL for the speed measurements (never committed).

    scripts/gen-corpus.py articles --mb 100 > corpus/articles.jsonl
    scripts/gen-corpus.py stories --copies 200 > corpus/stories.jsonl

`articles` repeats the fixture articles (tests/fixtures/extract/*.txt), as
benches/throughput.rs builds its extract input, into documents with their
own ids, outlets, dates and speaker names (each speaker's surname varied
per copy), until the file holds at least --mb megabytes of JSONL.

`stories` repeats the four-outlet example story (examples/harbor-story.jsonl)
as independent stories, names and days shifted per copy as
benches/throughput.rs does, so compare's work grows with the copies.
"""

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUTLETS = ["Harbor Times", "Valley Ledger", "Northline Wire", "Coastal Daily", "Metro Courier", "Riverside Post"]
VARIANTS = ["", "son", "er", "ley", "ford", "stein", "wood", "man"]


def articles(mb: float, out) -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests/fixtures/extract").glob("*.txt"))]
    # Surnames of speakers: the capitalized word right before a cue.
    names = sorted({m for t in texts for m in re.findall(r"\b([A-Z][a-z]{3,}) (?:said|says|told|added)\b", t)})
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, names)) + r")\b") if names else None
    written, i, limit = 0, 0, int(mb * 1_000_000)
    while written < limit:
        text = texts[i % len(texts)]
        k = i // len(texts)
        if pattern:
            text = pattern.sub(lambda m: m.group(1) + VARIANTS[(k + len(m.group(1))) % len(VARIANTS)], text)
        row = {
            "doc": f"d{i}",
            "outlet": OUTLETS[i % len(OUTLETS)],
            "date": f"2026-{1 + k % 12:02d}-{1 + k % 28:02d}",
            "text": text,
        }
        line = json.dumps(row, ensure_ascii=False) + "\n"
        out.write(line)
        written += len(line.encode("utf-8"))
        i += 1


def stories(copies: int, out) -> None:
    base = [json.loads(line) for line in (ROOT / "examples/harbor-story.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    for k in range(copies):
        for d in base:
            text = d["text"].replace("Stahl", f"Stahl{k}").replace("Voss", f"Voss{k}").replace("Friday", f"day {k}")
            out.write(json.dumps(dict(d, doc=f"{k}-{d['doc']}", text=text), ensure_ascii=False) + "\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="what", required=True)
    a = sub.add_parser("articles")
    a.add_argument("--mb", type=float, default=100)
    s = sub.add_parser("stories")
    s.add_argument("--copies", type=int, default=200)
    args = ap.parse_args()
    if args.what == "articles":
        articles(args.mb, sys.stdout)
    else:
        stories(args.copies, sys.stdout)


if __name__ == "__main__":
    main()
