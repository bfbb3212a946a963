"""Celery tasks of the back-office (autodiscovered as ``backoffice.tasks``)."""

from backoffice.tasks.stats import *  # noqa: F403
from backoffice.tasks.whitelist import *  # noqa: F403
