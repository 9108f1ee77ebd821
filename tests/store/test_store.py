"""The store on every backend: schema, round trips, one transaction per action, conflicts."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import attrs
import pytest
import sqlalchemy as sa

from clearflow import ActionError, Case, CaseDataError, Engine, Event, load_workflow_text
from clearflow.engine._audit import Action
from clearflow.engine._replay import replay
from clearflow.engine._snapshot import snapshot
from clearflow.errors import ConflictError, StoreError
from clearflow.store._store import Store, database_label, database_url
from clearflow.store._tables import SCHEMA_VERSION, events_table, meta_table
from support import EARLY, WORKFLOW_2014, engine_2014, profile, staff, start


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    """An open store of the 2014 workflow in an empty database."""
    with Store.open(store_url, engine_2014()) as opened:
        yield opened


def add_students(store: Store, count: int) -> list[str]:
    """Add ``count`` new 2014 students (the default profile); their ids."""
    ids = [f"2014{number:04d}" for number in range(1, count + 1)]
    cases = [start(student_id=student, name=None) for student in ids]
    store.add(cases)
    return ids


def clear(step: str, office: str) -> Callable[[Case], Event]:
    """An action clearing one step for its office at :data:`EARLY`."""
    return lambda case: case.clear(step, staff(office), at=EARLY)


def event_count(store: Store) -> int:
    """How many events the database holds for the store's workflow."""
    with store.database.connect() as connection:
        return connection.execute(sa.select(sa.func.count()).select_from(events_table)).scalar_one()


# -- schema --------------------------------------------------------------------


def test_open_creates_the_schema_and_records_its_version(store: Store) -> None:
    """A new database gets every table and the schema version in clearflow_meta."""
    with store.database.connect() as connection:
        rows = dict(connection.execute(sa.select(meta_table.c.key, meta_table.c.value)).all())
        tables = set(sa.inspect(connection).get_table_names())
    assert rows == {"schema": str(SCHEMA_VERSION)}
    assert {
        "clearflow_meta",
        "clearflow_cases",
        "clearflow_events",
        "clearflow_imports",
        "clearflow_steps",
        "clearflow_rules",
        "clearflow_facts",
        "clearflow_holds",
    } <= tables


def test_reopening_keeps_the_cases(store_url: str) -> None:
    """A store opened again on the same database finds what was added and leaves the schema."""
    with Store.open(store_url, engine_2014()) as store:
        add_students(store, 2)
    with Store.open(store_url, engine_2014()) as store:
        assert store.student_ids() == ["20140001", "20140002"]
        assert store.load("20140002").version == 1


def test_a_newer_schema_version_is_refused(store_url: str) -> None:
    """A database written by a newer clearflow is refused with the version found and read."""
    with Store.open(store_url, engine_2014()) as store, store.database.begin() as connection:
        connection.execute(sa.update(meta_table).values(value=str(SCHEMA_VERSION + 1)))
    with pytest.raises(StoreError) as raised:
        Store.open(store_url, engine_2014())
    assert str(raised.value) == (
        f"database '{database_label(store_url)}' has schema version {SCHEMA_VERSION + 1}; "
        f"this clearflow reads version {SCHEMA_VERSION}"
    )


def test_a_file_that_is_no_database_is_refused(tmp_path: Path) -> None:
    """A file that is not SQLite gives a StoreError naming it, not a driver traceback."""
    path = tmp_path / "notes.txt"
    path.write_text("not a database\n" * 100, encoding="utf-8")
    with pytest.raises(StoreError) as raised:
        Store.open(path, engine_2014())
    assert str(raised.value) == f"cannot open database '{path}': file is not a database"


def test_an_unknown_kind_of_database_is_refused() -> None:
    """A URL no SQLAlchemy dialect reads is a StoreError."""
    with pytest.raises(StoreError, match=r"^cannot open database 'nosuch://x': "):
        Store.open("nosuch://x", engine_2014())


def test_database_url_and_label() -> None:
    """--db takes a path or a URL; messages never show a password."""
    assert database_url("class.db") == "sqlite:///class.db"
    assert database_url("postgresql+psycopg://u:p@h/d") == "postgresql+psycopg://u:p@h/d"
    assert database_label("postgresql+psycopg://u:secret@h/d") == "postgresql+psycopg://u:***@h/d"
    assert database_label("/srv/class.db") == "/srv/class.db"


# -- round trips -----------------------------------------------------------------


def acted_case() -> Case:
    """A party member with a refusal, a waiver, an outcome and cleared prerequisites."""
    case = start(profile(party_member=True, league_member=True), student_id="2014077", name="李雷")
    case.refuse("library_cleared", staff("library"), "two books not returned", at=EARLY)
    case.clear("library_cleared", staff("library"), at=EARLY)
    case.waive("student_aid_cleared", staff("student_aid"), "no aid received", at=EARLY)
    case.clear("party_transfer", staff("party_branch"), outcome="held_by_branch", at=EARLY)
    return case


