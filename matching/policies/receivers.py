"""The policy domain's receivers of the enterprises app's signals (connected by ``MatchingConfig.ready``)."""

from __future__ import annotations

from typing import Any

from enterprises import signals
from matching.policies import services


def connect() -> None:
    """Re-check the policies of firms whose profile changed (queued after commit)."""
    signals.enterprise_profiles_changed.connect(_profiles_changed, dispatch_uid="matching-policies-profiles-changed")


def _profiles_changed(sender: Any, organization_ids: list[int], **kwargs: Any) -> None:
    services.policies_reevaluate_on_commit(organization_ids)
