"""Engine domains: each registers its need and offer models, hard rules, soft criteria, explanations."""

from __future__ import annotations

from matching.domains.base import DomainSpec, get_domain, register

__all__ = ["DomainSpec", "get_domain", "register"]
