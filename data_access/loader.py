"""Loading a folder of CSV files into the database: all of it, or nothing.

``load`` reads each file once, in one transaction, checking it against the
data contract (``csv_contract``) and the rows already stored: ``--replace``
empties the data tables first, each batch of rows is checked and, while
nothing is wrong, upserted by its key; then the
rollups are brought up to date, the data version is bumped and the load is
recorded in ``load_history``. Any problem rolls the whole transaction back,
so nothing is written unless everything is valid. Files are streamed, never
read whole: memory grows with the keys other files refer to (branches,
teams, staff, campaigns, users) but not with the other rows, whose
duplicate-key check keeps 8 bytes per row.

A load runs in the database's writer turn (``write_lock``): another load or
edit cannot change what it checks against until it commits.
"""

from __future__ import annotations

import difflib
import json
from array import array
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import partial
from itertools import islice
from pathlib import Path
from typing import IO, Any

import numpy
from sqlalchemy import (
    Connection,
    Index,
    and_,
    bindparam,
    delete,
    func,
    insert,
    null,
    or_,
    select,
    update,
)

from data_access import audit, bulk_upsert, rollups
from data_access.csv_batches import (
    WHOLE_FILE,
    Batch,
    CellProblem,
    Layout,
    read_batch,
)
from data_access.csv_batches import layout as read_layout
from data_access.csv_contract import (
    FILES,
    FILES_BY_NAME,
    FILES_BY_TABLE,
    INVALID,
    REMEMBERED,
    FileSpec,
    NotBeforeParent,
    OneFlagged,
    Reference,
)
from data_access.csv_reader import (
    ByteCounter,
    CsvStream,
    Fingerprint,
    MalformedCsv,
    UnreadableFile,
    fingerprint,
)
from data_access.database import Database
from data_access.schema import DATA_TABLES, LABEL, branches, data_version, load_history
from data_access.write_lock import writing
from data_access.writers import LOAD_DATA, Writer, WriteRefused

Source = Callable[[], IO[bytes]]
"""Opens one CSV file's bytes (called once per reading)."""
Progress = Callable[[str, float], None]
"""Told what is being done and the fraction of the whole job done (0 to 1)."""

MAX_KEPT_PROBLEMS = 1000
BATCH_ROWS = 10_000
"""Rows checked, then written, together: large enough for column-wise parsing to pay."""
WRITER_WAIT_SECONDS = 30.0
"""How long a load waits for another load or edit to finish writing before giving up."""
WAITING = "waiting for another load or edit to finish"
"""The progress message while a load waits for its turn to write."""
_QUERY_BATCH = 500


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.column}: {self.message}"


class Problems(list[Problem]):
    """Problems in file and line order: the first ``MAX_KEPT_PROBLEMS`` kept, ``total`` counts all."""

    def __init__(self) -> None:
        super().__init__()
        self.total = 0

    def add(self, problem: Problem) -> None:
        self.total += 1
        if len(self) < MAX_KEPT_PROBLEMS:
            self.append(problem)


