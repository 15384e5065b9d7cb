"""Settings shared by every environment, read from environment variables (django-environ).

The embedded default needs no variable at all: SQLite in ``var/`` and a filesystem Celery broker.
Set ``DATABASE_URL`` and ``CELERY_BROKER_URL`` (or ``REDIS_URL``) to run on PostgreSQL and Redis.
"""

import datetime
from decimal import Decimal
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONCE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(environ.Env().str("MANAGEDOPS_VAR_DIR", default=str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

env = environ.Env()
env_file = BASE_DIR / ".env"
if env_file.exists():
    env.read_env(str(env_file))

# ------------------------------------------------------------------------------
# General
# ------------------------------------------------------------------------------
DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env("DJANGO_SECRET_KEY", default="insecure-local-only-key-change-me-in-production-0123456789")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
TIME_ZONE = env("DJANGO_TIME_ZONE", default="Asia/Shanghai")
USE_TZ = True
USE_I18N = True
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
SITE_NAME = "ManagedOps"

# ------------------------------------------------------------------------------
# Databases
# ------------------------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'managedops.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=0))
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the web process, the worker and beat share one SQLite file.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# ------------------------------------------------------------------------------
# Applications
# ------------------------------------------------------------------------------
DJANGO_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.admin",
    "django.contrib.humanize",
]
THIRD_PARTY_APPS = [
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    "django_htmx",
    "axes",
]
LOCAL_APPS = [
    "core",
    "projects",
    "contracts",
    "finance",
    "risk",
    "staff",
    "reports",
]
INSTALLED_APPS = DJANGO_APPS + THIRD_PARTY_APPS + LOCAL_APPS

AUTH_USER_MODEL = "core.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Signing in: django-axes counts the failures per user name and address; after AXES_FAILURE_LIMIT of them that pair
# is refused for LOGIN_LOCKOUT_MINUTES (core.lockout answers with the sign-in page and why). A success resets it.
# core.backends.ModelBackend: Django's, with permissions and roles read in one query (core/backends.py).
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "core.backends.ModelBackend"]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env.int("LOGIN_LOCKOUT_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "core.lockout.lockout_response"
AXES_VERBOSE = False

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# ------------------------------------------------------------------------------
# Middleware, URLs, templates
# ------------------------------------------------------------------------------
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "core.middleware.RequestContextMiddleware",
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
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "core.context_processors.shell",
            ],
        },
    }
]

# ------------------------------------------------------------------------------
# Static and media files
# ------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# ------------------------------------------------------------------------------
# Security (hardened further in production.py)
# ------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "object-src": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
    }
}

# ------------------------------------------------------------------------------
# E-mail
# ------------------------------------------------------------------------------
EMAIL_BACKEND = env("DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
if env("EMAIL_URL", default=""):
    vars().update(env.email_url("EMAIL_URL"))
DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL", default="ManagedOps <noreply@managedops.local>")

# ------------------------------------------------------------------------------
# Cache
# ------------------------------------------------------------------------------
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# ------------------------------------------------------------------------------
# Celery (broker: Redis in production, a filesystem queue for the embedded default)
# ------------------------------------------------------------------------------
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL or "filesystem://")
if CELERY_BROKER_URL.startswith("filesystem://"):
    _queue = VAR_DIR / "broker" / "queue"
    _processed = VAR_DIR / "broker" / "processed"
    _queue.mkdir(parents=True, exist_ok=True)
    _processed.mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue),
        "data_folder_out": str(_queue),
        "processed_folder": str(_processed),
        "store_processed": False,
    }
