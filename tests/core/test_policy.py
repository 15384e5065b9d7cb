"""The policy clause registry and the Policy page."""

import re
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from django.utils import translation

from core.policy import clause, registry

POLICY_ZH = Path(__file__).resolve().parents[2].parent / "shared" / "policy" / "policy.zh.md"


def test_every_item_of_the_policy_is_registered():
    ids = {c.id for c in registry.all()}
    assert {"1", "3", "3.1", "3.1.3", "3.5.3", "8.3.1"} <= ids
    if POLICY_ZH.exists():
        in_source = set(re.findall(r"\b[1-8]\.[1-9]\.[0-9]\b", POLICY_ZH.read_text()))
        assert in_source and in_source <= ids


def test_titles_in_both_languages():
    c = registry.get("3.1.3")
    with translation.override("en"):
        assert c.title == c.title_en and c.title_en
    with translation.override("zh-hans"):
        assert c.title == c.title_zh and re.search(r"[\u4e00-\u9fff]", c.title_zh)


def test_unknown_clause_is_an_error():
    with pytest.raises(ImproperlyConfigured):
        clause("3.1.9")


def test_the_stage_workflow_registers_its_clauses():
    wheres = [e.where for e in registry.enforcements_of("3.1.3")]
    assert "project-stage: intake → planning" in wheres


@pytest.mark.django_db
def test_policy_page_lists_clauses_and_enforcement(client, users):
    client.force_login(users["head"])
    response = client.get(reverse("policy"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="clause-3.1.3"' in body and "project-stage: intake → planning" in body
    assert response.context["enforced_count"] >= 8
