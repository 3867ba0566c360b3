"""The Spark jobs in local mode give the statements `quotegraph extract`
gives and the clusters `quotegraph compare` gives."""

import json
import os
import subprocess
import sys

import pytest

pyspark = pytest.importorskip("pyspark")
import pyarrow.parquet as pq  # noqa: E402

from quotegraph import QuotegraphError  # noqa: E402
from quotegraph import spark as qg  # noqa: E402
from conftest import CROWDSTRIKE, FIXTURES, HARBOR, ROOT, cli, cli_records, cluster_key, fixture_docs, read_jsonl  # noqa: E402


@pytest.fixture(scope="module")
def spark():
    from pyspark.sql import SparkSession

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    s = (
        SparkSession.builder.master("local[2]")
        .appName("quotegraph-tests")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.ui.enabled", "false")
        .getOrCreate()
    )
    s.sparkContext.setLogLevel("ERROR")
    yield s
    s.stop()


def rows(df):
    return [r.asDict(recursive=True) for r in df.collect()]


def test_extract_matches_cli_on_jsonl(spark):
    got = rows(qg.extract(qg.read_articles(spark, str(HARBOR))))
    assert got == cli_records(HARBOR)
    assert list(got[0]) == qg.STATEMENT_FIELDS


def test_extract_matches_cli_on_fixtures(spark):
    df = spark.createDataFrame(fixture_docs() * 3).repartition(3)
    got = rows(qg.extract(df))
    expected = cli_records(FIXTURES) * 3
    key = lambda r: json.dumps(r, sort_keys=True)  # noqa: E731
    assert sorted(got, key=key) == sorted(expected, key=key)


def test_extract_for_compare_adds_ids(spark):
    got = rows(qg.extract(qg.read_articles(spark, str(HARBOR)), for_compare=True))
    assert [r["doc"] for r in got if r["kind"] is None] == [d["doc"] for d in read_jsonl(HARBOR)]
    got = [r for r in got if r["kind"] is not None]
    report = json.loads(cli("compare", "--format", "json", HARBOR).stdout)
    assert [r["id"] for r in got] == [s["id"] for s in report["statements"]]
    assert [{k: r[k] for k in qg.STATEMENT_FIELDS} for r in got] == cli_records(HARBOR)


def compare_via_spark(spark, path):
    statements = qg.extract(qg.read_articles(spark, str(path)), for_compare=True)
    return rows(qg.compare(statements))


def test_compare_matches_cli_clusters(spark):
    expected = json.loads(cli("compare", "--format", "json", HARBOR).stdout)["clusters"]
    got = compare_via_spark(spark, HARBOR)
    assert len(expected) > 3
    assert cluster_key(got) == cluster_key(expected)


@pytest.mark.skipif(not CROWDSTRIKE.exists(), reason="../shared not present")
def test_compare_matches_cli_clusters_on_real_pages(spark):
    expected = json.loads(cli("compare", "--format", "json", CROWDSTRIKE).stdout)["clusters"]
    got = compare_via_spark(spark, CROWDSTRIKE)
    assert cluster_key(got) == cluster_key(expected)


def test_connected_components_merge_across_blocks(spark):
    edges = spark.createDataFrame(
        [("b", "a"), ("c", "b"), ("d", "c"), ("e", "d"), ("y", "x"), ("x", "z")], "src string, dst string"
    )
    labels = {r["id"]: r["label"] for r in qg.connected_components(edges).collect()}
    assert labels == {"a": "a", "b": "a", "c": "a", "d": "a", "e": "a", "x": "x", "y": "x", "z": "x"}


def test_bad_row_fails_naming_it(spark, tmp_path):
    p = tmp_path / "in.jsonl"
    p.write_text('{"doc": "a", "text": "\\"Hi,\\" he said."}\n{"doc": "b"}\n')
    with pytest.raises(Exception, match=r'row\[1\]: document "b": missing field `text`'):
        qg.extract(qg.read_articles(spark, str(p))).collect()
    p.write_text('{"doc": "a", "text": "\\"Hi,\\" he said."}\n{"doc": "b", "text": \n')
    with pytest.raises(Exception, match=r"row\[1\]: not a JSON object"):
        qg.extract(qg.read_articles(spark, str(p))).collect()
    df = spark.createDataFrame([("a", b"bytes")], "doc string, text binary")
    with pytest.raises(QuotegraphError, match="column `text` must be a string column, got binary"):
        qg.extract(df)


def test_skip_bad_counts_rows(spark, tmp_path):
    p = tmp_path / "in.jsonl"
    p.write_text('{"doc": "a", "text": "\\"Hi,\\" he said."}\n{"doc": "b"}\nnot json\n{"doc": "c", "text": "\\"Bye,\\" she said."}\n')
    skipped = spark.sparkContext.accumulator(0)
    got = rows(qg.extract(qg.read_articles(spark, str(p)), skip_bad=skipped))
    assert [r["doc"] for r in got] == ["a", "c"]
    assert skipped.value == 2


def test_command_writes_parquet(tmp_path):
    env = dict(os.environ, PYSPARK_PYTHON=sys.executable)
    out = tmp_path / "out"
    run = subprocess.run(
        [sys.executable, "-m", "quotegraph.spark", "compare", str(HARBOR), str(out), "--master", "local[2]", "--partitions", "4"],
        capture_output=True, text=True, env=env, cwd=ROOT,
    )
    assert run.returncode == 0, run.stderr
    report = json.loads(cli("compare", "--format", "json", HARBOR).stdout)
    statements = sorted(pq.read_table(out / "statements").to_pylist(), key=lambda r: (r["doc_seq"], r["n"]))
    # The statements of `compare --format json`: speakers merged across documents.
    assert [{k: r[k] for k in ["id"] + qg.STATEMENT_FIELDS} for r in statements] == report["statements"]
    clusters = pq.read_table(out / "clusters").to_pylist()
    assert cluster_key(clusters) == cluster_key(report["clusters"])
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "no id"}\n')
    run = subprocess.run(
        [sys.executable, "-m", "quotegraph.spark", "extract", str(bad), str(tmp_path / "o2"), "--master", "local[1]"],
        capture_output=True, text=True, env=env, cwd=ROOT,
    )
    assert run.returncode == 4
    assert "missing field `doc`" in run.stderr.splitlines()[-1]