else:
    # A task is acknowledged when it ends (acks late): one whose worker died is delivered again once this many
    # seconds have passed since it was taken. Longer than the longest task (CELERY_TASK_TIME_LIMIT).
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600)}
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=None)
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = 300
CELERY_TASK_TIME_LIMIT = 360
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_EAGER_PROPAGATES = True
# Every periodic job is declared here, and nowhere else. django-celery-beat copies these entries into its
# tables at beat start-up, where an administrator may change their timing in the admin.
CELERY_BEAT_SCHEDULE = {
    # Every 5 minutes: seal the audit events committed since into the audit trail's hash chain (core.chain).
    "core-seal-audit-trail": {
        "task": "core.tasks.seal_audit_trail",
        "schedule": 5 * 60,
        "options": {"expires": 5 * 60},
    },
    # Daily at 08:00 (TIME_ZONE): remind the department head and the team of projects sitting in a stage
    # longer than STAGE_MAX_DAYS allows (3.x, 2.2.1). Idempotent: one reminder per project stage stay.
    "projects-stage-overdue-reminders": {
        "task": "projects.tasks.stage_overdue_reminders",
        "schedule": crontab(hour=8, minute=0),
        "options": {"expires": 60 * 60},
    },
    # Daily at 06:00: create the scheduled inspections due in the next days from the inspection plans (3.4.1).
    "projects-generate-scheduled-inspections": {
        "task": "projects.tasks.generate_scheduled_inspections",
        "schedule": crontab(hour=6, minute=0),
        "options": {"expires": 60 * 60},
    },
    # Daily at 06:10: create the client revisits due in the next days from the revisit schedules (4.1.3).
    "projects-generate-due-revisits": {
        "task": "projects.tasks.generate_due_revisits",
        "schedule": crontab(hour=6, minute=10),
        "options": {"expires": 60 * 60},
    },
    # Every hour at :20: compute the KPIs of the current period; alert on a breach, close on recovery (4.2.3).
    "projects-kpi-sweep": {
        "task": "projects.tasks.kpi_sweep",
        "schedule": crontab(minute=20),
        "options": {"expires": 30 * 60},
    },
    # Daily at 08:30: escalate overdue rectifications (3.4.2), overdue revisits (4.1.3), requests unanswered past
    # their limit (4.2.3) and projects due for acceptance without an arrangement (3.5.1).
    "projects-escalations": {
        "task": "projects.tasks.escalations",
        "schedule": crontab(hour=8, minute=30),
        "options": {"expires": 60 * 60},
    },
    # Every hour at :40: the key risk indicators, the financial early warning among them; a breach raises one
    # warning until it is handled and back within the threshold (6.4.2, 7.3.2).
    "risk-evaluate-indicators": {
        "task": "risk.tasks.evaluate_indicators",
        "schedule": crontab(minute=40),
        "options": {"expires": 30 * 60},
    },
    # Daily at 07:30: contracts expiring soon, notice windows opening, fees invoiced reaching the alert share of the
    # amount, overdue contract obligations and late evaluations (8.2.2–8.2.3). One notice per event and recipient.
    "contracts-alerts": {
        "task": "contracts.tasks.contract_alerts",
        "schedule": crontab(hour=7, minute=30),
        "options": {"expires": 60 * 60},
    },
    # Daily at 00:10: the accounts of leavers whose exit is completed are deactivated on their leaving date (5.3.3).
    "staff-deactivate-leavers": {
        "task": "staff.tasks.deactivate_leavers",
        "schedule": crontab(hour=0, minute=10),
        "options": {"expires": 60 * 60},
    },
    # Daily at 07:20: each active project's next risk review planned and reminded (7.1.2), accepted risks past their
    # expiry lapsed (7.2.1), the measures' effectiveness checks and overdue measures reminded (7.2.2-7.2.3).
    "risk-reminders": {
        "task": "risk.tasks.risk_reminders",
        "schedule": crontab(hour=7, minute=20),
        "options": {"expires": 60 * 60},
    },
}

