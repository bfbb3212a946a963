"""Test settings: the machine's PostgreSQL and Redis (scripts/test.sh exports their URLs)."""

from config.settings.base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.locmem.EmailBackend")  # noqa: F405
# Unit tests run tasks in-process; tests about background work switch the app to a real worker.
CELERY_TASK_ALWAYS_EAGER = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Throttle counters live in the cache: a per-process local cache, cleared before each test.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Rate limits high enough for the suite; tests/security overrides them to prove the 429.
REST_FRAMEWORK = {
    **REST_FRAMEWORK,  # noqa: F405
    "DEFAULT_THROTTLE_RATES": {"anon": "100000/min", "user": "100000/min", "ip": "100000/min", "auth": "100000/min"},
}
# Offer stores reload on every single-need use: each test sees exactly its database.
QILIAN_MATCH_STORE_TTL = 0.0
