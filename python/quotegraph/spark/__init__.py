"""quotegraph as Spark jobs: extraction over a DataFrame of articles, and
the version clustering of ``quotegraph compare`` at archive scale.

    >>> from pyspark.sql import SparkSession          # doctest: +SKIP
    >>> from quotegraph import spark as qg            # doctest: +SKIP
    >>> articles = spark.read.json("articles.jsonl")  # doc, text, outlet, ...
    >>> statements = qg.extract(articles)              # the records of `quotegraph extract`
    >>> clusters = qg.compare(qg.extract(articles, for_compare=True))

``extract`` runs one engine per Python worker process (cached in the
process, reused across tasks) over Arrow batches (``mapInArrow``); each
batch is extracted in parallel by the Rust engine without the GIL.

``compare`` never collects statements on the driver. It computes each
statement's signature and the document frequency of its content words
with DataFrame operations, takes the blocking keys with the very function
``quotegraph compare`` uses (``versions::blocking_keys``: the rarest content
words plus the quoted words), keeps each key's first ``MAX_POSTING``
statements in input order (as the index in ``compare`` does), links the
statements inside each block with the Rust engine, merges the links of all
blocks into clusters by connected components (iterative min-label
propagation with joins, until no label changes), and describes each cluster
(head, pairs, relations, word diffs) with the Rust engine again.

Speakers: ``compare`` merges speaker entities across documents before it
clusters (spelling variants, roles one outlet never names). The job does
the same with the same Rust function, on the driver, over each document's
speaker entities (names, titles, counts: a few per document, never the
statements), and joins the global ids back onto the statements.
"""

from __future__ import annotations

import json
import os
import sys
from typing import Iterator, Optional

import pyarrow as pa
import pyarrow.json as pajson

from .._quotegraph import (
    MAX_POSTING,
    Engine,
    QuotegraphError,
    _blocking_keys,
    _describe,
    _link_block,
    _merge_speakers,
    _signatures,
)

__all__ = [
    "extract",
    "compare",
    "resolve_speakers",
    "connected_components",
    "read_articles",
    "STATEMENT_FIELDS",
    "QuotegraphError",
]

# The fields of `quotegraph extract`, in its order, with their types.
_STATEMENT = [
    ("doc", pa.string()),
    ("start", pa.int64()),
    ("end", pa.int64()),
    ("text", pa.string()),
    ("kind", pa.string()),
    ("speaker", pa.string()),
    ("speaker_start", pa.int64()),
    ("speaker_end", pa.int64()),
    ("cue", pa.string()),
    ("cue_start", pa.int64()),
    ("cue_end", pa.int64()),
    ("venue", pa.string()),
    ("venue_start", pa.int64()),
    ("venue_end", pa.int64()),
    ("outlet", pa.string()),
    ("segment", pa.string()),
    ("speaker_id", pa.string()),
    ("speaker_kind", pa.string()),
    ("speaker_mention", pa.string()),
    ("cue_lemma", pa.string()),
    ("cue_class", pa.string()),
    ("frame", pa.string()),
    ("part", pa.int64()),
    ("parts", pa.int64()),
    ("paragraph", pa.int64()),
]
STATEMENT_FIELDS = [name for name, _ in _STATEMENT]
# What `compare` needs besides: the statement id `compare` gives, the
# document's input order, the record's index in it, the quoted stretches.
_COMPARE_EXTRA = [
    ("id", pa.string()),
    ("doc_seq", pa.int64()),
    ("n", pa.int64()),
    ("quoted", pa.list_(pa.string())),
    ("doc_speakers", pa.string()),
]
_DIFF = pa.struct(
    [
        ("dropped", pa.list_(pa.string())),
        ("added", pa.list_(pa.string())),
        ("replaced", pa.list_(pa.list_(pa.string()))),
    ]
)
_CLUSTER = pa.schema(
    [
        ("id", pa.string()),
        ("speaker", pa.string()),
        ("speaker_id", pa.string()),
        ("members", pa.list_(pa.string())),
        (
            "pairs",
            pa.list_(
                pa.struct(
                    [
                        ("a", pa.string()),
                        ("b", pa.string()),
                        ("relation", pa.string()),
                        ("diff", _DIFF),
                    ]
                )
            ),
        ),
    ]
)
_ARTICLE_COLUMNS = ["doc", "text", "outlet", "date", "url", "title"]
_MEMBER_FIELDS = [
    "doc_seq",
    "n",
    "id",
    "text",
    "kind",
    "speaker",
    "speaker_kind",
    "speaker_id",
    "venue",
    "quoted",
]


