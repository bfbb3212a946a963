"""Working days by China's official calendar (holidays and 调休 make-up workdays included).

``chinese-calendar`` carries the State Council's yearly arrangement; for a year it does not
know yet, the lunar-computed public holidays of the ``holidays`` package plus weekends stand
in (without 调休 — the arrangement is published each November for the next year).
"""

from __future__ import annotations

import logging
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import chinese_calendar
import holidays

logger = logging.getLogger(__name__)
CHINA_TZ = ZoneInfo("Asia/Shanghai")


@lru_cache(maxsize=8)
def _fallback_holidays(year: int) -> holidays.HolidayBase:
    logger.warning("chinese-calendar has no data for %s; using holidays.China and weekends", year)
    return holidays.China(years=year)


def is_workday(day: date) -> bool:
    """Whether ``day`` is a working day in mainland China."""
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        return day.weekday() < 5 and day not in _fallback_holidays(day.year)


def add_working_days(start: datetime, days: int) -> datetime:
    """The end (23:59:59 Beijing time) of the ``days``-th working day after ``start``'s date."""
    local = start.astimezone(CHINA_TZ).date()
    counted = 0
    while counted < days:
        local += timedelta(days=1)
        if is_workday(local):
            counted += 1
    return datetime.combine(local, time(23, 59, 59), tzinfo=CHINA_TZ)


def working_days_between(start: datetime, end: datetime) -> int:
    """Working days after ``start``'s date up to and including ``end``'s date (Beijing time)."""
    a, b = start.astimezone(CHINA_TZ).date(), end.astimezone(CHINA_TZ).date()
    n = 0
    while a < b:
        a += timedelta(days=1)
        n += is_workday(a)
    return n
