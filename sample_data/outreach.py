"""Outreach visits, built from the outreach registrations so the two agree.

Every outreach registration belongs to a visit by the user's member of staff,
on the registration day, at a location of the user's location type; the visit
met more people than it registered. Some visits register nobody.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sample_data.labels import LOCATION_TYPES, OUTREACH, RURAL
from sample_data.organisation import Organisation
from sample_data.timeline import Timeline
from sample_data.users import Users

CONVERSION = np.array([0.25, 0.35, 0.40, 0.20])
"""Share of the people met who register, by location type."""
FRUITLESS_SHARE = 0.3
"""Visits that register nobody, relative to visits that register someone."""


@dataclass(frozen=True)
class Visits:
    staff: np.ndarray
    day: np.ndarray
    location: np.ndarray
    contacts: np.ndarray


def build_visits(
    rng: np.random.Generator, timeline: Timeline, org: Organisation, users: Users
) -> Visits:
    outreach = users.channel == OUTREACH
    locations = len(LOCATION_TYPES)
    keys = (
        users.staff[outreach].astype(np.int64) * timeline.days + users.day[outreach]
    ) * locations + users.location[outreach]
    visit_keys, registered = np.unique(keys, return_counts=True)
    location = visit_keys % locations
    day = visit_keys // locations % timeline.days
    staff = visit_keys // locations // timeline.days
    conversion = CONVERSION[location]
    contacts = (
        registered + rng.negative_binomial(registered, conversion) + rng.poisson(2, len(registered))
    )

    fruitless = int(round(FRUITLESS_SHARE * len(visit_keys)))
    idle_staff = rng.choice(
        len(org.staff_ids), fruitless, p=org.staff_weight / org.staff_weight.sum()
    )
    idle_location = np.where(
        org.branch_rural[org.staff_branch[idle_staff]] & (rng.random(fruitless) < 0.5),
        RURAL,
        rng.choice(3, fruitless, p=[0.5, 0.25, 0.25]),
    )
    staff = np.concatenate([staff, idle_staff])
    day = np.concatenate([day, rng.integers(0, timeline.days, fruitless)])
    location = np.concatenate([location, idle_location])
    contacts = np.concatenate([contacts, rng.poisson(8, fruitless)])
    order = np.lexsort((location, staff, day))
    return Visits(staff[order], day[order], location[order], contacts[order])
