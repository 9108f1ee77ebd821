"""Running one attempt of the campaign and saying what came of it.

Every attempt gets a fresh scratch folder holding the 2014 workflow and its scenarios, a
student, an answers file, a roster and Finance's list (:func:`base`), then its own setup.
The folder is snapshotted (:func:`fuzz.harness.snapshot`), the command runs, and the
folder is snapshotted again. In-process runs are stopped by a timer after ``timeout``
seconds; subprocesses (``process``: what could block in C or fill the memory) are killed
then. A run can be without the root user's right to read and write every file
(``drop_permissions``, so an ordinary user's permission errors happen here too), several
processes can run at once (``parallel``), and any run can have a file size limit
(``file_limit``: the disk is full past that many bytes).
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import resource
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, wait
from pathlib import Path
from types import FrameType

import attrs

from fuzz.harness import (
    CHANGED,
    CLEAR_ERROR,
    HANG,
    INTERNAL,
    OUTCOMES,
    ROOT,
    SUCCESS,
    changed,
    invoke,
    judge,
    result_outcome,
    scratch_folder,
    snapshot,
)
from fuzz.seeds import case_seeds, store_template

CLEARFLOW = [sys.executable, "-m", "clearflow"]
WORKFLOW = "gyvtc-2014.yaml"
"""The workflow's name in every scratch folder (a copy of workflows/gyvtc-2014.yaml)."""
AT = "2014-07-10 09:40"
BEFORE_DEADLINE = "2014-07-01 09:00"
SHIPPED = {
    WORKFLOW: ROOT / "workflows" / "gyvtc-2014.yaml",
    "gyvtc-2014.scenarios.yaml": ROOT / "workflows" / "gyvtc-2014.scenarios.yaml",
    "li-lei.yaml": ROOT / "examples" / "students" / "li-lei.yaml",
    "li-lei.answers.yaml": ROOT / "examples" / "answers" / "li-lei.yaml",
    "roster.csv": ROOT / "tests" / "fixtures" / "tables" / "roster.csv",
}
FINANCE = "学号,欠费,金额,备注\n2014000001,否,,\n2014000002,是,1200,tuition\n"
_DAC = (1 << 1) | (1 << 2)
"""CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH: what lets root read and write every file."""
_CAPABILITY_VERSION_3 = 0x20080522


class _CapHeader(ctypes.Structure):
    _fields_ = (("version", ctypes.c_uint32), ("pid", ctypes.c_int))


class _CapData(ctypes.Structure):
    _fields_ = (
        ("effective", ctypes.c_uint32),
        ("permitted", ctypes.c_uint32),
        ("inheritable", ctypes.c_uint32),
    )


@contextlib.contextmanager
def _without_file_rights() -> Iterator[None]:
    """While inside, this thread obeys file permissions as an ordinary user does, even
    when it runs as root: the capabilities that override them leave its effective set."""
    libc = ctypes.CDLL(None, use_errno=True)
    header = _CapHeader(_CAPABILITY_VERSION_3, 0)
    saved = (_CapData * 2)()
    if libc.capget(ctypes.byref(header), saved) != 0:
        raise OSError(ctypes.get_errno(), "capget")
    lowered = (_CapData * 2)(*saved)
    lowered[0].effective &= ~_DAC
    if libc.capset(ctypes.byref(header), lowered) != 0:
        raise OSError(ctypes.get_errno(), "capset")
    try:
        yield
    finally:
        libc.capset(ctypes.byref(header), saved)


_ENV = {"PATH": "/usr/bin:/bin", "COLUMNS": "100", "NO_COLOR": "1", "LANG": "C.UTF-8"}
_ENV |= {"PYTHONPATH": os.environ["PYTHONPATH"]} if "PYTHONPATH" in os.environ else {}
"""A subprocess's environment: no colour, 100 columns, and the same clearflow as this one."""

Setup = Callable[[Path], object]
Verify = Callable[[Path], str | None]


def _nothing(folder: Path) -> None:
    """No setup beyond the base files."""


@attrs.frozen(kw_only=True)
class Attempt:
    """One hostile input: its class, what it tries, and how to run it."""

    kind: str
    what: str
    argv: tuple[str, ...]
    setup: Setup = _nothing
    outputs: tuple[str, ...] = ()
    """Paths (in the scratch folder) the command may change when it succeeds."""
    process: bool = False
    drop_permissions: bool = False
    file_limit: int | None = None
    parallel: int = 1
    verify: Verify | None = None
    """After a success: what is wrong with the result (a lost or doubled student), or None."""
    timeout: float = 10.0
    fixed_on: str | None = None
    """The branch of issue 9 that fixes this attempt's internal error or data change."""

    @property
    def slug(self) -> str:
        """A short id for pytest: the class and what is tried."""
        return f"{self.kind}: {self.what}"


@attrs.frozen(kw_only=True)
class Record:
    """What came of one attempt."""

    kind: str
    what: str
    outcome: str
    message: str
    seconds: float
    fixed_on: str | None = None


def base(folder: Path) -> None:
    """The files every attempt starts from: the workflow, a student, a roster, a list."""
    for name, source in SHIPPED.items():
        shutil.copyfile(source, folder / name)
    (folder / "finance.csv").write_text(FINANCE, encoding="utf-8")


class _Hang(BaseException):
    """Raised by the timer in the middle of an in-process run that took too long."""