class LoadRejected(Exception):
    """The load found problems and wrote nothing."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        self.total = max(getattr(problems, "total", 0), len(problems))
        super().__init__(f"{self.total} problem(s) found; nothing was written")


class DatabaseNotEmpty(Exception):
    """A load meant only for an empty database (the first-start seeding) found data already
    there when its turn to write came, and wrote nothing."""


@dataclass(frozen=True)
class LoadResult:
    rows: dict[str, int]
    """Rows loaded per table, for each file in the load (contract order)."""
    replace: bool = False
    touched: dict[str, frozenset[date]] = field(default_factory=dict)
    """Per table with a date column (``FileSpec.period``): the dates of the rows loaded, and
    for re-loaded users whose ``registered_on`` changed, the date they had before."""


def _file_opener(path: Path) -> Source:
    return lambda: path.open("rb")


def sources_from_folder(folder: Path) -> dict[str, Source]:
    """Every ``*.csv`` file directly in ``folder``, by name (hidden files are ignored)."""
    return {
        path.name: _file_opener(path)
        for path in sorted(folder.iterdir())
        if path.is_file() and path.suffix.lower() == ".csv" and not path.name.startswith(".")
    }


def load(
    db: Database,
    sources: Mapping[str, Source],
    *,
    writer: Writer,
    replace: bool = False,
    source: str = "",
    progress: Progress | None = None,
    wait_seconds: float | None = None,
    into_empty: bool = False,
) -> LoadResult:
    """Check and write everything in one transaction; raise ``LoadRejected`` on any problem
    (the transaction is then rolled back), ``DatabaseBusy`` when another load or edit keeps
    writing for more than ``wait_seconds`` (default ``WRITER_WAIT_SECONDS``), ``WriteRefused``
    when ``writer`` (recorded as the loader) is no longer an administrator (recorded in the
    audit trail as a refusal).

    ``into_empty`` loads only into a database with no branches, checked once this load has its
    turn to write (so a load that committed meanwhile is never replaced): otherwise
    ``DatabaseNotEmpty`` and nothing is written."""
    wait = WRITER_WAIT_SECONDS if wait_seconds is None else wait_seconds
    on_wait = None if progress is None else partial(progress, WAITING, 0.0)
    with (
        audit.refusals_recorded(
            db, writer.name, audit.DATA_LOAD, WriteRefused, files=sorted(sources), source=source
        ),
        writing(db, writer, LOAD_DATA, wait_seconds=wait, on_wait=on_wait) as conn,
    ):
        if into_empty and conn.execute(select(branches.c.branch_id).limit(1)).first():
            raise DatabaseNotEmpty
        deferred: list[Index] = []
        if replace:
            for table in reversed(DATA_TABLES):
                conn.execute(delete(table))
            deferred = _drop_indexes_while_loading(conn)
        plan = _Checker(conn, sources, replace, _Meter(progress, 0.0, 0.8)).run()
        if plan.problems.total:
            raise LoadRejected(plan.problems)
        for index in deferred:
            index.create(conn)
        result = LoadResult(plan.counts, replace, plan.touched)
        if progress is not None:
            progress("updating summary tables", 0.8)
        if replace:
            rollups.rebuild(conn)
        else:
            rollups.refresh(conn, result.touched)
        _record(conn, result, writer.name, source)
        audit.record(
            conn,
            audit.DATA_LOAD,
            writer.name,
            detail={
                "files": sorted(sources),
                "mode": "replace" if replace else "upsert",
                "rows": result.rows,
                "source": source,
            },
        )
    _report_done(progress, "loaded")
    return result


def _drop_indexes_while_loading(conn: Connection) -> list[Index]:
    """SQLite: the emptied tables' secondary indexes, dropped so that rows are appended without
    updating them at random; building each once afterwards is faster. Only the loading
    transaction sees them missing (readers keep their snapshot). PostgreSQL keeps them:
    dropping one would lock the table against every reader until the load commits."""
    if conn.dialect.name != "sqlite":
        return []
    indexes = [index for table in DATA_TABLES for index in sorted(table.indexes, key=_name)]
    for index in indexes:
        index.drop(conn)
    return indexes


def _name(index: Index) -> str:
    return str(index.name)


# --- progress -------------------------------------------------------------------------------


def _report_done(progress: Progress | None, message: str) -> None:
    if progress is not None:
        progress(message, 1.0)


class _Meter:
    """Reports bytes read as a fraction of all bytes to read, mapped onto ``[start, start+span]``."""

    STEP = 0.005

    def __init__(self, progress: Progress | None, start: float = 0.0, span: float = 1.0):
        self._progress = progress
        self._start = start
        self._span = span
        self._total = 0
        self._done = 0
        self._last: tuple[str, float] | None = None

    def begin(self, total_bytes: int) -> None:
        self._total = total_bytes
        self._done = 0

    def file(self, message: str, size: int) -> ByteCounter | None:
        """Start reading a file of ``size`` bytes; the returned counter reports its progress."""
        if self._progress is None:
            return None
        before = self._done
        self._done += size
        self._emit(message, before)
        return lambda count: self._emit(message, before + count)

    def _emit(self, message: str, done: int) -> None:
        fraction = self._start + self._span * (min(done / self._total, 1.0) if self._total else 0.0)
        progress = self._progress
        if progress is None:  # file() hands out no counter then, so this is never reached
            return
        last = self._last
        if last is None or last[0] != message or fraction - last[1] >= self.STEP:
            self._last = (message, fraction)
            progress(message, fraction)


def _usable(value: Any) -> bool:
    return value is not None and value is not INVALID


def _batches(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


# --- validation -------------------------------------------------------------------------------


_key_hash = hash
"""How keys are reduced to 8 bytes (a name of its own so tests can force collisions)."""


class _KeyHashes:
    """One file's keys as 8-byte hashes: equal hashes mark suspected duplicates, to be confirmed."""

    def __init__(self) -> None:
        self._hashes = array("q")

    def extend(self, keys: Iterable[tuple[str, ...]]) -> None:
        self._hashes.extend(map(_key_hash, keys))

    def suspects(self) -> set[int]:
        if len(self._hashes) < 2:
            return set()
        ordered = numpy.sort(numpy.frombuffer(self._hashes, dtype=numpy.int64))
        repeated = ordered[1:][ordered[1:] == ordered[:-1]]
        return set(repeated.tolist())


