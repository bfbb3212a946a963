"""A bank's answer deadline in working days (matching/common/workdays.py): always the end of a working
day, later for more days or a later start, and exactly that many working days away."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import chinese_calendar
import holidays
from hypothesis import given, settings
from hypothesis import strategies as st

from matching.common.workdays import CHINA_TZ, add_working_days, is_workday, working_days_between
from tests.properties import PROFILE

# Both years chinese-calendar knows (with 调休) and, at the end, a year it may not (fallback).
starts = st.datetimes(min_value=dt.datetime(2019, 1, 1), max_value=dt.datetime(2027, 12, 20),
                      timezones=st.sampled_from([ZoneInfo("UTC"), CHINA_TZ, ZoneInfo("America/New_York")]))
days = st.integers(0, 25)


def official_workday(day: dt.date) -> bool:
    """The oracle: the State Council's arrangement, else weekdays minus the lunar holidays."""
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        return day.weekday() < 5 and day not in holidays.China(years=day.year)


@settings(PROFILE)
@given(starts, days)
def test_deadline_is_the_end_of_a_working_day_exactly_n_working_days_later(start, n):
    due = add_working_days(start, n)
    local_start = start.astimezone(CHINA_TZ).date()
    assert due.tzinfo is not None and due.astimezone(CHINA_TZ).time() == dt.time(23, 59, 59)
    if n == 0:
        assert due.date() == local_start
        return
    assert official_workday(due.date()) and is_workday(due.date())  # never a weekend off or a holiday
    assert due.date() > local_start
    assert working_days_between(start, due) == n
    # and no working day is skipped: the day before the deadline holds n - 1 of them
    assert working_days_between(start, due - dt.timedelta(days=1)) == n - 1


@settings(PROFILE)
@given(starts, days, st.integers(1, 10))
def test_more_working_days_is_a_later_deadline(start, n, more):
    assert add_working_days(start, n + more) > add_working_days(start, n)


@settings(PROFILE)
@given(starts, st.timedeltas(min_value=dt.timedelta(0), max_value=dt.timedelta(days=40)), st.integers(1, 10))
def test_a_later_start_never_gives_an_earlier_deadline(start, later_by, n):
    assert add_working_days(start + later_by, n) >= add_working_days(start, n)
