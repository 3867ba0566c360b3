"""Type stubs for the compiled module (PyO3)."""

from os import PathLike
from typing import Any, Iterable, Literal, Mapping, Optional, TypedDict, Union

Kind = Literal["direct", "mixed", "indirect"]

class Statement(TypedDict):
    """One record of ``quotegraph extract``: one statement part, code point offsets."""

    doc: str
    start: int
    end: int
    text: str
    kind: Kind
    speaker: Optional[str]
    speaker_start: Optional[int]
    speaker_end: Optional[int]
    cue: Optional[str]
    cue_start: Optional[int]
    cue_end: Optional[int]
    venue: Optional[str]
    venue_start: Optional[int]
    venue_end: Optional[int]
    outlet: Optional[str]
    segment: Literal["main", "related"]
    speaker_id: Optional[str]
    speaker_kind: Optional[Literal["person", "group", "role", "unnamed"]]
    speaker_mention: Optional[str]
    cue_lemma: Optional[str]
    cue_class: Optional[str]
    frame: str
    part: int
    parts: int
    paragraph: int

class Report(TypedDict):
    """``quotegraph compare --format json``."""

    documents: list[dict[str, Any]]
    speakers: list[dict[str, Any]]
    statements: list[dict[str, Any]]
    clusters: list[dict[str, Any]]
    facts: list[dict[str, Any]]

class QuotegraphError(Exception):
    """Bad input or grammar; the message is the one the command prints."""

class Engine:
    """The extraction engine: the built-in grammar or a grammar folder.

    >>> Engine().extract('"Hi," he said.')[0]["text"]
    'Hi,'
    """

    def __init__(self, grammar: Optional[Union[str, PathLike[str]]] = None) -> None: ...
    def extract(
        self,
        text: Union[str, bytes],
        doc: Optional[str] = None,
        outlet: Optional[str] = None,
    ) -> list[Statement]:
        """The statements of one article (``doc`` defaults to ``-``)."""
    def extract_many(
        self, docs: Iterable[Mapping[str, Any]], skip_bad: bool = False
    ) -> list[Statement]:
        """The statements of many articles (dicts with ``doc``, ``text``,
        optional ``outlet``, ``date``, ``url``, ``title``), in order,
        extracted in parallel without the GIL."""
    def compare(self, docs: Iterable[Mapping[str, Any]]) -> Report:
        """Versions of each quote across articles and how they differ."""
    def _extract_jsonl(
        self,
        docs: Iterable[Mapping[str, Any]],
        skip_bad: bool = False,
        for_compare: bool = False,
        label: str = "docs",
    ) -> tuple[bytes, list[str]]: ...

def _signatures(rows: list[tuple[str, list[str]]]) -> list[tuple[list[str], list[str]]]: ...
def _blocking_keys(rows: list[tuple[list[tuple[str, int]], list[str]]]) -> list[list[str]]: ...
def _link_block(key: str, members: list[dict[str, Any]], keys: dict[str, list[str]]) -> list[tuple[str, str]]: ...
def _describe(members: list[dict[str, Any]]) -> str: ...
def _merge_speakers(docs: list[tuple[str, str]]) -> list[tuple[str, str, str, str]]: ...

MAX_POSTING: int
PREFIX: int
