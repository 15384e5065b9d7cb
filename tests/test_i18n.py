"""Every user-facing string is translated into zh-hans; pages render in both languages."""

import shutil
from pathlib import Path

import polib
import pytest
from django.core.management import call_command
from django.test import override_settings

ROOT = Path(__file__).resolve().parents[1]
PO = ROOT / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
SOURCE_DIRS = ["config", "core", "projects", "contracts", "finance", "risk", "staff", "templates", "locale"]


def _problems(po: polib.POFile) -> list[str]:
    bad = [f"untranslated: {e.msgid!r}" for e in po.untranslated_entries()]
    bad += [f"fuzzy: {e.msgid!r}" for e in po.fuzzy_entries()]
    return bad


def test_catalogue_is_complete():
    assert PO.exists()
    problems = _problems(polib.pofile(str(PO)))
    assert problems == [], problems[:20]


def test_catalogue_covers_every_string_in_the_code(tmp_path, monkeypatch):
    """Re-extract the strings into a copy of the catalogue: nothing new may appear untranslated.

    makemessages writes temporary files beside the sources it reads, so it runs on a copy of the sources (other
    tests, e.g. the ruff gate, may be reading the tree at the same time)."""
    for name in SOURCE_DIRS:
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    monkeypatch.chdir(tmp_path)
    with override_settings(LOCALE_PATHS=[tmp_path / "locale"]):
        call_command("makemessages", locale=["zh_Hans"], no_obsolete=True, verbosity=0)
    po = polib.pofile(str(tmp_path / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"))
    problems = _problems(po)
    assert problems == [], problems[:20]


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "expected"), [("en", "Projects"), ("zh-hans", "项目")])
def test_pages_render_in_each_language(client, users, project, language, expected):
    client.force_login(users["head"])
    client.post("/i18n/setlang/", {"language": language, "next": "/"})
    body = client.get("/projects/").content.decode()
    assert expected in body
    detail = client.get(f"/projects/{project.pk}/").content.decode()
    assert ("3.1.3" in detail) and (("签订" in detail) if language == "zh-hans" else ("contract" in detail))
