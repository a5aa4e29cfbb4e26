"""Shared rules of the death procedures: dates in order, and the 15-day registration deadline."""

from __future__ import annotations

from pydantic import computed_field

from agent.dossier import enums, rules
from agent.dossier.parts import DeathNotice, DeceasedPerson, DetailedAddress
from agent.dossier.problems import fail
from agent.dossier.types import DossierModel, PartialDate, Text, Time

#: Luật Hộ tịch art. 33: death is registered within 15 days (on time, fee exempt).
DEADLINE_DAYS = 15


class Death(DossierModel):
    date: PartialDate
    time: Time | None = None
    place: DetailedAddress
    cause: Text

    # Pages that ask hour and minute as two questions ("Giờ chết", "Phút chết") type these.
    @computed_field  # type: ignore[prop-decorator]
    @property
    def hour(self) -> str | None:
        return self.time.split(":")[0] if self.time else None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def minute(self) -> str | None:
        return self.time.split(":")[1] if self.time else None


def check_death_dates(deceased: DeceasedPerson, death_date: str, notice: DeathNotice) -> None:
    """Born before died, death notice issued after the death."""
    died_first, died_last = rules.partial_bounds(death_date)
    if rules.partial_bounds(deceased.date_of_birth)[0] > died_last:
        fail("death.date is before deceased.date_of_birth", "check both dates")
    if rules.parse_date(notice.date) < died_first:
        fail("death_notice.date is before death.date", "a death notice is issued after the death")


def registration_type(death_date: str, given: str | None) -> str:
    """Derive the type from the death date, or check the one given against the deadline."""
    exact = len(death_date.split("/")) == 3
    late_by = (rules.today() - rules.partial_bounds(death_date)[1]).days
    on_time = exact and late_by <= DEADLINE_DAYS
    if given is None:
        if on_time:
            return enums.ON_TIME
        return enums.LATE if exact else enums.LONG_AGO
    if given == enums.ON_TIME and not on_time:
        fail(
            f"registration_type {given!r} needs a full death date at most {DEADLINE_DAYS} days ago",
            f"use {enums.LATE!r} (or {enums.LONG_AGO!r}), or leave registration_type out",
        )
    if given != enums.ON_TIME and on_time:
        fail(
            f"registration_type {given!r} but the death was {late_by} day(s) ago, within the "
            f"{DEADLINE_DAYS}-day deadline",
            f"use {enums.ON_TIME!r}, or leave registration_type out",
        )
    return given
