"""``python -m quotegraph.spark extract|compare IN OUT``: the Spark jobs.

IN is JSONL (a file or folder; one article a line: ``doc``, ``text``,
optional ``outlet``, ``date``, ``url``, ``title``) or Parquet with those
columns. OUT is written as Parquet: for ``extract`` the statements (the fields of
``quotegraph extract``); for ``compare`` ``OUT/statements`` (with speakers
merged across documents, as ``compare --format json`` lists them),
``OUT/clusters`` and ``OUT/extracted`` (what ``extract(df,
for_compare=True)`` gave, kept so a run can be compared again).

Exit codes as for the ``quotegraph`` command: 0 done, 2 usage, 4 bad data.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time

from quotegraph.spark import compare, extract, read_articles, resolve_speakers
from quotegraph import QuotegraphError


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m quotegraph.spark", description=__doc__.split("\n\n")[0])
    ap.add_argument("command", choices=["extract", "compare"])
    ap.add_argument("input", help="JSONL file or folder, or Parquet")
    ap.add_argument("output", help="Parquet folder to write (replaced)")
    ap.add_argument("--master", help="Spark master (default: spark-submit's, else local[*])")
    ap.add_argument("--grammar", help="a grammar folder whose files replace the built-in ones")
    ap.add_argument("--skip-bad", action="store_true", help="skip bad rows, counting them on stderr")
    ap.add_argument("--partitions", type=int, default=None, help="spark.sql.shuffle.partitions")
    args = ap.parse_args(argv)

    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName(f"quotegraph {args.command}")
    if args.master:
        builder = builder.master(args.master)
    if args.partitions:
        builder = builder.config("spark.sql.shuffle.partitions", str(args.partitions))
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    skipped = spark.sparkContext.accumulator(0) if args.skip_bad else None
    started = time.time()
    try:
        source = read_articles(spark, args.input)
        if args.command == "extract":
            extract(source, skip_bad=skipped, grammar=args.grammar).write.mode("overwrite").parquet(args.output)
        else:
            # Extracted once, written, and read back: compare reads them several times.
            staged = os.path.join(args.output, "extracted")
            extract(source, skip_bad=skipped, for_compare=True, grammar=args.grammar).write.mode(
                "overwrite"
            ).parquet(staged)
            extracted = spark.read.parquet(staged)
            resolve_speakers(extracted).write.mode("overwrite").parquet(os.path.join(args.output, "statements"))
            compare(extracted).write.mode("overwrite").parquet(os.path.join(args.output, "clusters"))
    except QuotegraphError as e:
        print(f"quotegraph: {e}", file=sys.stderr)
        return 4
    except Exception as e:  # a worker's QuotegraphError arrives wrapped by Spark
        m = re.search(r"QuotegraphError: (.*)", str(e))
        if not m:
            raise
        print(f"quotegraph: {m.group(1)}", file=sys.stderr)
        return 4
    if skipped is not None and skipped.value:
        print(f"quotegraph: skipped {skipped.value} bad row(s)", file=sys.stderr)
    print(f"quotegraph: {args.command} done in {time.time() - started:.1f} s", file=sys.stderr)
    spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
