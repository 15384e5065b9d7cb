"""Security (issue 10): signing in is locked after repeated failures, with a message; the Content-Security-Policy
allows only the app's own assets; production settings send HSTS, secure cookies and frame protection."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.utils import translation

ROOT = Path(__file__).resolve().parents[2]


def _fail(client, username, times, password="wrong-password"):
    return [client.post("/login/", {"username": username, "password": password}).status_code for _ in range(times)]


@pytest.mark.django_db
def test_signing_in_is_locked_after_five_failures_with_a_message(client, users, settings):
    client.cookies["django_language"] = "en"
    assert _fail(client, "planner", 5) == [200] * 4 + [429]  # the form again, then locked at the fifth failure
    response = client.post("/login/", {"username": "planner", "password": "pw-123456"})  # even the right password
    assert response.status_code == 429
    with translation.override("en"):
        text = response.content.decode()
    assert "Too many failed sign-ins" in text and "15 minutes" in text and 'data-testid="login-form"' in text
    assert "_auth_user_id" not in client.session
    # another user from the same address is not locked out
    assert client.post("/login/", {"username": "market", "password": "pw-123456"}).status_code == 302


@pytest.mark.django_db
def test_a_success_resets_the_count_and_the_lock_lapses(client, users, settings):
    from axes.models import AccessAttempt

    assert _fail(client, "planner", 4) == [200] * 4
    assert client.post("/login/", {"username": "planner", "password": "pw-123456"}).status_code == 302
    client.logout()
    assert _fail(client, "planner", 4) == [200] * 4  # four again: not locked
    assert client.post("/login/", {"username": "planner", "password": "pw-123456"}).status_code == 302
    client.logout()
    assert _fail(client, "planner", 5)[-1] == 429
    assert client.post("/login/", {"username": "planner", "password": "pw-123456"}).status_code == 429
    AccessAttempt.objects.update(attempt_time=AccessAttempt.objects.get().attempt_time - settings.AXES_COOLOFF_TIME)
    assert client.post("/login/", {"username": "planner", "password": "pw-123456"}).status_code == 302


@pytest.mark.django_db
def test_the_content_security_policy_allows_only_the_apps_own_assets(client, users):
    client.force_login(users["head"])
    response = client.get("/")
    policy = dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";") if part.strip())
    assert policy["default-src"] == "'self'"
    # scripts: the app's files, and an inline one only with the page's nonce (added when the page uses one)
    assert re.fullmatch(r"'self'( 'nonce-[A-Za-z0-9+/=_-]+')?", policy["script-src"]), policy["script-src"]
    assert policy["frame-ancestors"] == "'none'" and policy["object-src"] == "'none'"
    assert policy["form-action"] == "'self'" and policy["base-uri"] == "'self'"
    for directive, sources in policy.items():  # no host, no scheme wildcard, nowhere but the app itself
        assert not re.search(r"https?:|\*|//", sources), (directive, sources)
    html = response.content.decode()
    nonce = re.search(r"'nonce-([^']+)'", policy["script-src"])
    nonce = nonce.group(1) if nonce else None
    for tag in re.findall(r"<script\b[^>]*>", html):  # every script is the app's own file or carries the nonce
        src = re.search(r'src="([^"]+)"', tag)
        assert (src and src.group(1).startswith("/static/")) or (nonce and f'nonce="{nonce}"' in tag), tag
    for href in re.findall(r'<link\b[^>]*href="([^"]+)"', html):
        assert href.startswith("/"), href
    assert response["X-Frame-Options"] == "DENY" and response["X-Content-Type-Options"] == "nosniff"


def test_production_sends_hsts_secure_cookies_and_frame_protection():
    """The production settings, in their own process (as the deploy check runs), over HTTPS behind the proxy."""
    script = """
