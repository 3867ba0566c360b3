"""The Python API gives exactly what the `quotegraph` command gives."""

import json
import threading
import time
import warnings

import pytest

import quotegraph
from conftest import CROWDSTRIKE, FIXTURES, HARBOR, cli, cli_records, fixture_docs, read_jsonl


@pytest.fixture(scope="module")
def engine():
    return quotegraph.Engine()


def test_extract_matches_cli_on_every_fixture(engine):
    for path in sorted(FIXTURES.glob("*.txt")):
        expected = cli_records(path.name, cwd=FIXTURES)
        got = engine.extract(path.read_text(encoding="utf-8"), doc=path.name)
        assert got == expected, path.name


def test_extract_fields_are_the_jsonl_fields_in_order(engine):
    expected = cli_records(HARBOR)
    got = engine.extract_many(read_jsonl(HARBOR))
    assert [list(r) for r in got] == [list(r) for r in expected]
    assert all(got_r["text"] == d["text"][got_r["start"] : got_r["end"]] for got_r in got for d in read_jsonl(HARBOR) if d["doc"] == got_r["doc"])


def test_extract_many_matches_cli_on_jsonl(engine):
    assert engine.extract_many(read_jsonl(HARBOR)) == cli_records(HARBOR)
    assert engine.extract_many(fixture_docs()) == cli_records(FIXTURES)


def test_extract_defaults_as_stdin(engine):
    text = '"We will rebuild the pier," Mayor Tom Ellery said.'
    import subprocess
    from conftest import BIN

    out = subprocess.run([str(BIN), "extract", "-"], input=text, capture_output=True, text=True)
    assert engine.extract(text) == [json.loads(line) for line in out.stdout.splitlines()]
    s = engine.extract(text, doc="a1", outlet="Harbor Times")[0]
    assert (s["doc"], s["outlet"], s["speaker"]) == ("a1", "Harbor Times", "Tom Ellery")


def test_code_point_offsets(engine):
    text = 'Café déjà vu — "Nous sommes prêts," the minister said.'
    s = engine.extract(text)[0]
    assert text[s["start"] : s["end"]] == s["text"] == "Nous sommes prêts,"


def test_compare_matches_cli_json(engine):
    expected = json.loads(cli("compare", "--format", "json", HARBOR).stdout)
    assert engine.compare(read_jsonl(HARBOR)) == expected


@pytest.mark.skipif(not CROWDSTRIKE.exists(), reason="../shared not present")
def test_compare_matches_cli_on_real_pages(engine):
    expected = json.loads(cli("compare", "--format", "json", CROWDSTRIKE).stdout)
    assert engine.compare(read_jsonl(CROWDSTRIKE)) == expected


def test_extract_many_releases_the_gil(engine):
    docs = fixture_docs() * 40
    ticks = []
    stop = threading.Event()

    def tick():
        while not stop.is_set():
            ticks.append(1)
            time.sleep(0.001)

    t = threading.Thread(target=tick)
    t.start()
    start = time.perf_counter()
    engine.extract_many(docs)
    elapsed = time.perf_counter() - start
    stop.set()
    t.join()
    # The other thread ran while Rust worked (it would be starved of the GIL otherwise).
    assert len(ticks) >= min(5, int(elapsed * 100)), (len(ticks), elapsed)


# Bad input: the message is the CLI's.


def test_bad_grammar_message_is_the_clis(tmp_path):
    (tmp_path / "cues.tsv").write_text("said\tsay\n")
    out = cli("extract", "--grammar", tmp_path, "-", check=False)
    assert out.returncode == 5
    with pytest.raises(quotegraph.QuotegraphError) as e:
        quotegraph.Engine(tmp_path)
    assert out.stderr.strip() == f"quotegraph: {e.value}"
    assert "cues.tsv:1" in str(e.value)


def test_user_grammar_is_used(tmp_path):
    (tmp_path / "cues.tsv").write_text("grumbled\tgrumble\tspeech\tafter,inverted,before\n")
    got = quotegraph.Engine(grammar=str(tmp_path)).extract('"It is late," Ana Ruiz grumbled. "It is early," Ben Oduya said.')
    assert [s["cue"] for s in got if s["cue"]] == ["grumbled"]