def test_add_load_and_history_round_trip(store: Store) -> None:
    """A loaded case snapshots like the one added; its history is the events recorded."""
    case = acted_case()
    expected = snapshot(case)
    events = list(case.events)
    store.add([case], {"2014077": "王老师"})
    loaded = store.load("2014077")
    assert snapshot(loaded) == expected | {"events": []}
    assert loaded.base_version == len(events) == loaded.version
    assert store.history("2014077") == events
    assert snapshot(replay(engine_2014(), "2014077", events, name="李雷")) == expected
    assert [(c.student_id, counsellor) for c, counsellor in store.cases()] == [
        ("2014077", "王老师")
    ]


def test_histories_are_every_students_events_in_one_read(store: Store) -> None:
    """histories() gives each student's events in student order, as history() does one's."""
    acted = acted_case()
    store.add([start(student_id="2014099", name=None), acted, start(student_id="2014001")])
    found = list(store.histories())
    assert [student for student, _ in found] == ["2014001", "2014077", "2014099"]
    for student, events in found:
        assert events == store.history(student)
    assert [event.action for event in found[1][1]][:2] == [Action.START, Action.REFUSE]


def test_add_marks_the_cases_stored(store: Store) -> None:
    """After add, a case goes on being acted on and saved without a conflict."""
    case = start()
    store.add([case])
    assert (case.events, case.base_version) == ([], 1)
    case.clear("finance_cleared", staff("finance"), at=EARLY)
    store.save(case)
    assert [event.action for event in store.history(case.student_id)] == [
        Action.START,
        Action.CLEAR,
    ]


def test_adding_a_student_twice_is_refused_and_adds_nothing(store: Store) -> None:
    """A batch with a student already stored is refused whole."""
    store.add([start(student_id="A")])
    with pytest.raises(StoreError) as raised:
        store.add([start(student_id="B"), start(student_id="A")])
    assert str(raised.value) == "cannot add: a student is already in the store"
    assert store.student_ids() == ["A"]
    assert event_count(store) == 1


def test_loading_an_unknown_student_is_refused(store: Store) -> None:
    """load and act name the student and the workflow when the student is not there."""
    message = "no student 'nobody' in workflow 'gyvtc-2014'"
    with pytest.raises(StoreError) as raised:
        store.load("nobody")
    assert str(raised.value) == message
    with pytest.raises(StoreError) as raised:
        store.act("nobody", clear("finance_cleared", "finance"))
    assert str(raised.value) == message
    assert store.history("nobody") == []


def edited_2014() -> Engine:
    """The 2014 rules with the fees deadline a day later: another digest."""
    text = WORKFLOW_2014.read_text(encoding="utf-8").replace(
        "date: 2014-07-04\n    late: block", "date: 2014-07-05\n    late: block"
    )
    return Engine(load_workflow_text(text, "edited.yaml"))


def test_a_case_keeps_the_rules_it_started_on(store_url: str) -> None:
    """Rules edited since a case started: the case loads and acts on its own rules (the
    store kept them when it was opened with them), and the store says which rules run."""
    with Store.open(store_url, engine_2014()) as store:
        add_students(store, 1)
    edited = edited_2014()
    old, new = engine_2014().workflow.digest, edited.workflow.digest
    with Store.open(store_url, edited) as store:
        case = store.load("20140001")
        assert case.engine.workflow.digest == old
        store.act(
            "20140001", lambda case: case.clear("finance_cleared", staff("finance"), at=EARLY)
        )
        store.add([edited.start("20140002", profile(), at=EARLY)])
        assert store.rules_in_use() == sorted([(old, 1), (new, 1)])
        assert store.load("20140002").engine is store.engine
        history = store.history("20140001")
    assert {event.digest for event in history} == {old}


def test_a_case_of_rules_the_store_does_not_keep_is_refused(store_url: str) -> None:
    """Without the text of a case's rules (a store of version 3, a workflow built in code)
    the case is refused as before, naming both digests."""
    with Store.open(store_url, engine_2014()) as store:
        add_students(store, 1)
        with store.database.begin() as connection:
            connection.execute(sa.text("DELETE FROM clearflow_rules"))
    edited = Engine(attrs.evolve(edited_2014().workflow, text=""))
    old, new = engine_2014().workflow.digest, edited.workflow.digest
    with Store.open(store_url, edited) as store, pytest.raises(CaseDataError) as raised:
        store.load("20140001")
    assert str(raised.value) == (
        f"student '20140001': the case was started on workflow 'gyvtc-2014' "
        f"(digest {old[:12]}), not on 'gyvtc-2014' (digest {new[:12]}); "
        "finish it on the workflow it started on"
    )


# -- one transaction per action --------------------------------------------------


