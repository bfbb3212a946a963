"""Celery's autodiscovery entry point (``<app>.tasks``): every package's tasks, registered by import.

Task names are explicit (``matching.run``, ``matching.policy_notify``…), so where a task's code
lives does not change its name.
"""

from matching.engine import tasks as engine_tasks
from matching.events import tasks as events_tasks
from matching.financing import tasks as financing_tasks
from matching.policies import tasks as policies_tasks

__all__ = ["engine_tasks", "events_tasks", "financing_tasks", "policies_tasks"]