def test_invalid_utf8_and_binary_messages_are_the_clis(engine, tmp_path):
    for name, data in [("bad.txt", b'"Caf\xe9," he said.\n'), ("bin.txt", b'"Hi," he\x00 said.')]:
        (tmp_path / name).write_bytes(data)
        out = cli("extract", name, cwd=tmp_path, check=False)
        assert out.returncode == 4
        with pytest.raises(quotegraph.QuotegraphError) as e:
            engine.extract(data, doc=name)
        assert out.stderr.strip() == f"quotegraph: {e.value}"
    with pytest.raises(quotegraph.QuotegraphError, match="binary data"):
        engine.extract('"Hi," he\x00 said.', doc="bin.txt")
    with pytest.raises(TypeError, match="must be str or bytes"):
        engine.extract(42)


def test_bad_row_is_named_with_the_clis_message(engine, tmp_path):
    rows = [
        {"doc": "a", "text": '"Hi," he said.'},
        {"doc": "b"},
        {"doc": "c", "text": '"Bye," she said.'},
    ]
    (tmp_path / "in.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    out = cli("extract", "in.jsonl", cwd=tmp_path, check=False)
    assert out.returncode == 4
    with pytest.raises(quotegraph.QuotegraphError) as e:
        engine.extract_many(rows)
    # The CLI names file and line, the API the row; the message is the same.
    assert out.stderr.strip() == "quotegraph: in.jsonl:2: " + str(e.value).removeprefix("docs[1]: ")
    assert str(e.value).startswith("docs[1]: ")


@pytest.mark.parametrize(
    "row, message",
    [
        ({"text": "x"}, "docs[0]: missing field `doc`"),
        ({"doc": "a", "text": None}, 'docs[0]: document "a": missing field `text`'),
        ({"doc": "a", "text": 5}, 'docs[0]: document "a": field `text` must be a string'),
        ({"doc": "a", "text": b"bytes"}, 'docs[0]: document "a": field `text` must be a string, got bytes'),
        ({"doc": "a", "text": "nul\x00"}, 'docs[0]: document "a": `text` holds a NUL character (binary data)'),
        (["a", "b"], "docs[0]: not a JSON object"),
        ({"doc": [1], "text": "x"}, "docs[0]: field `doc` must be a string"),
    ],
)
def test_every_bad_row_is_an_error(engine, row, message):
    with pytest.raises(quotegraph.QuotegraphError) as e:
        engine.extract_many([row])
    assert str(e.value).startswith(message), str(e.value)


def test_skip_bad_counts_what_it_skips(engine, tmp_path):
    rows = [{"doc": "a", "text": '"Hi," he said.'}, {"doc": "b"}, {"text": "x"}, {"doc": "c", "text": '"Bye," she said.'}]
    (tmp_path / "in.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    expected = cli_records("--skip-bad", "in.jsonl", cwd=tmp_path)
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        got = engine.extract_many(rows, skip_bad=True)
    assert got == expected
    assert len(w) == 1 and "skipped 2 bad document(s)" in str(w[0].message)
    assert "docs[1]" in str(w[0].message)


def test_duplicate_ids_in_compare_as_the_cli(engine, tmp_path):
    rows = [{"doc": "a", "text": '"Hi," he said.'}, {"doc": "a", "text": '"Bye," she said.'}]
    (tmp_path / "in.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    out = cli("compare", "--format", "json", "in.jsonl", cwd=tmp_path, check=False)
    with pytest.raises(quotegraph.QuotegraphError) as e:
        engine.compare(rows)
    assert out.stderr.strip() == f"quotegraph: {e.value}"


def test_docstrings_run():
    import doctest

    import quotegraph._quotegraph as native

    finder, runner = doctest.DocTestFinder(), doctest.DocTestRunner()
    tests = 0
    for obj in (quotegraph, native.Engine.extract, native.Engine.extract_many, native.Engine.compare):
        for t in finder.find(obj, globs={"Engine": quotegraph.Engine, "quotegraph": quotegraph}):
            tests += len(t.examples)
            runner.run(t)
    assert tests >= 4
    assert runner.failures == 0
