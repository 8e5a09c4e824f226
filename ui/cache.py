"""Memoised metric calls for the pages.

``cached(fn)`` turns ``fn(db, *args)`` into ``call(db, data_version, *args)``
whose results are kept per (database URL, viewer scope, data version,
arguments). A load bumps the data version, so nobody sees stale numbers, and
a viewer never gets another scope's results. Each function keeps at most
``MAX_ENTRIES`` results; the engine is never part of the key.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Concatenate, ParamSpec, TypeVar

import streamlit as st

from data_access import Database, Scope

P = ParamSpec("P")
R = TypeVar("R")

MAX_ENTRIES = 128

ScopeKey = tuple[tuple[str, ...] | None, tuple[str, ...] | None]


def scope_key(scope: Scope) -> ScopeKey:
    """The scope as sorted tuples, so that equal scopes give equal cache keys."""

    def part(values: frozenset[str] | None) -> tuple[str, ...] | None:
        return None if values is None else tuple(sorted(values))

    return part(scope.branches), part(scope.regions)


def _scope(key: ScopeKey) -> Scope:
    branches, regions = key
    return Scope(
        branches=None if branches is None else frozenset(branches),
        regions=None if regions is None else frozenset(regions),
    )


def cached(
    fn: Callable[Concatenate[Database, P], R],
) -> Callable[Concatenate[Database, int, P], R]:
    def compute(url: str, scope: ScopeKey, data_version: int, *args, **kwargs):
        return fn(Database(url, _scope(scope)), *args, **kwargs)

    # Streamlit names a cache after the function's module and qualified name.
    compute.__module__ = fn.__module__
    compute.__qualname__ = f"{fn.__qualname__}.cached"
    memo = st.cache_data(max_entries=MAX_ENTRIES, show_spinner=False)(compute)

    @functools.wraps(fn)
    def call(db: Database, data_version: int, *args: P.args, **kwargs: P.kwargs) -> R:
        return memo(db.url, scope_key(db.scope), data_version, *args, **kwargs)

    return call
