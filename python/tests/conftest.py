"""Shared by the tests: the repository, the `quotegraph` binary, and a way
to run it, so every answer of the Python API is checked against the CLI."""

import json
import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HARBOR = ROOT / "examples" / "harbor-story.jsonl"
FIXTURES = ROOT / "tests" / "fixtures" / "extract"
CROWDSTRIKE = ROOT.parent / "shared" / "eval" / "stories" / "crowdstrike" / "docs.jsonl"


def _binary() -> Path:
    if os.environ.get("QUOTEGRAPH_BIN"):
        return Path(os.environ["QUOTEGRAPH_BIN"])
    for profile in ("release", "debug"):
        p = ROOT / "target" / profile / "quotegraph"
        if p.exists():
            return p
    pytest.exit("no quotegraph binary: run `cargo build --release` or set QUOTEGRAPH_BIN", 2)


BIN = _binary()


def cli(*args, cwd=None, check=True):
    """Run the `quotegraph` command; returns the CompletedProcess."""
    out = subprocess.run([str(BIN), *map(str, args)], capture_output=True, text=True, cwd=cwd)
    if check and out.returncode != 0:
        raise AssertionError(f"quotegraph {args} failed: {out.stderr}")
    return out


def cli_records(*args, cwd=None):
    """The JSONL records `quotegraph extract ARGS` writes."""
    out = cli("extract", *args, cwd=cwd)
    return [json.loads(line) for line in out.stdout.splitlines() if line.strip()]


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def fixture_docs():
    return [{"doc": p.name, "text": p.read_text(encoding="utf-8")} for p in sorted(FIXTURES.glob("*.txt"))]


def cluster_key(clusters):
    """Clusters as comparable values, order aside: members (head first) and
    every pair with relation and diff."""
    out = []
    for c in clusters:
        pairs = tuple(
            (p["a"], p["b"], p["relation"], json.dumps(p["diff"], sort_keys=True)) for p in c["pairs"]
        )
        out.append((tuple(c["members"]), c["speaker"], pairs))
    return sorted(out)