# ------------------------------------------------------------------------------
# Django REST framework and the OpenAPI schema
# ------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
        "core.api.renderers.CSVRenderer",
        "core.api.renderers.XLSXRenderer",
    ],
    "DEFAULT_PAGINATION_CLASS": "core.api.pagination.StandardPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "core.api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "core.api.exceptions.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "ManagedOps API",
    "DESCRIPTION": "The managed-operations department's records and workflows, as the policy prescribes.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI is served by the app itself (drf-spectacular-sidecar): no CDN at run time.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Tags start collapsed (the API has some 40 of them) and can be filtered by name.
    "SWAGGER_UI_SETTINGS": {"docExpansion": "none", "filter": True, "deepLinking": True},
    "COMPONENT_SPLIT_REQUEST": True,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "ENUM_NAME_OVERRIDES": {
        "StageEnum": "projects.choices.Stage",
        "MemberRoleEnum": "projects.choices.MemberRole",
        "PlanStatusEnum": "projects.choices.PlanStatus",
        "ContractStatusEnum": "contracts.choices.ContractStatus",
        "BudgetStatusEnum": "finance.choices.BudgetStatus",
        "AdjustmentStatusEnum": "finance.choices.AdjustmentStatus",
        "ClaimStatusEnum": "finance.choices.ClaimStatus",
        "FinanceKindEnum": "finance.choices.FinanceKind",
        "ContractTypeEnum": "contracts.choices.ContractType",
        "ContractPartyEnum": "contracts.choices.Party",
        "ClauseKindEnum": "contracts.choices.ClauseKind",
        "ObligationKindEnum": "contracts.choices.ObligationKind",
        "ObligationStatusEnum": "contracts.choices.ObligationStatus",
        "EvaluationRatingEnum": "contracts.choices.EvaluationRating",
        "BorrowingStatusEnum": "contracts.choices.BorrowingStatus",
        "AccessKindEnum": "contracts.choices.AccessKind",
        "RiskLevelEnum": "risk.choices.RiskLevel",
        "RiskStatusEnum": "risk.choices.RiskStatus",
        "ResponseStatusEnum": "risk.choices.ResponseStatus",
        "ReviewStatusEnum": "risk.choices.ReviewStatus",
        "StaffPlanStatusEnum": "staff.choices.PlanStatus",
        "CandidateStatusEnum": "staff.choices.CandidateStatus",
        "EmployeeStatusEnum": "staff.choices.EmployeeStatus",
        "CycleStatusEnum": "staff.choices.CycleStatus",
        "AppraisalStatusEnum": "staff.choices.AppraisalStatus",
        "DecisionStatusEnum": "staff.choices.DecisionStatus",
        "ResignationStatusEnum": "staff.choices.ResignationStatus",
        "DecisionKindEnum": "staff.choices.DecisionKind",
        "TaskStatusEnum": "projects.choices.TaskStatus",
        "IssueStatusEnum": "projects.choices.IssueStatus",
        "PriorityEnum": "projects.choices.Priority",
        "InspectionStatusEnum": "projects.choices.InspectionStatus",
        "RectificationStatusEnum": "projects.choices.RectificationStatus",
        "MeritStatusEnum": "projects.choices.MeritStatus",
        "AcceptanceStatusEnum": "projects.choices.AcceptanceStatus",
        "HandoverCategoryEnum": "projects.choices.HandoverCategory",
        "RequestStatusEnum": "projects.choices.RequestStatus",
        "RequestKindEnum": "projects.choices.RequestKind",
        "RequestCategoryEnum": "projects.choices.RequestCategory",
        "RequestChannelEnum": "projects.choices.RequestChannel",
        "RevisitStatusEnum": "projects.choices.RevisitStatus",
        "QuestionKindEnum": "projects.choices.QuestionKind",
        "ActivityKindEnum": "projects.choices.ActivityKind",
        "ActivityStatusEnum": "projects.choices.ActivityStatus",
        "LogKindEnum": "projects.choices.LogKind",
        "SeverityEnum": "projects.choices.Severity",
        "AlertStatusEnum": "projects.choices.AlertStatus",
        "KpiMetricEnum": "projects.choices.KpiMetric",
        "InspectionKindEnum": "projects.choices.InspectionKind",
        "MeritKindEnum": "projects.choices.MeritKind",
    },
}

# ------------------------------------------------------------------------------
# Logging
# ------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}, "axes": {"level": "WARNING"}},
}

# ------------------------------------------------------------------------------
# ManagedOps
# ------------------------------------------------------------------------------
# How long a project may sit in a stage before the daily reminder fires (days).
STAGE_MAX_DAYS = {
    "intake": env.int("STAGE_MAX_DAYS_INTAKE", default=30),
    "planning": env.int("STAGE_MAX_DAYS_PLANNING", default=45),
    "execution": env.int("STAGE_MAX_DAYS_EXECUTION", default=365),
    "supervision": env.int("STAGE_MAX_DAYS_SUPERVISION", default=60),
    "acceptance": env.int("STAGE_MAX_DAYS_ACCEPTANCE", default=30),
}
# 3.5.1: a project is due for acceptance this many days before its service period ends; 3.5.3: the deadline given
# for rectifying the problems a client finds at acceptance.
ACCEPTANCE_NOTICE_DAYS = env.int("ACCEPTANCE_NOTICE_DAYS", default=30)
ACCEPTANCE_RECTIFICATION_DAYS = env.int("ACCEPTANCE_RECTIFICATION_DAYS", default=14)
# 3.4.1: scheduled inspections are created this many days ahead of their date.
INSPECTION_PLAN_HORIZON_DAYS = env.int("INSPECTION_PLAN_HORIZON_DAYS", default=7)
# 4.1.3 / 4.2.3: revisits are created this many days ahead; a client request's first response is due within the
# contract's limit or this default; a KPI breach gives its rectification notice this many days.
REVISIT_HORIZON_DAYS = env.int("REVISIT_HORIZON_DAYS", default=7)
DEFAULT_RESPONSE_HOURS = env.int("DEFAULT_RESPONSE_HOURS", default=24)
KPI_RECTIFICATION_DAYS = env.int("KPI_RECTIFICATION_DAYS", default=14)
DEMO_PASSWORD = env("DEMO_PASSWORD", default="demo12345")
ATTACHMENT_MAX_BYTES = env.int("ATTACHMENT_MAX_BYTES", default=20 * 1024 * 1024)
# The kinds of file that may be attached (core.uploads knows each one's first bytes).
ATTACHMENT_TYPES = env.list("ATTACHMENT_TYPES", default=[".pdf", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".docx",
                            ".xlsx", ".pptx", ".odt", ".ods", ".doc", ".xls", ".ppt", ".txt", ".csv"])  # fmt: skip
