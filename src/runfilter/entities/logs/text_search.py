"""The grammar of ``logs.text.query``, read as Prefect 3.9.1 reads it (docs/semantics.md#logs).

A query is split into terms at whitespace. A term may be a quoted phrase
(``"connection timeout"``; ``\\"`` and ``\\\\`` are escapes inside it, an
unclosed quote runs to the end). A ``-`` or ``!`` right before a term
excludes it, a ``+`` requires it; a prefix followed by whitespace (or
nothing) is dropped. Only the first character of a term is read as a
prefix (``--x`` excludes ``-x``), and a bare term ends at a quote
(``a"b"`` is the terms ``a`` and ``b``). Matching is Prefect's: a log
passes when its ``message + " " + name`` contains one of the plain terms
(if any), none of the excluded ones, and all required ones, compared in
lower case.
"""

from __future__ import annotations

from dataclasses import dataclass, field

_PREFIXES = "-!+"


@dataclass
class ParsedQuery:
    """The terms of a query: any of ``include``, none of ``exclude``, all of ``required``."""

    include: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    required: list[str] = field(default_factory=list)

    def add(self, prefix: str | None, term: str) -> None:
        """File `term` under the list its prefix selects."""
        target = self.exclude if prefix in ("-", "!") else self.required if prefix == "+" else self.include
        target.append(term)


def _unescape(raw: str) -> str:
    """A quoted phrase's text: ``\\"`` → ``"``, ``\\\\`` → ``\\``; any other backslash stays."""
    out: list[str] = []
    at = 0
    while at < len(raw):
        if raw[at] == "\\" and at + 1 < len(raw) and raw[at + 1] in '"\\':
            out.append(raw[at + 1])
            at += 2
        else:
            out.append(raw[at])
            at += 1
    return "".join(out)


def _phrase_end(query: str, at: int) -> int:
    """Where the phrase starting at `at` (after its opening quote) ends: its closing quote or the end."""
    while at < len(query) and query[at] != '"':
        at += 2 if query[at] == "\\" and at + 1 < len(query) else 1
    return at


def parse_query(query: str) -> ParsedQuery:
    """The include, exclude and required terms of a ``text.query``."""
    parsed = ParsedQuery()
    at, size = 0, len(query)
    while at < size:
        if query[at].isspace():
            at += 1
            continue
        prefix = None
        if query[at] in _PREFIXES:
            if at + 1 >= size or query[at + 1].isspace():
                at += 1  # a lone prefix is dropped
                continue
            prefix = query[at]
            at += 1
        if query[at] == '"':
            end = _phrase_end(query, at + 1)
            phrase = _unescape(query[at + 1 : end])
            at = end + 1
            if phrase.strip():
                parsed.add(prefix, phrase)
            continue
        start = at
        while at < size and not query[at].isspace() and query[at] != '"':
            at += 1
        if at > start:
            parsed.add(prefix, query[start:at])
    return parsed


def search_text(log: object) -> str:
    """What the text search reads of a log: its message, a space, its logger name."""
    return f"{log.message} {log.name}"  # type: ignore[attr-defined]
