"""Every citation of the project's docs from code points at a section that exists.

Code comments cite ``docs/semantics.md#anchor`` (the Prefect behaviour a
quirk reproduces) and ``docs/architecture.md#anchor`` (where a concept
lives); a renamed or missing section must fail here, not confuse a reader.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
_CITATION = re.compile(r"docs/(semantics|architecture)\.md((?:#[a-z0-9-]+(?:,\s*)?)+)")


def _slugs(doc: Path) -> set[str]:
    """GitHub's anchors for the doc's headings (lower case, punctuation dropped, spaces to hyphens)."""
    out = set()
    for line in doc.read_text().splitlines():
        if line.startswith("#"):
            title = line.lstrip("#").strip().lower()
            out.add(re.sub(r"[^a-z0-9 _-]", "", title).replace(" ", "-"))
    return out


def _citations() -> list[tuple[str, str, str]]:
    found = []
    for folder in ("src", "tests", "benchmarks"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            if path == Path(__file__).resolve():
                continue  # this file's docstring shows the citation form
            for match in _CITATION.finditer(path.read_text()):
                for anchor in re.findall(r"#([a-z0-9-]+)", match.group(2)):
                    found.append((str(path.relative_to(ROOT)), match.group(1), anchor))
    return found


CITATIONS = _citations()


def test_the_code_cites_the_docs() -> None:
    assert len(CITATIONS) >= 20


@pytest.mark.parametrize(("where", "doc", "anchor"), CITATIONS, ids=[f"{w}#{a}" for w, _, a in CITATIONS])
def test_citation_resolves(where: str, doc: str, anchor: str) -> None:
    path = ROOT / "docs" / f"{doc}.md"
    assert path.exists(), f"{where}: docs/{doc}.md does not exist"
    assert anchor in _slugs(path), f"{where}: docs/{doc}.md has no section #{anchor}"