def _ddl(schema: pa.Schema) -> str:
    """A Spark DDL schema for an Arrow one (the types used here only)."""

    def t(ty: pa.DataType) -> str:
        if pa.types.is_string(ty):
            return "string"
        if pa.types.is_int64(ty):
            return "bigint"
        if pa.types.is_boolean(ty):
            return "boolean"
        if pa.types.is_list(ty):
            return f"array<{t(ty.value_type)}>"
        if pa.types.is_struct(ty):
            return "struct<" + ",".join(f"`{f.name}`:{t(f.type)}" for f in ty) + ">"
        raise TypeError(ty)

    return ", ".join(f"`{f.name}` {t(f.type)}" for f in schema)


_ENGINES: dict = {}


def _engine(grammar: Optional[str]) -> Engine:
    """One engine per worker process, built on first use and kept."""
    if grammar not in _ENGINES:
        _ENGINES[grammar] = Engine(grammar)
    return _ENGINES[grammar]


def _partition() -> int:
    from pyspark import TaskContext

    ctx = TaskContext.get()
    return ctx.partitionId() if ctx else 0


def _extract_batches(schema: pa.Schema, grammar, skipped, for_compare):
    def run(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        engine = _engine(grammar)
        part = _partition()
        for k, batch in enumerate(batches):
            rows = batch.to_pylist()
            label = f"partition {part}, batch {k}, row"
            bad = [i for i, r in enumerate(rows) if r.pop("_corrupt_record", None) is not None]
            messages = [f"{label}[{i}]: not a JSON object: {_line_of(batch, i)}" for i in bad]
            if bad and skipped is None:
                raise QuotegraphError(messages[0])
            for i in reversed(bad):
                del rows[i]
            data, more = engine._extract_jsonl(
                rows, skip_bad=skipped is not None, for_compare=for_compare, label=label
            )
            messages += more
            if messages:
                skipped.add(len(messages))
                print(f"quotegraph: skipped {len(messages)} bad row(s); first: {messages[0]}", file=sys.stderr)
            if not data:
                continue
            table = pajson.read_json(
                pa.BufferReader(data),
                read_options=pajson.ReadOptions(block_size=max(1 << 20, len(data) + 1)),
                parse_options=pajson.ParseOptions(
                    explicit_schema=schema, unexpected_field_behavior="error"
                ),
            )
            yield from table.select(schema.names).to_batches()

    return run


def _line_of(batch: pa.RecordBatch, i: int) -> str:
    line = batch.column("_corrupt_record")[i].as_py() or ""
    return line[:80] + ("..." if len(line) > 80 else "")


def _check_articles(df):
    from pyspark.sql import types as T

    fields = {f.name: f.dataType for f in df.schema.fields}
    for need in ("doc", "text"):
        if need not in fields:
            raise QuotegraphError(
                f"articles: missing column `{need}` (columns: {', '.join(df.columns)})"
            )
    if not isinstance(fields["text"], T.StringType):
        raise QuotegraphError(
            f"articles: column `text` must be a string column, got {fields['text'].simpleString()}"
        )


def extract(df, skip_bad=None, for_compare: bool = False, grammar: Optional[str] = None):
    """Statements of a DataFrame of articles, one row per record of
    ``quotegraph extract`` (its fields and types, code point offsets).

    ``df`` has ``doc`` and ``text`` (a string column) and optionally
    ``outlet``, ``date``, ``url``, ``title``; other columns are ignored. A
    row with a null ``doc`` or ``text``, or a JSON line that did not parse
    (``_corrupt_record`` from ``spark.read.json``), fails the job with
    ``QuotegraphError`` naming the row; pass a Spark accumulator as
    ``skip_bad`` to skip such rows and count them in it instead.

    ``for_compare`` adds ``id`` (as ``compare`` names statements),
    ``doc_seq`` (the article's input order), ``n`` (the record's index in
    its article) and ``quoted`` (the quoted stretches), and one more row
    per article, with ``kind`` null, whose ``doc_speakers`` holds the
    article's speaker entities: what :func:`compare` needs.

    >>> out = extract(spark.read.json("examples/harbor-story.jsonl"))  # doctest: +SKIP
    >>> out.select("doc", "speaker", "text").show()                   # doctest: +SKIP
    """
    from pyspark.sql import functions as F

    _check_articles(df)
    cols = [F.col(c).cast("string").alias(c) for c in _ARTICLE_COLUMNS if c in df.columns]
    if "_corrupt_record" in df.columns:
        cols.append(F.col("_corrupt_record"))
    fields = _STATEMENT + (_COMPARE_EXTRA if for_compare else [])
    schema = pa.schema(fields)
    src = df.select(*cols)
    if for_compare:
        src = src.withColumn("doc_seq", F.monotonically_increasing_id())
    return src.mapInArrow(_extract_batches(schema, grammar, skip_bad, for_compare), _ddl(schema))


def _signature_batches(batches):
    for b in batches:
        rows = b.to_pylist()
        sigs = _signatures([(r["text"], r["quoted"] or []) for r in rows])
        yield pa.RecordBatch.from_pydict(
            {
                "id": [r["id"] for r in rows],
                "doc_seq": [r["doc_seq"] for r in rows],
                "n": [r["n"] for r in rows],
                "content": [s[0] for s in sigs],
                "qwords": [s[1] for s in sigs],
            },
            schema=_SIG,
        )


_SIG = pa.schema(
    [
        ("id", pa.string()),
        ("doc_seq", pa.int64()),
        ("n", pa.int64()),
        ("content", pa.list_(pa.string())),
        ("qwords", pa.list_(pa.string())),
    ]
)
_KEY = pa.schema([("id", pa.string()), ("doc_seq", pa.int64()), ("n", pa.int64()), ("key", pa.string())])
_EDGE = pa.schema([("src", pa.string()), ("dst", pa.string())])


def _key_batches(batches):
    for b in batches:
        rows = b.to_pylist()
        keys = _blocking_keys(
            [
                (
                    [(w["word"], w["df"]) for w in r["ws"] if not w["q"]],
                    [w["word"] for w in r["ws"] if w["q"]],
                )
                for r in rows
            ]
        )
        out = {"id": [], "doc_seq": [], "n": [], "key": []}
        for r, ks in zip(rows, keys):
            for k in ks:
                out["id"].append(r["id"])
                out["doc_seq"].append(r["doc_seq"])
                out["n"].append(r["n"])
                out["key"].append(k)
        yield pa.RecordBatch.from_pydict(out, schema=_KEY)


def _link_batches(batches):
    for b in batches:
        src, dst = [], []
        for key, block in zip(b.column("key").to_pylist(), b.column("members").to_pylist()):
            keys = {m["id"]: m["keys"] for m in block}
            for s, d in _link_block(key, block, keys):
                src.append(s)
                dst.append(d)
        yield pa.RecordBatch.from_pydict({"src": src, "dst": dst}, schema=_EDGE)


def _describe_batches(batches):
    for b in batches:
        rows = []
        for members in b.column("members").to_pylist():
            # A component may hold several utterances joined by one bridge.
            for c in json.loads(_describe(members)):
                c["id"] = "c-" + c["members"][0]
                rows.append(c)
        yield pa.RecordBatch.from_pylist(rows, schema=_CLUSTER)


def connected_components(edges, max_iterations: int = 100):
    """Connected components of an undirected graph given as ``src``, ``dst``
    string columns: ``id``, ``label`` (the least id of its component), by
    min-label propagation with joins until no label changes."""
    from pyspark.sql import functions as F

    e = edges.select("src", "dst").union(edges.select(F.col("dst").alias("src"), F.col("src").alias("dst")))
    e = e.where(F.col("src") != F.col("dst")).distinct().localCheckpoint()
    labels = e.select(F.col("src").alias("id")).distinct().withColumn("label", F.col("id")).localCheckpoint()
    for _ in range(max_iterations):
        nbr = (
            e.join(labels.select(F.col("id").alias("dst"), F.col("label").alias("nl")), "dst")
            .groupBy(F.col("src").alias("id"))
            .agg(F.min("nl").alias("nl"))
        )
        new = (
            labels.join(nbr, "id", "left")
            .select("id", F.least("label", F.coalesce("nl", "label")).alias("label"), F.col("label").alias("old"))
            .localCheckpoint()
        )
        changed = new.where(F.col("label") != F.col("old")).count()
        labels = new.select("id", "label")
        if changed == 0:
            return labels
    raise QuotegraphError(f"connected components did not settle in {max_iterations} rounds")


def compare(statements):
    """Clusters of versions of the same utterance, as ``quotegraph compare``
    forms them, from statements made by ``extract(df, for_compare=True)``:
    ``id`` (``c-`` and the head statement's id), ``speaker``,
    ``speaker_id``, ``members`` (statement ids, head first) and ``pairs``
    (``a``, ``b``, ``relation``, ``diff``: ``dropped``, ``added``,
    ``replaced``).
    """
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    st = resolve_speakers(statements).select(*_MEMBER_FIELDS).localCheckpoint()
    sig = st.select("id", "doc_seq", "n", "text", "quoted").mapInArrow(_signature_batches, _ddl(_SIG)).localCheckpoint()
    freq = sig.select(F.explode("content").alias("word")).groupBy("word").agg(F.count("*").alias("df"))
    words = sig.select("id", "doc_seq", "n", F.explode("content").alias("word"), F.lit(False).alias("q")).union(
        sig.select("id", "doc_seq", "n", F.explode("qwords").alias("word"), F.lit(True).alias("q"))
    )
    words = words.join(freq, "word", "left").fillna(0, ["df"])
    grouped = words.groupBy("id", "doc_seq", "n").agg(
        F.collect_list(F.struct("word", F.col("df").cast("bigint").alias("df"), "q")).alias("ws")
    )
    keys = grouped.mapInArrow(_key_batches, _ddl(_KEY))
    # A key's first MAX_POSTING statements in input order are its block.
    by_key = Window.partitionBy("key").orderBy("doc_seq", "n")
    keys = (
        keys.withColumn("rank", F.row_number().over(by_key))
        .where(F.col("rank") <= MAX_POSTING)
        .withColumn("size", F.count("*").over(Window.partitionBy("key")))
        .where(F.col("size") > 1)
        .select("id", "key")
        .localCheckpoint()
    )
    # Each statement's admitted keys: a pair is compared in the block of the
    # least key it shares only, as compare compares each candidate once.
    admitted = keys.groupBy("id").agg(F.array_sort(F.collect_list("key")).alias("keys"))
    blocks = (
        keys.join(st.join(admitted, "id"), "id")
        .groupBy("key")
        .agg(F.collect_list(F.struct(*_MEMBER_FIELDS, "keys")).alias("members"))
    )
    edges = blocks.select("key", "members").mapInArrow(_link_batches, _ddl(_EDGE))
    labels = connected_components(edges)
    members = (
        labels.join(st, "id")
        .groupBy("label")
        .agg(F.collect_list(F.struct(*_MEMBER_FIELDS)).alias("members"))
    )
    return members.select("members").mapInArrow(_describe_batches, _ddl(_CLUSTER))


def resolve_speakers(statements):
    """The statements of ``extract(df, for_compare=True)`` with each speaker
    merged across documents as ``compare`` merges them: ``speaker``,
    ``speaker_id`` (``e<n>``) and ``speaker_kind`` are then those of
    ``compare --format json``'s statements. Fails on a document id seen
    twice, as ``compare`` does."""
    from pyspark.sql import functions as F

    need = _MEMBER_FIELDS + ["doc", "doc_speakers"]
    missing = [c for c in need if c not in statements.columns]
    if missing:
        raise QuotegraphError(
            f"statements: missing column(s) {', '.join(missing)}; make them with extract(df, for_compare=True)"
        )
    docs = statements.where(F.col("kind").isNull()).select("doc", "doc_seq", "doc_speakers")
    twice = docs.groupBy("doc").count().where(F.col("count") > 1).limit(1).collect()
    if twice:
        raise QuotegraphError(
            f"input: document id {json.dumps(twice[0]['doc'])} appears twice; ids must be unique "
            "(rename one file or fix the JSONL 'doc')"
        )
    # Entities only (a few per document) reach the driver, in input order.
    speakers = [(r["doc"], r["doc_speakers"]) for r in docs.orderBy("doc_seq").toLocalIterator()]
    spark = statements.sparkSession
    merged = spark.createDataFrame(
        _merge_speakers(speakers) or [("", "", "", "")],
        "speaker_id string, g_id string, g_name string, g_kind string",
    )
    st = statements.where(F.col("kind").isNotNull()).join(F.broadcast(merged), "speaker_id", "left")
    named = F.col("g_id").isNotNull()
    return st.select(
        *[
            F.when(named & (F.col("g_kind") == "unnamed"), F.lit(None))
            .when(named, F.col("g_name"))
            .otherwise(F.col("speaker"))
            .alias("speaker")
            if c == "speaker"
            else F.coalesce("g_id", "speaker_id").alias("speaker_id")
            if c == "speaker_id"
            else F.coalesce("g_kind", "speaker_kind").alias("speaker_kind")
            if c == "speaker_kind"
            else F.col(c)
            for c in statements.columns
            if c != "doc_speakers"
        ]
    )


def read_articles(spark, path: str):
    """Articles from JSONL (a file or a folder of them) or Parquet. JSON
    lines that do not parse keep their text in ``_corrupt_record``, so
    :func:`extract` can name them."""
    from pyspark.sql import types as T

    if _is_parquet(path):
        return spark.read.parquet(path)
    schema = T.StructType(
        [T.StructField(c, T.StringType()) for c in _ARTICLE_COLUMNS]
        + [T.StructField("_corrupt_record", T.StringType())]
    )
    return (
        spark.read.schema(schema)
        .option("mode", "PERMISSIVE")
        .option("columnNameOfCorruptRecord", "_corrupt_record")
        .json(path)
    )


def _is_parquet(path: str) -> bool:
    if path.endswith(".parquet"):
        return True
    if os.path.isdir(path):
        return any(f.endswith(".parquet") for f in os.listdir(path))
    return False
