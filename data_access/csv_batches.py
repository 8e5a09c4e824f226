"""Reading a contract file's rows a batch at a time, column by column.

A large file has millions of rows whose cells are nearly all valid. Parsing a
batch column by column lets that common case run at the speed of Python's
built-ins: a column is parsed through its parser's ``many`` when it has one
(ids, amounts), otherwise once per distinct text (dates, counts, labels repeat
across rows). Only a column that holds a bad cell is parsed cell by cell, so
the messages are exactly the parsers' own.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from data_access.csv_contract import INVALID, CellError, Field, FileSpec, RowRule

WHOLE_FILE = "-"
"""The column named by a problem that is not about one column."""

CellProblem = tuple[int, int, str, str]
"""``(line, rank, column, message)``: rank orders the problems of one line."""


@dataclass(frozen=True)
class Layout:
    """Where the declared columns sit in one file's header."""

    width: int
    fields: tuple[tuple[int, Field], ...]
    key_positions: tuple[int, ...] | None
    """Where the key columns are; None when one is missing from the header."""
    rules: tuple[RowRule, ...]
    key: tuple[str, ...]

    @property
    def checks(self) -> int:
        """How many ranks the batch's own problems use (fields, then row rules)."""
        return len(self.fields) + len(self.rules)

    def raw_key(self, cells: list[str]) -> tuple[str, ...] | None:
        if self.key_positions is None or len(cells) != self.width:
            return None
        return tuple(cells[position] for position in self.key_positions)


def layout(spec: FileSpec, header: list[str]) -> tuple[Layout | None, list[tuple[str, str]]]:
    """The file's layout and its header's ``(column, message)`` problems."""
    if not header:
        return None, [(WHOLE_FILE, "no header row: line 1 must name the columns")]
    expected = [f.name for f in spec.fields]
    positions: dict[str, int] = {}
    problems: list[tuple[str, str]] = []
    for position, name in enumerate(header):
        if not name:
            problems.append((WHOLE_FILE, f"column {position + 1} has no name"))
        elif name in positions:
            problems.append((name, "the column appears twice"))
        elif name not in expected:
            close = difflib.get_close_matches(name, expected, n=1)
            hint = f"did you mean {close[0]}? " if close else ""
            problems.append((name, f"unknown column; {hint}expected {', '.join(expected)}"))
        else:
            positions[name] = position
    for spec_field in spec.fields:
        if spec_field.required and spec_field.name not in positions:
            problems.append((spec_field.name, "a required column is missing"))
    keys = spec.key if all(name in positions for name in spec.key) else None
    found = Layout(
        width=len(header),
        fields=tuple((positions[f.name], f) for f in spec.fields if f.name in positions),
        key_positions=tuple(positions[name] for name in keys) if keys else None,
        rules=spec.row_rules,
        key=spec.key,
    )
    return found, problems


@dataclass
class Batch:
    """Rows of one file parsed by column; rows with the wrong number of cells are left out."""

    lines: list[int]
    raw: list[tuple[str, ...]]
    """The rows' cells by header position."""
    values: dict[str, list[Any]]
    """By declared column in the header: each row's value, None when missing, ``INVALID``
    when it does not parse."""
    problems: list[CellProblem] = field(default_factory=list)
    unkeyed: set[int] = field(default_factory=set)
    """The rows (by index) whose key is missing or invalid in part."""

    @property
    def size(self) -> int:
        return len(self.lines)

    def column(self, name: str) -> Sequence[Any]:
        """The values of ``name``; all None when the header lacks the column."""
        values = self.values.get(name)
        return values if values is not None else [None] * self.size

    def row(self, index: int) -> dict[str, Any]:
        """One row's values by column, missing ones left out."""
        return {
            name: values[index] for name, values in self.values.items() if values[index] is not None
        }

    def keyed(self) -> Sequence[int]:
        """The rows whose key is whole and valid."""
        if not self.unkeyed:
            return range(self.size)
        return [i for i in range(self.size) if i not in self.unkeyed]

    def keys(self, positions: Sequence[int]) -> Iterable[tuple[str, ...]]:
        """The raw key (the cells at ``positions``) of each row of ``keyed()``, in its order."""
        if not self.size:
            return ()
        keys = zip(*(self.raw[position] for position in positions), strict=True)
        if not self.unkeyed:
            return keys
        return (key for i, key in enumerate(keys) if i not in self.unkeyed)


def read_batch(layout: Layout, lines: Sequence[int], rows: Sequence[list[str]]) -> Batch:
    """Parse the rows (their cells) found on ``lines``; every problem of a row's own cells is in
    ``problems``."""
    problems: list[CellProblem] = []
    if len(set(map(len, rows))) > 1 or (rows and len(rows[0]) != layout.width):
        kept = []
        for i, cells in enumerate(rows):
            if len(cells) == layout.width:
                kept.append(i)
            else:
                message = f"the row has {len(cells)} cells but the header has {layout.width}"
                problems.append((lines[i], 0, WHOLE_FILE, message))
        lines, rows = [lines[i] for i in kept], [rows[i] for i in kept]
    raw = list(zip(*rows, strict=True)) if rows else []
    batch = Batch(list(lines), raw, {}, problems)
    if not rows:
        return batch
    for rank, (position, declared) in enumerate(layout.fields):
        values, failures = parse_column(declared, raw[position])
        batch.values[declared.name] = values
        for index, message in failures:
            problems.append((lines[index], rank, declared.name, message))
            if declared.name in layout.key:
                batch.unkeyed.add(index)
    for offset, rule in enumerate(layout.rules, start=len(layout.fields)):
        for index, column, message in rule.violations(batch.column):
            problems.append((lines[index], offset, column, message))
    return batch


def parse_column(declared: Field, raws: Sequence[str]) -> tuple[list[Any], list[tuple[int, str]]]:
    """The column's values and its ``(row index, message)`` problems, in row order."""
    many = getattr(declared.parse, "many", None)
    if many is not None and all(raws):
        parsed = many(raws)
        if parsed is not None:
            return parsed, []
    by_text: dict[str, Any] = {}
    failures: dict[str, str] = {}
    for raw in set(raws):
        if not raw:
            by_text[raw] = None
            if declared.required:
                failures[raw] = "a value is required"
            continue
        try:
            by_text[raw] = declared.parse(raw)
        except CellError as error:
            by_text[raw] = INVALID
            failures[raw] = str(error)
    values = list(map(by_text.__getitem__, raws))
    if not failures:
        return values, []
    return values, [(index, failures[raw]) for index, raw in enumerate(raws) if raw in failures]
