"""Damaged CSV rosters and office lists are refused at their cells, or imported; a refused
file leaves the store's rows as they were."""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

from fuzz import FUZZ
from fuzz.harness import WORKFLOW, assert_located_or_done, invoke, scratch_folder, snapshot
from fuzz.mutations import encoded, mutated
from fuzz.seeds import OFFICE_LISTS, ROSTER_SEEDS, store_copy

ENCODINGS = ["utf-8", "utf-8-sig", "gb18030", "utf-16", "latin-1"]
"""What a roster arrives in: Excel's CSV UTF-8, Chinese Windows, and two clearflow refuses."""
ROSTER = ROSTER_SEEDS[0]
FINANCE = OFFICE_LISTS["finance"]


def import_into_store(data: bytes, name: str, *more: str) -> None:
    """``cohort import`` of ``data`` (as ``name``) into a store of five students: located
    or imported, and when refused the store's rows are exactly as before."""
    with scratch_folder() as folder:
        store = store_copy(folder).name
        (folder / name).write_bytes(data)
        before = snapshot(folder)
        argv = ["cohort", "import", str(WORKFLOW), name, "--db", store, *more]
        result = invoke(argv, folder)
        assert_located_or_done(result, folder, before, name, [store])


@FUZZ
@given(mutated(ROSTER_SEEDS), st.sampled_from(ENCODINGS), st.booleans())
@example(ROSTER.replace("2014000002", "2014000002\x00"), "utf-8", False)
@example(ROSTER.replace("2014000002", "9" * 300), "utf-8", False)
@example(ROSTER.replace("2014000002", " 2014000006 "), "utf-8", True)
@example(ROSTER.replace("韩梅梅", "x" * 100_000), "utf-8", False)
@example(ROSTER.replace("李雷", "\ud800"), "utf-8", False)
@example(ROSTER + ",".join(["x"] * 20_000) + "\n", "utf-8", False)
@example('student_id,name\n"2014000009,' + "x" * 1000, "gb18030", False)
def test_damaged_roster_is_located_or_imported(
    text: str, encoding: str, skip_existing: bool
) -> None:
    """A damaged roster (any encoding, with or without --skip-existing)."""
    more = ["--skip-existing"] if skip_existing else []
    import_into_store(encoded(text, encoding), "roster.csv", "--at", "2014-06-30 10:00", *more)


OFFICE_SEEDS = st.sampled_from(sorted(OFFICE_LISTS.items())).flatmap(
    lambda item: st.tuples(st.just(item[0]), mutated([item[1]]))
)


@FUZZ
@given(OFFICE_SEEDS, st.sampled_from(ENCODINGS[:3]), st.booleans())
@example(("finance", FINANCE.replace("1200", "9" * 5000)), "utf-8", False)
@example(("finance", FINANCE.replace("1200", "1e999999")), "utf-8", False)
@example(("finance", FINANCE.replace("1200", "NaN")), "utf-8", False)
@example(("finance", FINANCE.replace("1200", "-Infinity")), "utf-8", True)
@example(("finance", FINANCE.replace("1200", "0." + "0" * 5000 + "1")), "utf-8", False)
@example(("finance", FINANCE.replace("tuition", "x\x00y")), "utf-8", False)
@example(("finance", FINANCE.replace("2014000002", "2014000002 ")), "gb18030", False)
def test_damaged_office_list_is_located_or_imported(
    seed: tuple[str, str], encoding: str, clear_unlisted: bool
) -> None:
    """A damaged office list of Finance, the library or the dormitory, before the deadline."""
    office, text = seed
    more = ["--office", office, "--at", "2014-07-01 09:00"]
    more += ["--clear-unlisted"] if clear_unlisted else []
    import_into_store(encoded(text, encoding), f"{office}.csv", *more)
