"""The talent domain's receivers of the enterprises app's signals (connected by ``MatchingConfig.ready``)."""

from __future__ import annotations

from typing import Any

from enterprises import signals
from matching.talent import services


def connect() -> None:
    """Rematch a talent whose profile changed; clear the domain's rows of a talent being erased."""
    signals.talent_profile_changed.connect(_profile_changed, dispatch_uid="matching-talent-profile-changed")
    signals.talent_erasing.connect(_erasing, dispatch_uid="matching-talent-erasing")


def _profile_changed(sender: Any, profile: Any, **kwargs: Any) -> None:
    services.talent_profile_changed(profile=profile)


def _erasing(sender: Any, profile: Any, user: Any, at: Any, **kwargs: Any) -> None:
    services.talent_erasing(profile=profile, user=user, at=at)