def _alarm(signum: int, frame: FrameType | None) -> None:
    raise _Hang


@contextlib.contextmanager
def _limits(timeout: float, file_limit: int | None) -> Iterator[None]:
    """A timer that interrupts the run, and optionally a file size limit, for this process."""
    old_handler = signal.signal(signal.SIGALRM, _alarm)
    old_limit = resource.getrlimit(resource.RLIMIT_FSIZE)
    try:
        if file_limit is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (file_limit, old_limit[1]))
        signal.setitimer(signal.ITIMER_REAL, timeout)
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        resource.setrlimit(resource.RLIMIT_FSIZE, old_limit)
        signal.signal(signal.SIGALRM, old_handler)


def _in_process(attempt: Attempt, folder: Path) -> tuple[str, str]:
    rights = _without_file_rights() if attempt.drop_permissions else contextlib.nullcontext()
    try:
        with _limits(attempt.timeout, attempt.file_limit), rights:
            result = invoke(attempt.argv, folder)
    except _Hang:
        return HANG, f"still running after {attempt.timeout:g} s"
    return result_outcome(result), result.stderr or result.stdout


def _preexec(attempt: Attempt) -> Callable[[], None]:
    def prepare() -> None:
        if attempt.file_limit is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (attempt.file_limit,) * 2)

    return prepare


def _one_process(attempt: Attempt, folder: Path) -> tuple[str, str]:
    process = subprocess.Popen(
        [*CLEARFLOW, *attempt.argv],
        cwd=folder,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=_ENV,
        preexec_fn=_preexec(attempt),
        start_new_session=True,
    )
    try:
        stdout, stderr = process.communicate(timeout=attempt.timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        return HANG, f"still running after {attempt.timeout:g} s"
    text, out = stderr.decode("utf-8", "replace"), stdout.decode("utf-8", "replace")
    return judge(process.returncode, text, out), text or out


def _processes(attempt: Attempt, folder: Path) -> list[tuple[str, str]]:
    if attempt.parallel == 1:
        return [_one_process(attempt, folder)]
    with ThreadPoolExecutor(attempt.parallel) as pool:
        return list(pool.map(lambda _: _one_process(attempt, folder), range(attempt.parallel)))


def _worst(results: Sequence[tuple[str, str]]) -> tuple[str, str]:
    """The run that went worst (hang before internal error before clear error before success)."""
    order = [HANG, INTERNAL, CLEAR_ERROR, SUCCESS]
    return min(results, key=lambda result: order.index(result[0]))


def run(attempt: Attempt) -> Record:
    """Run one attempt in a fresh scratch folder and record what came of it."""
    start = time.perf_counter()
    with scratch_folder() as folder:
        base(folder)
        try:
            attempt.setup(folder)
            before = snapshot(folder)
            if in_subprocess(attempt):
                results = _processes(attempt, folder)
            else:
                results = [_in_process(attempt, folder)]
            outcome, message = _worst(results)
            succeeded = any(result[0] == SUCCESS for result in results)
            if outcome in (SUCCESS, CLEAR_ERROR):
                allowed = set(attempt.outputs) if succeeded else set()
                differ = [path for path in changed(before, snapshot(folder)) if path not in allowed]
                problem = attempt.verify(folder) if attempt.verify and succeeded else None
                if differ or problem:
                    outcome, message = CHANGED, problem or f"changed {', '.join(differ)}"
        finally:
            _release(folder)
    assert outcome in OUTCOMES
    line = next((line for line in message.splitlines() if line.strip()), "")
    return Record(
        kind=attempt.kind,
        what=attempt.what,
        outcome=outcome,
        message=line[:300],
        seconds=round(time.perf_counter() - start, 3),
        fixed_on=attempt.fixed_on,
    )


def _release(folder: Path) -> None:
    """Make every path in the folder removable again after a permission attempt."""
    for path in [folder, *folder.rglob("*")]:
        with contextlib.suppress(OSError):
            if not path.is_symlink():
                path.chmod(0o700)


def in_subprocess(attempt: Attempt) -> bool:
    """Whether the attempt runs as a subprocess (and so may run beside others)."""
    return attempt.process or attempt.parallel > 1


class Campaign:
    """The attempts of a table run as fast as they safely can: the subprocess ones
    ``workers`` at a time in the background (they wait on their processes), the in-process
    ones one by one meanwhile, except those with a file size limit, which wait for every
    subprocess attempt to end first (the limit would hold for the other threads' setups).
    """

    def __init__(self, attempts: Sequence[Attempt], workers: int = 3) -> None:
        case_seeds()  # made here, once: making them runs the CLI in-process, not for threads
        store_template()  # the store every attempt copies, likewise
        self._pool = ThreadPoolExecutor(workers)
        self._running: dict[str, Future[Record]] = {
            attempt.slug: self._pool.submit(run, attempt)
            for attempt in attempts
            if in_subprocess(attempt)
        }

    def record(self, attempt: Attempt) -> Record:
        """What came of ``attempt``: run now, or waited for."""
        if in_subprocess(attempt):
            return self._running[attempt.slug].result()
        if attempt.file_limit is not None:
            wait(list(self._running.values()))
        return run(attempt)

    def close(self) -> None:
        """Wait for every subprocess attempt and stop the threads."""
        self._pool.shutdown(wait=True)
