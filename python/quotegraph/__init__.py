"""quotegraph: who said what in news articles, and where outlets disagree.

The Rust engine behind the ``quotegraph`` command, from Python::

    >>> import quotegraph
    >>> engine = quotegraph.Engine()
    >>> s = engine.extract('"We will rebuild the pier," Mayor Tom Ellery said.', doc="a1")[0]
    >>> (s["speaker"], s["cue"], s["text"], s["start"], s["end"])
    ('Tom Ellery', 'said', 'We will rebuild the pier,', 1, 26)

``extract`` and ``extract_many`` give the records ``quotegraph extract``
writes (code point offsets), ``compare`` the structure of
``quotegraph compare --format json``. Bad input raises ``QuotegraphError``
with the message the command prints. ``quotegraph.spark`` runs the same
extraction and version clustering as Spark jobs.
"""

from ._quotegraph import Engine, QuotegraphError

__all__ = ["Engine", "QuotegraphError"]
