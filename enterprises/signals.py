"""What the enterprises app tells the apps built on it when a party's facts change.

The enterprises app imports no other app: matching (policies, talent) listens here instead of
being called. Each signal is sent by a service inside its transaction; a receiver either writes
in that same transaction (erasure) or schedules its work for after the commit (rematching,
policy re-evaluation), never queues a task before the commit.
"""

from __future__ import annotations

from django.dispatch import Signal

#: ``organization_ids`` (list of int): these enterprises' profiles changed — industry, size,
#: chain segments, certifications, white list — so what they qualify for may have changed.
enterprise_profiles_changed = Signal()

#: ``profile`` (TalentProfile): a talent's profile changed (skills, cities, salary…).
talent_profile_changed = Signal()

#: ``profile`` (TalentProfile), ``user`` (User), ``at`` (datetime): the talent is being erased under
#: PIPL; receivers clear what they hold about it, in the same transaction, before the profile goes.
talent_erasing = Signal()
