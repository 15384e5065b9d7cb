"""The API fuzzing's data (tests/api/fuzz.py): built once per test module, rolled back at its end."""

from __future__ import annotations

import logging
import traceback
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.signals import got_request_exception, request_finished, request_started
from django.db import close_old_connections, transaction
from rest_framework.authtoken.models import Token

from tests.api.fuzz import ROLES
from tests.conftest import make_client_orgs, make_projects, make_users, restore_reference_data


class World:
    """The data's roles and tokens, its records' ids, and what went wrong inside the application during a request."""

    def __init__(self, users):
        self.tokens = {role: Token.objects.create(user=users[role]).key for role in ROLES}
        self.models: dict = {}
        self.ids: dict = {}
        self.errors: list[str] = []

    def model_of(self, path: str):
        """The model of the endpoint of ``path`` (``/api/contracts/{id}/sign/``: ``Contract``), if it has one."""
        if path not in self.models:
            from django.urls import resolve

            queryset = getattr(getattr(resolve(path.replace("{id}", "1")).func, "cls", None), "queryset", None)
            self.models[path] = None if queryset is None else queryset.model
        return self.models[path]

    def real(self, model, value):
        """A small id as the id of a real record of ``model``; others (negative, huge, not a number) as they are."""
        if model is None or type(value) is not int or not 0 <= value < 1000:
            return value
        if model not in self.ids:
            self.ids[model] = list(model.objects.order_by("pk").values_list("pk", flat=True)[:50])
        ids = self.ids[model]
        return ids[value % len(ids)] if ids else value

    def reach_records(self, case) -> None:
        """Small ids in the path and in the body's relations become ids of real records, so that detail endpoints,
        actions and services are reached, not only 404s and "no such record" 400s."""
        model = self.model_of(case.operation.path)
        if case.path_parameters and "id" in case.path_parameters:
            case.path_parameters["id"] = self.real(model, case.path_parameters["id"])
        if model is not None and isinstance(case.body, dict):
            for name, value in case.body.items():
                field = next((f for f in model._meta.get_fields() if f.name == name), None)
                if field is not None and field.many_to_one and field.concrete:
                    case.body[name] = self.real(field.related_model, value)


class _Collect(logging.Handler):
    def __init__(self, world):
        super().__init__(level=logging.WARNING)
        self.world = world

    def emit(self, record):
        self.world.errors.append(self.format(record))


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    from django.contrib.auth.models import Group

    from core.roles import Role

    with django_db_blocker.unblock(), transaction.atomic():
        restore_reference_data()
        orgs = make_client_orgs()
        users = make_users(*orgs)
        make_projects(users, *orgs)
        # The same logins, and records in every state; the two clients' users move to seed_demo's client
        # organisations, which have projects, contracts, requests... to see.
        call_command("seed_demo", stdout=StringIO())
        for role in Role:  # seed_demo makes most staff employees too: one role per user again
            users[role.value].groups.set(Group.objects.filter(name=str(role)))
        data = World(users)
        # As Django's test client does: a request must not close the test's connection (and its transaction).
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)

        def crashed(sender, request=None, **kwargs):
            data.errors.append(traceback.format_exc())

        got_request_exception.connect(crashed, weak=False)
        safety_net = logging.getLogger("core.api.exceptions")
        collect = _Collect(data)
        safety_net.addHandler(collect)
        quiet = logging.getLogger("django.request")  # thousands of 4xx warnings otherwise
        level = quiet.level
        quiet.setLevel(logging.ERROR)
        try:
            yield data
        finally:
            quiet.setLevel(level)
            safety_net.removeHandler(collect)
            got_request_exception.disconnect(crashed)
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)
            transaction.set_rollback(True)
