"""The 13 roles of DESIGN.md as groups, their permissions, several roles per user, client membership."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError

from core.roles import READ_ONLY_ROLES, ROLE_PERMISSIONS, Role, roles_of, sync_roles
from tests.factories import UserFactory


def test_thirteen_roles():
    assert len(Role) == 13
    assert set(Role.values) == {
        "head",
        "executive",
        "market",
        "planner",
        "service",
        "inspector",
        "hr",
        "finance",
        "legal",
        "signatory",
        "employee",
        "client",
        "auditor",
    }


@pytest.mark.django_db
def test_groups_hold_exactly_the_table():
    for role, perms in ROLE_PERMISSIONS.items():
        group = Group.objects.get(name=role)
        held = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")}
        assert held == set(perms), role


@pytest.mark.django_db
def test_sync_roles_repairs_drift():
    group = Group.objects.get(name="auditor")
    group.permissions.clear()
    sync_roles()
    assert group.permissions.count() == len(ROLE_PERMISSIONS[Role.AUDITOR])


def test_read_only_roles_hold_no_write_permission():
    for role in READ_ONLY_ROLES:
        writes = [p for p in ROLE_PERMISSIONS[role] if not p.split(".")[1].startswith("view_")]
        assert writes == [], role


@pytest.mark.django_db
def test_a_user_may_hold_several_roles():
    user = UserFactory(roles=[Role.PLANNER, Role.EMPLOYEE])
    assert roles_of(user) == {"planner", "employee"}
    assert user.has_role("planner") and not user.has_role("head")
    assert user.has_perm("projects.change_project")


@pytest.mark.django_db
def test_a_client_user_belongs_to_one_organisation(client_org):
    user = UserFactory(roles=[Role.CLIENT], client_organisation=client_org)
    assert user.is_client and user.client_organisation == client_org
    user.client_organisation_id = 999999
    with pytest.raises(ValidationError):
        user.full_clean()