class _Catalog:
    """Keys that rows may refer to, each with its one remembered value (``REMEMBERED``).

    Filled from the stored rows first, then from this load's rows as their files are checked.
    """

    def __init__(self) -> None:
        self.rows: dict[str, dict[Any, Any]] = {table: {} for table in REMEMBERED}
        self._shared: dict[Any, Any] = {}

    def fetch(self, conn: Connection, table: str) -> None:
        spec = FILES_BY_TABLE[table]
        remembered = REMEMBERED[table]
        value = spec.table.c[spec.field(remembered).db_column] if remembered else null()
        statement = select(spec.table.c[spec.key[0]], value)
        rows = self.rows[table]
        shared = self._shared
        for key, stored in conn.execute(statement.execution_options(yield_per=50_000)):
            rows[key] = shared.setdefault(stored, stored)

    def values(self, table: str) -> set[Any]:
        return {value for value in self.rows[table].values() if _usable(value)}


@dataclass
class _Plan:
    problems: Problems
    counts: dict[str, int]
    """Rows written per table, for each file in the load (contract order)."""
    touched: dict[str, frozenset[date]]


def _children(table: str) -> list[tuple[FileSpec, NotBeforeParent]]:
    """The ``NotBeforeParent`` rules whose parent is ``table``, with their files."""
    return [
        (spec, rule)
        for spec in FILES
        for rule in spec.rules
        if isinstance(rule, NotBeforeParent) and spec.parent_table(rule) == table
    ]