import django, django.conf
django.setup()
from django.test import Client
from django.test.utils import override_settings, setup_test_environment
setup_test_environment()
override_settings(STORAGES={**django.conf.settings.STORAGES, "staticfiles": {
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}).enable()  # no collectstatic here
c = Client(HTTP_X_FORWARDED_PROTO="https", HTTP_HOST="ops.example.com")
r = c.get("/login/")
print(r.status_code)
print(r["Strict-Transport-Security"])
print(r["X-Frame-Options"], r["X-Content-Type-Options"], r["Referrer-Policy"])
print("Content-Security-Policy" in r)
m = r.cookies["csrftoken"]
print(bool(m["secure"]), m["samesite"])
plain = Client(HTTP_HOST="ops.example.com").get("/login/")
print(plain.status_code, plain["Location"])
from django.conf import settings
print(settings.SESSION_COOKIE_SECURE, settings.SESSION_COOKIE_HTTPONLY, settings.CSRF_COOKIE_SECURE)
"""
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": "k" * 20 + "-not-a-real-secret-but-long-and-random-enough-9f8e7d6c5b4a",
        "DJANGO_ALLOWED_HOSTS": "ops.example.com",
    }
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True,
                            check=False)  # fmt: skip
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "200"
    assert lines[1] == "max-age=31536000; includeSubDomains; preload"
    assert lines[2] == "DENY nosniff same-origin" and lines[3] == "True"
    assert lines[4] == "True Lax"
    assert lines[5] == "301 https://ops.example.com/login/"  # plain HTTP is sent to HTTPS
    assert lines[6] == "True True True"


@pytest.mark.parametrize(("name", "content", "accepted"), [
    ("scan.pdf", b"%PDF-1.7\n...", True),
    ("photo.png", b"\x89PNG\r\n\x1a\n...", True),
    ("photo.JPG", b"\xff\xd8\xff\xe0...", True),
    ("plan.docx", b"PK\x03\x04...", True),
    ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1...", True),
    ("notes.txt", "整改说明：已清洁".encode(), True),
    ("notes.csv", "名称,数量\n".encode("gb18030"), True),
    ("photo.webp", b"RIFF\x00\x00\x00\x00WEBPVP8 ", True),
    ("page.png", b"<html><script>alert(1)</script>", False),  # not what its name says
    ("tool.pdf", b"MZ\x90\x00", False),
    ("page.html", b"<html></html>", False),  # a kind that is not allowed
    ("run.exe", b"MZ\x90\x00", False),
    ("noext", b"%PDF-1.4", False),
    ("binary.txt", b"abc\x00\x01", False),
    ("empty.pdf", b"", False),
    ("riff.webp", b"RIFF\x00\x00\x00\x00AVI ", False),
])  # fmt: skip
def test_only_the_kinds_of_file_a_department_attaches_are_accepted(name, content, accepted):
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile

    from core.uploads import check_upload

    upload = SimpleUploadedFile(name, content)
    if accepted:
        check_upload(upload)
        assert upload.read() == content  # read from the start again by whoever stores it
    else:
        with pytest.raises(ValidationError):
            check_upload(upload)


@pytest.mark.django_db
def test_a_disguised_or_oversized_upload_is_refused_with_a_message(client, api_client, users, project, settings):
    """On the contract's documents form and its API: refused with the reason, nothing stored."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from core.models import Attachment
    from tests.helpers import sign_contract

    settings.ATTACHMENT_MAX_BYTES = 1024 * 1024
    contract = sign_contract(project, users)
    client.cookies["django_language"] = "en"
    client.force_login(users["legal"])
    api_client.force_authenticate(users["legal"])
    cases = [
        (lambda: SimpleUploadedFile("lobby.png", b"<svg onload=1>"), "The content of lobby.png is not a .png file."),
        (lambda: SimpleUploadedFile("big.pdf", b"%PDF" + b"0" * 1024 * 1024), "The file is larger than 1 MB."),
        (lambda: SimpleUploadedFile("x.svg", b"<svg/>"), "Files of this kind (.svg) cannot be attached"),
    ]  # fmt: skip
    for upload, message in cases:
        page = client.post(f"/contracts/{contract.pk}/documents/", {"files": [upload()], "description": "d"},
                           follow=True, HTTP_ACCEPT_LANGUAGE="en")  # fmt: skip
        assert page.status_code == 200 and message in page.content.decode(), message
        with translation.override("en"):
            refused = api_client.post(f"/api/contracts/{contract.pk}/documents/", {"files": [upload()]},
                                      format="multipart", HTTP_ACCEPT_LANGUAGE="en")  # fmt: skip
        assert refused.status_code == 400 and message in str(refused.data), refused.data
    assert not Attachment.objects.for_object(contract).exists()
    annex = SimpleUploadedFile("annex.pdf", b"%PDF-1.4 annex")
    accepted = client.post(f"/contracts/{contract.pk}/documents/", {"files": [annex], "description": "d"})
    assert accepted.status_code == 302 and Attachment.objects.for_object(contract).count() == 1
