"""Test settings: the database and broker come from the environment (PostgreSQL + Redis in CI)."""

from .base import *
from .base import env

DEBUG = False
SECRET_KEY = "test-only-secret-key-not-for-production-use-0123456789abcdef"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
# Tasks run inline unless a test starts a real worker (tests/core/test_celery_worker.py).
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)
ALLOWED_HOSTS = ["*"]

# Uploaded files of the tests go to a throw-away folder, not to the development media folder.
import tempfile  # noqa: E402

MEDIA_ROOT = env("MEDIA_ROOT", default=None) or tempfile.mkdtemp(prefix="managedops-test-media-")