class _Checker:
    """Checks every file in contract order on ``conn`` and upserts each batch of rows there as
    long as no problem has been found."""

    def __init__(
        self,
        conn: Connection,
        sources: Mapping[str, Source],
        replace: bool,
        meter: _Meter,
    ) -> None:
        self.conn = conn
        self.sources = sources
        self.replace = replace
        self.meter = meter
        self.problems = Problems()
        self.catalog = _Catalog()
        self.counts: dict[str, int] = {}
        self.touched: dict[str, set[date]] = defaultdict(set)
        """Per table with a period column: the dates of the rows written, and the former
        registration dates of the users the load moves."""

    def add(self, file: str, line: int, column: str, message: str) -> None:
        self.problems.add(Problem(file, line, column, message))

    def run(self) -> _Plan:
        files = []
        for spec in self._present_files():
            source = self.sources[spec.name]
            try:
                files.append((spec, source, fingerprint(source)))
            except UnreadableFile as error:
                self.add(spec.name, 1, WHOLE_FILE, f"the file {error}")
        self.meter.begin(sum(fp.size for _, _, fp in files))
        if not self.replace:
            for table in self._catalog_tables([spec for spec, _, _ in files]):
                self.catalog.fetch(self.conn, table)
        for spec, source, fp in files:
            _FileCheck(self, spec, source, fp).run()
        order = {spec.name: rank for rank, spec in enumerate(FILES)}
        self.problems.sort(key=lambda problem: (order.get(problem.file, -1), problem.line))
        touched = {table: frozenset(days) for table, days in self.touched.items() if days}
        return _Plan(self.problems, self.counts, touched)

    def _present_files(self) -> list[FileSpec]:
        for name in sorted(self.sources):
            if name not in FILES_BY_NAME:
                close = difflib.get_close_matches(name, FILES_BY_NAME, n=1)
                hint = f"did you mean {close[0]}? " if close else ""
                self.add(
                    name,
                    1,
                    WHOLE_FILE,
                    f"unknown file name; {hint}expected {', '.join(FILES_BY_NAME)}",
                )
        for spec in FILES:
            if spec.required and spec.name not in self.sources:
                self.add(spec.name, 1, WHOLE_FILE, "this file is required but missing")
        return [spec for spec in FILES if spec.name in self.sources]

    @staticmethod
    def _catalog_tables(specs: list[FileSpec]) -> set[str]:
        """The tables whose stored keys these files may need: their own, and those they name."""
        named = {spec.table.name for spec in specs}
        named |= {f.references.table for spec in specs for f in spec.fields if f.references}
        return named & REMEMBERED.keys()


