"""Cached metric calls are keyed on database URL, viewer scope, data version and arguments."""

from __future__ import annotations

from data_access import Database, Filters, Scope
from ui.cache import MAX_ENTRIES, cached, scope_key

CALLS: list[tuple] = []


def count_call(db: Database, filters: Filters, limit: int = 10) -> tuple[str, Scope | None, int]:
    CALLS.append((db.url, db.scope, filters, limit))
    return db.url, db.scope, limit


def test_results_are_reused_until_something_in_the_key_changes():
    CALLS.clear()
    call = cached(count_call)
    everyone = Database("sqlite:///one.sqlite3")
    hangzhou = everyone.with_scope(Scope(branches=frozenset({"HZ-01", "HZ-02"})))
    assert call(everyone, 1, Filters()) == ("sqlite:///one.sqlite3", Scope(), 10)
    call(everyone, 1, Filters())
    assert len(CALLS) == 1
    call(everyone, 2, Filters())  # a load bumped the data version
    call(hangzhou, 2, Filters())  # another viewer's scope
    call(everyone, 2, Filters(segments=("young",)))
    call(everyone, 2, Filters(), limit=5)
    call(Database("sqlite:///two.sqlite3"), 2, Filters())
    assert len(CALLS) == 6
    assert CALLS[2][1] == Scope(branches=frozenset({"HZ-01", "HZ-02"}))


def test_equal_scopes_give_equal_keys_and_the_cache_is_bounded():
    built_apart = Scope(branches=frozenset(["b", "a"]), regions=frozenset())
    assert scope_key(built_apart) == (("a", "b"), ())
    assert scope_key(Scope()) == (None, None)
    assert 0 < MAX_ENTRIES <= 1000