# Exports (CSV, XLSX) carry at most this many rows.
EXPORT_MAX_ROWS = env.int("EXPORT_MAX_ROWS", default=50000)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")
ORGANISATION_NAME = env("ORGANISATION_NAME", default="ManagedOps Operations Co., Ltd.")
# 8.1.3: the contract amount (CNY) from which the executive approves after the department head.
CONTRACT_EXECUTIVE_APPROVAL_FROM = Decimal(env("CONTRACT_EXECUTIVE_APPROVAL_FROM", default="1000000"))
# 8.2.2–8.2.3: warn this many days before a signed contract expires, and when the fees invoiced reach this share of
# the contract amount (percent).
CONTRACT_EXPIRY_ALERT_DAYS = env.int("CONTRACT_EXPIRY_ALERT_DAYS", default=60)
CONTRACT_INVOICED_ALERT_PERCENT = env.int("CONTRACT_INVOICED_ALERT_PERCENT", default=80)
# 8.2.2: a signed contract's performance is evaluated at least this often (days); a late evaluation is reminded.
CONTRACT_EVALUATION_DAYS = env.int("CONTRACT_EVALUATION_DAYS", default=182)
# 7.3.2: a risk warning still open this many hours after it was raised is escalated to the head and the executive.
RISK_WARNING_ESCALATE_HOURS = env.int("RISK_WARNING_ESCALATE_HOURS", default=48)
# PDF reports: at most this many rows per section and pages per report; a render taking longer than the soft time
# limit (seconds) is stopped; an uploaded file to verify is at most this large. A report is laid out in parts of this
# many table rows (WeasyPrint's memory grows with the part, not the report; each part starts a page).
REPORT_MAX_ROWS = env.int("REPORT_MAX_ROWS", default=5000)
REPORT_PART_ROWS = env.int("REPORT_PART_ROWS", default=800)
REPORT_MAX_PAGES = env.int("REPORT_MAX_PAGES", default=600)
REPORT_SOFT_TIME_LIMIT = env.int("REPORT_SOFT_TIME_LIMIT", default=300)
REPORT_VERIFY_MAX_BYTES = env.int("REPORT_VERIFY_MAX_BYTES", default=100 * 1024 * 1024)
# 5.3.1: a resignation is applied for at least this many days before the leaving date.
STAFF_NOTICE_DAYS = env.int("STAFF_NOTICE_DAYS", default=30)
# 7.1.3: the assessment matrix, rows likelihood 1..n, columns impact 1..n, each cell a level (risk.matrix); None is
# the default 5x5 matrix.
RISK_MATRIX = None
# 7.1.2: each project's risks are identified again this often (days; each project may change it), reminded this many
# days ahead.
RISK_REVIEW_DAYS = env.int("RISK_REVIEW_DAYS", default=90)
RISK_REVIEW_REMIND_DAYS = env.int("RISK_REVIEW_REMIND_DAYS", default=7)
# 7.2.1: an accepted risk is accepted for at most this many days; 7.2.3: measures are checked this often (days).
RISK_ACCEPTANCE_MAX_DAYS = env.int("RISK_ACCEPTANCE_MAX_DAYS", default=365)
RISK_RESPONSE_CHECK_DAYS = env.int("RISK_RESPONSE_CHECK_DAYS", default=30)

# ------------------------------------------------------------------------------
# Benchmarks
# ------------------------------------------------------------------------------
# bench/scale_pages.py (issue 10) serves the bench-only pages under /bench/ (bench/urls.py). Never set in a deployment.
BENCH_URLS = env.bool("BENCH_URLS", default=False)