def test_act_saves_the_action_and_returns_its_result(store: Store) -> None:
    """act loads, acts and saves; the version counts the events."""
    (student,) = add_students(store, 1)
    event = store.act(
        student, lambda case: case.clear("finance_cleared", staff("finance"), at=EARLY)
    )
    assert event.seq == 2
    assert store.load(student).version == 2
    assert store.history(student)[-1] == event


def test_an_action_that_raises_writes_nothing(store: Store) -> None:
    """An action refused halfway through leaves neither its first change nor an event."""
    (student,) = add_students(store, 1)

    def two_steps(case: Case) -> None:
        case.clear("finance_cleared", staff("finance"), at=EARLY)
        case.clear("finance_cleared", staff("finance"), at=EARLY)  # already cleared: refused

    with pytest.raises(ActionError, match="already cleared"):
        store.act(student, two_steps)
    loaded = store.load(student)
    assert loaded.version == 1
    assert "finance_cleared" not in loaded.records
    assert len(store.history(student)) == 1


def test_a_stale_save_is_a_conflict_and_writes_nothing(store: Store) -> None:
    """Two terminals load the same student; the second save is refused, the first kept."""
    (student,) = add_students(store, 1)
    first, second = store.load(student), store.load(student)
    first.clear("finance_cleared", staff("finance"), at=EARLY)
    second.clear("library_cleared", staff("library"), at=EARLY)
    store.save(first)
    with pytest.raises(ConflictError) as raised:
        store.save(second)
    assert str(raised.value) == (
        f"student '{student}' was changed by someone else since it was read "
        "(expected version 1); reload and try again"
    )
    loaded = store.load(student)
    assert set(loaded.records) == {"finance_cleared"}
    assert [event.step for event in store.history(student)] == [None, "finance_cleared"]


def test_save_with_an_expected_version(store: Store) -> None:
    """save(expected=...) checks the version the caller names instead of the case's own."""
    (student,) = add_students(store, 1)
    case = store.load(student)
    case.clear("finance_cleared", staff("finance"), at=EARLY)
    with pytest.raises(ConflictError):
        store.save(case, expected=5)
    store.save(case, expected=1)
    assert store.load(student).version == 2


def test_act_many_changes_every_case_in_one_go(store: Store) -> None:
    """act_many acts on each named case once and counts those that changed."""
    ids = add_students(store, 3)
    changed = store.act_many([*ids, ids[0]], clear("library_cleared", "library"))
    assert changed == 3
    assert [store.load(student).version for student in ids] == [2, 2, 2]


def test_act_many_is_all_or_nothing(store: Store) -> None:
    """One refusal, or one unknown student, and no case of the batch changes."""
    ids = add_students(store, 3)
    store.act(ids[1], clear("library_cleared", "library"))

    with pytest.raises(ActionError, match="already cleared"):
        store.act_many(ids, clear("library_cleared", "library"))
    assert [store.load(student).version for student in ids] == [1, 2, 1]

    with pytest.raises(StoreError) as raised:
        store.act_many([ids[0], "nobody"], clear("finance_cleared", "finance"))
    assert str(raised.value) == "no student 'nobody' in workflow 'gyvtc-2014'"
    assert [store.load(student).version for student in ids] == [1, 2, 1]
    assert event_count(store) == 4


def test_a_batch_with_one_stale_case_names_it_and_writes_nothing(store: Store) -> None:
    """The batch write under act_many checks every version; one stale case refuses it all."""
    ids = add_students(store, 3)
    cases = [store.load(student) for student in ids]
    store.act(ids[1], clear("library_cleared", "library"))
    for case in cases:
        case.clear("finance_cleared", staff("finance"), at=EARLY)
    with pytest.raises(ConflictError) as raised, store.database.begin() as connection:
        store._writer.update(connection, cases)  # what act_many does once its actions ran
    assert str(raised.value) == (
        "student '20140002' was changed by someone else since it was read "
        "(expected version 1); reload and try again"
    )
    assert [store.load(student).version for student in ids] == [1, 2, 1]
    assert event_count(store) == 4


def test_a_report_reading_the_cases_never_holds_a_writer_up(store_url: str) -> None:
    """While one connection reads every case, another terminal's action still commits."""
    import threading

    with (
        Store.open(store_url, engine_2014()) as reader,
        Store.open(store_url, engine_2014()) as writer,
    ):
        ids = add_students(reader, 3)
        reading = reader.cases()
        next(reading)  # the read transaction is now open, mid-way through the cases
        done = threading.Event()

        def act() -> None:
            writer.act(ids[2], clear("library_cleared", "library"))
            done.set()

        thread = threading.Thread(target=act)
        thread.start()
        thread.join(timeout=10)
        assert done.is_set(), "the writer waited for the reader"
        remaining = list(reading)
        assert len(remaining) == 2
        assert writer.load(ids[2]).version == 2
