"""Engine domains: each registers its need and offer models, hard rules, soft criteria, explanations."""

from __future__ import annotations

from matching.domains.base import DomainSpec, domain_names, get_domain, register

__all__ = ["DomainSpec", "domain_names", "get_domain", "register"]