class _FileCheck:
    """Checks one file a batch of rows at a time (each row's cells, references and parents),
    then what needs the whole file (duplicate keys, moved parents, flags)."""

    def __init__(self, checker: _Checker, spec: FileSpec, source: Source, fp: Fingerprint) -> None:
        self.checker = checker
        self.conn = checker.conn
        self.spec = spec
        self.source = source
        self.fp = fp
        self.hashes = _KeyHashes()
        catalog = checker.catalog.rows
        self.references: list[tuple[str, Any, str]] = []
        for spec_field in spec.fields:
            ref = spec_field.references
            if ref is not None:
                is_key = ref.column == FILES_BY_TABLE[ref.table].key[0]
                known = catalog[ref.table] if is_key else checker.catalog.values(ref.table)
                self.references.append((spec_field.name, known, self._unknown_message(ref)))
        self.parents = [
            (rule, catalog[spec.parent_table(rule)])
            for rule in spec.rules
            if isinstance(rule, NotBeforeParent)
        ]
        self.own_rows: dict[str, Any] | None = catalog.get(spec.table.name)
        remembered = REMEMBERED.get(spec.table.name)
        self.remembered = spec.field(remembered).name if remembered else None
        self.moved: dict[Any, tuple[int, Any]] = {}
        self.flag_rule = next((rule for rule in spec.rules if isinstance(rule, OneFlagged)), None)
        self.flags: dict[tuple[Any, ...], tuple[str, int, int]] = {}
        self.upsert = _writer(self.conn, spec)
        self.written = 0

    def _unknown_message(self, ref: Reference) -> str:
        where = f"{ref.table}.csv" if self.checker.replace else f"{ref.table}.csv or the database"
        return f"{{!r}} is not the {ref.column} of any row in {where}"

    def add(self, line: int, column: str, message: str) -> None:
        self.checker.add(self.spec.name, line, column, message)

    def run(self) -> None:
        on_bytes = self.checker.meter.file(f"loading {self.spec.name}", self.fp.size)
        try:
            with CsvStream(self.source, self.fp.encoding, on_bytes) as stream:
                layout, header_problems = read_layout(self.spec, stream.header)
                for column, message in header_problems:
                    self.add(1, column, message)
                if layout is None:
                    return
                for lines, rows in stream.batches(BATCH_ROWS):
                    self.batch(layout, read_batch(layout, lines, rows))
                digest = stream.digest()
        except MalformedCsv as error:
            self.add(error.line, WHOLE_FILE, str(error))
            return
        if digest != self.fp.digest:
            self.add(
                1, WHOLE_FILE, "the file changed while it was being loaded; nothing was written"
            )
            return
        self._check_duplicates(layout)
        if self.checker.problems.total == 0:
            self.upsert.finish()
            self.checker.counts[self.spec.table.name] = self.written
        self._check_moved_parents()
        if self.flag_rule is not None:
            self._check_flags(self.flag_rule)

    def batch(self, layout: Layout, batch: Batch) -> None:
        problems = batch.problems
        rank = layout.checks
        for name, known, message in self.references:
            column = batch.column(name)
            unknown = set(column).difference(known)
            unknown.difference_update((None, INVALID))
            if unknown:
                problems.extend(
                    (batch.lines[i], rank, name, message.format(value))
                    for i, value in enumerate(column)
                    if value in unknown
                )
            rank += 1
        for rule, parents in self.parents:
            problems.extend(self._too_early(batch, rule, parents, rank))
            rank += 1
        for line, _, column, message in sorted(problems, key=lambda problem: problem[:2]):
            self.add(line, column, message)
        if layout.key_positions is not None:
            self.hashes.extend(batch.keys(layout.key_positions))
        if self.own_rows is not None:
            self._remember(batch, self.own_rows)
        if self.flag_rule is not None:
            for i in batch.keyed():
                self._collect_flag(self.flag_rule, batch.lines[i], batch.row(i))
        if batch.size and self.checker.problems.total == 0:
            self.upsert.write([batch.column(f.name) for f in self.spec.fields])
            self.written += batch.size
            if self.spec.period:
                self.checker.touched[self.spec.table.name].update(batch.column(self.spec.period))

    @staticmethod
    def _too_early(
        batch: Batch, rule: NotBeforeParent, parents: Mapping[Any, Any], rank: int
    ) -> list[CellProblem]:
        """The problems of the rows dated before the parent row they name."""
        via, values = batch.column(rule.via), batch.column(rule.column)
        early = [
            i
            for i, (value, parent) in enumerate(zip(values, map(parents.get, via), strict=True))
            if parent is not None
            and value is not None
            and parent is not INVALID
            and value is not INVALID
            and value < parent
        ]
        return [
            (
                batch.lines[i],
                rank,
                rule.column,
                f"{values[i]} is before {rule.parent_column} {parents[via[i]]} "
                f"of {rule.via} {via[i]!r}",
            )
            for i in early
        ]

    def _remember(self, batch: Batch, own_rows: dict[str, Any]) -> None:
        """Record each keyed row's remembered value in ``own_rows`` (this file's table in the
        catalog); a row replacing another's (stored, or earlier in the file) may move a parent's
        date."""
        keys = batch.column(self.spec.key[0])
        values = batch.column(self.remembered) if self.remembered else [None] * batch.size
        if not batch.unkeyed and own_rows.keys().isdisjoint(keys) and len(set(keys)) == len(keys):
            own_rows.update(zip(keys, values, strict=True))
            return
        for i in batch.keyed():
            key, value = keys[i], values[i]
            previous: Any = own_rows.get(key)  # a stored or loaded value, None or INVALID
            own_rows[key] = value
            if _usable(previous) and _usable(value) and previous != value:
                if self.spec.period == self.remembered:
                    self.checker.touched[self.spec.table.name].add(previous)
                if value > previous:
                    self.moved[key] = (batch.lines[i], value)

    def _check_duplicates(self, layout: Layout) -> None:
        """Confirms suspected duplicates by reading the file again for just those keys."""
        suspects = self.hashes.suspects()
        positions = layout.key_positions
        if not suspects or positions is None:  # without key columns no key was hashed
            return
        lines, rows = [], []
        with CsvStream(self.source, self.fp.encoding) as stream:
            for batch_lines, batch_rows in stream.batches(BATCH_ROWS):
                for line, cells in zip(batch_lines, batch_rows, strict=True):
                    key = layout.raw_key(cells)
                    if key is not None and _key_hash(key) in suspects:
                        lines.append(line)
                        rows.append(cells)
        batch = read_batch(layout, lines, rows)
        first_lines: dict[tuple[str, ...], int] = {}
        label = "+".join(self.spec.key)
        keys = batch.keys(positions)
        for i, key in zip(batch.keyed(), keys, strict=True):
            line = batch.lines[i]
            first = first_lines.setdefault(key, line)
            if first != line:
                same = ", ".join(f"{n} {v!r}" for n, v in zip(self.spec.key, key, strict=True))
                self.add(line, label, f"same key as line {first} ({same})")

    def _check_moved_parents(self) -> None:
        """A parent's date moved later must stay on or before its children's stored dates."""
        if not self.moved:
            return
        for child, rule in _children(self.spec.table.name):
            via = child.table.c[child.field(rule.via).db_column]
            column = child.table.c[child.field(rule.column).db_column]
            for batch in _batches(sorted(self.moved), _QUERY_BATCH):
                statement = select(via, func.min(column)).where(via.in_(batch)).group_by(via)
                for key, earliest in self.conn.execute(statement):
                    line, value = self.moved[key]
                    if earliest < value:
                        self.add(
                            line,
                            rule.parent_column,
                            f"{value} is after {child.table.name}.{rule.column} {earliest} "
                            f"already stored for {rule.via} {key!r}",
                        )

    def _collect_flag(self, rule: OneFlagged, line: int, values: dict[str, Any]) -> None:
        name: Any = values.get(rule.name)  # a parsed value, None or INVALID
        flag: Any = values.get(rule.flag)
        if _usable(name) and _usable(flag):
            self.flags[tuple(values[key] for key in self.spec.key)] = (name, flag, line)

    def _check_flags(self, rule: OneFlagged) -> None:
        """``OneFlagged`` over the rows after the load: this file's and the stored ones it keeps."""
        loaded_lines: dict[str, dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
        for name, flag, line in self.flags.values():
            loaded_lines[name][flag].append(line)
        stored: dict[str, set[int]] = defaultdict(set)
        if not self.checker.replace:
            table = self.spec.table
            key = [table.c[self.spec.field(name).db_column] for name in self.spec.key]
            name_column = table.c[self.spec.field(rule.name).db_column]
            flag_column = table.c[self.spec.field(rule.flag).db_column]
            for row in self.conn.execute(select(*key, name_column, flag_column)):
                if tuple(row[: len(key)]) not in self.flags:
                    stored[row[-2]].add(row[-1])
        for name, by_flag in loaded_lines.items():
            expected = self._expected_flag(stored[name], by_flag)
            single = len(stored[name]) == 1
            where = "in rows already stored" if single else f"on line {min(by_flag[expected])}"
            for flag, lines in by_flag.items():
                if flag != expected:
                    for line in lines:
                        self.add(
                            line,
                            rule.flag,
                            f"{rule.name} {name!r} has {rule.flag} {flag} here but {expected} {where}",
                        )
        self._check_one_flagged(rule, loaded_lines, stored)

    @staticmethod
    def _expected_flag(stored: set[int], by_flag: dict[int, list[int]]) -> int:
        """The flag a name should have: the stored one, else the one on its first loaded line."""
        if len(stored) == 1:
            return next(iter(stored))
        return min(by_flag, key=lambda flag: min(by_flag[flag]))

    def _check_one_flagged(
        self,
        rule: OneFlagged,
        loaded_lines: dict[str, dict[int, list[int]]],
        stored: dict[str, set[int]],
    ) -> None:
        flagged = [name for name, flags in stored.items() if 1 in flags]
        flagged += sorted(
            (
                name
                for name, by_flag in loaded_lines.items()
                if 1 in by_flag and name not in flagged
            ),
            key=lambda name: min(loaded_lines[name][1]),
        )
        if not flagged:
            if self.flags:
                self.add(
                    1, rule.flag, f"no {rule.name} has {rule.flag} 1, but exactly one must have"
                )
            return
        first = flagged[0]
        where = (
            "in rows already stored"
            if 1 in stored[first]
            else f"on line {min(loaded_lines[first][1])}"
        )
        for name in flagged[1:]:
            if 1 in loaded_lines[name]:
                self.add(
                    min(loaded_lines[name][1]),
                    rule.flag,
                    f"{rule.name} {name!r} has {rule.flag} 1, but so has {first!r} {where}; "
                    f"exactly one {rule.name} may",
                )


# --- writing ------------------------------------------------------------------------------------


def _writer(conn: Connection, spec: FileSpec) -> bulk_upsert.Upsert:
    """SQLite and PostgreSQL: ``bulk_upsert``; any other database: update-or-insert by key."""
    columns = [f.db_column for f in spec.fields]
    if bulk_upsert.supports(conn.dialect.name):
        return bulk_upsert.upserter(conn, spec.table, columns)
    return _GenericUpsert(conn, spec, columns)


class _GenericUpsert:
    def __init__(self, conn: Connection, spec: FileSpec, columns: list[str]) -> None:
        self._conn = conn
        self._spec = spec
        self._columns = columns

    def write(self, columns: Sequence[Sequence[Any]]) -> None:
        rows = [dict(zip(self._columns, row, strict=True)) for row in zip(*columns, strict=True)]
        _update_or_insert(self._spec, self._conn, rows)

    def finish(self) -> None:
        """Nothing is left to do: every batch was written as it came."""


def _update_or_insert(spec: FileSpec, conn: Connection, rows: list[dict[str, Any]]) -> None:
    """The upsert for any other database: find the stored keys, update those rows, insert the rest."""
    table = spec.table
    key = list(table.primary_key)
    others = [column for column in table.columns if not column.primary_key]
    stored: set[tuple[Any, ...]] = set()
    for batch in _batches(rows, _QUERY_BATCH):
        matches = or_(*(and_(*(c == row[c.name] for c in key)) for row in batch))
        stored.update(tuple(found) for found in conn.execute(select(*key).where(matches)))
    existing = [row for row in rows if tuple(row[c.name] for c in key) in stored]
    new = [row for row in rows if tuple(row[c.name] for c in key) not in stored]
    if existing and others:
        statement = (
            update(table)
            .where(and_(*(c == bindparam(f"key_{c.name}") for c in key)))
            .values({c.name: bindparam(f"new_{c.name}") for c in others})
        )
        conn.execute(
            statement,
            [
                {f"key_{c.name}": row[c.name] for c in key}
                | {f"new_{c.name}": row[c.name] for c in others}
                for row in existing
            ],
        )
    if new:
        conn.execute(insert(table), new)


def _record(conn: Connection, result: LoadResult, loaded_by: str, source: str) -> None:
    now = datetime.now(UTC).replace(tzinfo=None)
    conn.execute(
        update(data_version)
        .where(data_version.c.id == 1)
        .values(version=data_version.c.version + 1, changed_at=now)
    )
    conn.execute(
        insert(load_history).values(
            loaded_at=now,
            loaded_by=loaded_by[: LABEL.length],  # the type of load_history.loaded_by
            source=source,
            replace=int(result.replace),
            rows_json=json.dumps(result.rows, ensure_ascii=False),
        )
    )
