"""Column-wise parsing of a batch must agree with parsing each cell on its own."""

from __future__ import annotations

import io
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from data_access.csv_batches import parse_column
from data_access.csv_contract import FILES, INVALID, CellError, Cents, Field, Text
from data_access.csv_reader import CsvStream

FIELDS = {f"{spec.name}:{f.name}": f for spec in FILES for f in spec.fields}


def cell_by_cell(declared: Field, raws: list[str]) -> tuple[list, list[tuple[int, str]]]:
    """The reference: every cell through the parser alone."""
    values: list[Any] = []
    problems: list[tuple[int, str]] = []
    for index, raw in enumerate(raws):
        if not raw:
            values.append(None)
            if declared.required:
                problems.append((index, "a value is required"))
            continue
        try:
            values.append(declared.parse(raw))
        except CellError as error:
            values.append(INVALID)
            problems.append((index, str(error)))
    return values, problems


amounts = st.from_regex(r"-?[0-9]{1,14}(\.[0-9]{0,3})?", fullmatch=True)
cells = st.one_of(
    amounts,
    st.from_regex(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", fullmatch=True),
    st.sampled_from(["", "0", "1", "5", "12", "1,5", "12.5", "１２", " 3", "x", "2024-02-30"]),
    st.text(max_size=70),
)


@given(raws=st.lists(cells, min_size=1, max_size=30))
def test_each_column_parses_like_its_cells(raws):
    for name, declared in FIELDS.items():
        assert parse_column(declared, raws) == cell_by_cell(declared, raws), name


@given(raws=st.lists(amounts, min_size=1, max_size=30))
def test_amounts_parse_like_their_cells(raws):
    declared = Field("amount", Cents(maximum=10**15))
    assert parse_column(declared, raws) == cell_by_cell(declared, raws)


def test_the_fast_paths_take_only_valid_columns():
    assert Cents().many(["12", "12.5", "0.05", "7.00"]) == [1200, 1250, 5, 700]
    assert Cents().many(["12", "1,5"]) is None
    assert Cents().many(["12", "-0"]) is None
    assert Cents(maximum=999).many(["9.99", "10"]) is None
    assert Text(3).many(["abc", "de"]) == ["abc", "de"]
    assert Text(3).many(["abcd"]) is None


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_rows_are_numbered_by_the_line_they_start_on(newline):
    text = newline.join(
        ["a,b", "1,x", f'2,"two{newline}lines"', "", f'3,"three{newline}{newline}lines"', "4,y", ""]
    )
    with CsvStream(lambda: io.BytesIO(text.encode()), "utf-8") as stream:
        found = [
            (line, cells[0])
            for lines, rows in stream.batches(2)
            for line, cells in zip(lines, rows, strict=True)
        ]
    assert found == [(2, "1"), (3, "2"), (6, "3"), (9, "4")]
