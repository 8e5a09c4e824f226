"""Spreadsheet safety and atomic writes: data text never runs as a formula, files are whole."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest

from exports.files import write_atomic
from exports.safe_cells import safe_cell, safe_frame


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("=1+1", "'=1+1"),
        ("+86 571", "'+86 571"),
        ("-SUM(A1)", "'-SUM(A1)"),
        ("@cmd", "'@cmd"),
        ("\t=1", "'\t=1"),
        ("\rx", "'\rx"),
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
    ],
)
def test_text_that_starts_a_formula_is_prefixed(raw, shown):
    assert safe_cell(raw) == shown


@pytest.mark.parametrize("value", ["杭州西湖支行", "a=b", "", "HZ-01", " =1", None, 0, -5, -2.5, 3])
def test_other_values_pass_unchanged(value):
    assert safe_cell(value) == value
    assert type(safe_cell(value)) is type(value)


def test_safe_frame_neutralises_text_columns_and_names_and_keeps_numbers():
    frame = pd.DataFrame({"=branch": ["=cmd", "杭州"], "users": [-3, 4], "share": [-0.5, 0.25]})
    safe = safe_frame(frame)
    assert list(safe.columns) == ["'=branch", "users", "share"]
    assert safe["'=branch"].tolist() == ["'=cmd", "杭州"]
    assert safe["users"].tolist() == [-3, 4]
    assert pd.api.types.is_integer_dtype(safe["users"])
    assert safe["share"].tolist() == [-0.5, 0.25]
    assert frame["=branch"].tolist() == ["=cmd", "杭州"], "the input frame is left as it was"


def test_write_atomic_replaces_the_whole_file(tmp_path):
    target = tmp_path / "pack.pptx"
    target.write_bytes(b"old")
    write_atomic(target, b"new contents")
    assert target.read_bytes() == b"new contents"
    assert [p.name for p in tmp_path.iterdir()] == ["pack.pptx"]


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "pack.pptx"
    target.write_bytes(b"old")

    def broken_fsync(_fd: int) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(OSError, match="disk full"):
        write_atomic(target, b"new contents")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["pack.pptx"]


def test_a_failed_first_write_creates_no_file(tmp_path, monkeypatch):
    monkeypatch.setattr(os, "replace", lambda *_: (_ for _ in ()).throw(OSError("no")))
    with pytest.raises(OSError):
        write_atomic(Path(tmp_path / "new.xlsx"), b"x")
    assert list(tmp_path.iterdir()) == []
