"""The committed zh_CN catalogue is complete, compiled and up to date with the sources.

Each check is a function run on the real catalogue and, to show it can fail, on a broken one.
"""

from __future__ import annotations

import io
import string
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from clearflow._i18n import LOCALE_DIR, catalogue_path

PO = LOCALE_DIR / "zh_CN" / "LC_MESSAGES" / "clearflow.po"
SOURCES = Path(__file__).parents[1] / "src"
KEYWORDS = {  # the Makefile's -k flags
    "Message": None,
    "N_": None,
    "Plural": (1, 2),
    "Contextual": ((1, "c"), 2),
}


def read_catalogue(path: Path = PO) -> Catalog:
    """The committed .po, parsed."""
    with path.open("rb") as file:
        return read_po(file, locale="zh_CN", domain="clearflow")


def compiled(catalogue: Catalog) -> bytes:
    """What ``pybabel compile`` writes for a catalogue (fuzzy entries left out)."""
    out = io.BytesIO()
    write_mo(out, catalogue, use_fuzzy=False)
    return out.getvalue()


def marked_ids() -> set[str | tuple[object, ...]]:
    """Every id the sources mark (``Message``, ``N_``; ``Plural``'s as singular and plural;
    ``Contextual``'s as context and id)."""
    found = extract_from_dir(
        str(SOURCES), [("clearflow/**.py", "python")], keywords=KEYWORDS, comment_tags=()
    )
    return {message if context is None else (context, message) for *_, message, _, context in found}


def untranslated(catalogue: Catalog) -> list[str]:
    """The ids with no Chinese, or only a fuzzy (unchecked) one."""
    return [
        str(forms(m.id)[0]) for m in catalogue if m.id and (not all(forms(m.string)) or m.fuzzy)
    ]


def forms(text: object) -> tuple[str, ...]:
    """A message's forms: one for a plain message, one per plural form for a ``Plural``."""
    return tuple(text) if isinstance(text, (tuple, list)) else (str(text),)


def placeholders(text: str) -> set[str]:
    """The named placeholders of a ``str.format`` text."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def placeholder_mismatches(catalogue: Catalog) -> list[str]:
    """The ids whose translation drops, adds or renames a placeholder."""
    return [
        forms(m.id)[0]
        for m in catalogue
        if m.id
        and all(forms(m.string))
        and any(
            set().union(*map(placeholders, forms(m.id))) != placeholders(form)
            for form in forms(m.string)
        )
    ]


def broken() -> Catalog:
    """A catalogue with each fault once."""
    catalogue = Catalog(locale="zh_CN", domain="clearflow")
    catalogue.add("empty {a}", "")
    catalogue.add("fuzzy {a}", "模糊 {a}", flags=["fuzzy"])
    catalogue.add("renamed {a}", "改名 {b}")
    catalogue.add("dropped {a} {b}", "丢了 {a}")
    catalogue.add("fine {a}", "好 {a}")
    catalogue.add(("{count} apple", "{count} apples"), ("",))
    catalogue.add(("{count} pear", "{count} pears"), ("{count} 个梨",))
    catalogue.add(("one plum in {a}", "{count} plums in {a}"), ("{a}里有李子",))
    return catalogue


def test_the_committed_mo_is_the_committed_po_compiled() -> None:
    """Nobody forgot ``make catalogue`` after editing the .po."""
    path = catalogue_path("zh")
    assert path is not None
    assert path.read_bytes() == compiled(read_catalogue())


def test_every_id_has_a_chinese_translation() -> None:
    """Every msgid has a non-empty, non-fuzzy msgstr."""
    assert untranslated(read_catalogue()) == []
    assert untranslated(broken()) == ["empty {a}", "fuzzy {a}", "{count} apple"]


def test_every_translation_keeps_its_placeholders() -> None:
    """A translation names exactly the placeholders of its id."""
    assert placeholder_mismatches(read_catalogue()) == []
    assert placeholder_mismatches(broken()) == ["renamed {a}", "dropped {a} {b}", "one plum in {a}"]


def test_the_catalogue_holds_exactly_the_ids_the_sources_mark() -> None:
    """Nobody forgot to extract a new message, and no id outlives its source."""
    ids = {
        (m.context, m.id) if m.context else tuple(m.id) if isinstance(m.id, (tuple, list)) else m.id
        for m in read_catalogue()
        if m.id
    }
    assert ids == marked_ids()


def test_extraction_finds_both_markers(tmp_path: Path) -> None:
    """``Message`` ids and ``N_`` constants are both extracted; other calls are not."""
    package = tmp_path / "clearflow"
    package.mkdir()
    (package / "m.py").write_text(
        'A = N_("constant {x}")\nB = Message("made {y}", y=1)\nC = print("not this")\n'
        'D = Plural("{count} day", "{count} days", 2)\n',
        encoding="utf-8",
    )
    found = extract_from_dir(
        str(tmp_path), [("clearflow/**.py", "python")], keywords=KEYWORDS, comment_tags=()
    )
    assert {message for _, _, message, _, _ in found} == {
        "constant {x}",
        "made {y}",
        ("{count} day", "{count} days"),
    }


@pytest.mark.parametrize("text", ["a {b} c {d}", "{d}{b}"])
def test_placeholders_are_read_by_name(text: str) -> None:
    """The placeholder names, in any order."""
    assert placeholders(text) == {"b", "d"}
