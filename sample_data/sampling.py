"""Small vectorised sampling helpers shared by the generators."""

from __future__ import annotations

import numpy as np


def pick(rng: np.random.Generator, probabilities: np.ndarray) -> np.ndarray:
    """One category index per row of ``probabilities`` (n x k, rows need not be normalised)."""
    cumulative = np.cumsum(probabilities, axis=1)
    draws = rng.random(len(probabilities)) * cumulative[:, -1]
    return (draws[:, None] >= cumulative).sum(axis=1).clip(0, probabilities.shape[1] - 1)


def pick_weighted_within(
    rng: np.random.Generator, groups: np.ndarray, member_group: np.ndarray, weights: np.ndarray
) -> np.ndarray:
    """For each entry of ``groups``, a member of that group drawn in proportion to ``weights``.

    Members are the indices of ``member_group``; every group drawn must have a member.
    """
    order = np.argsort(member_group, kind="stable")
    sorted_groups = member_group[order]
    cumulative = np.cumsum(weights[order])
    first = np.searchsorted(sorted_groups, groups, side="left")
    last = np.searchsorted(sorted_groups, groups, side="right") - 1
    below = np.where(first > 0, cumulative[first - 1], 0.0)
    draws = below + rng.random(len(groups)) * (cumulative[last] - below)
    chosen = np.searchsorted(cumulative, draws, side="right")
    return order[np.minimum(chosen, last)]
