"""Authentication backend: Django's model backend, with a user's permissions and roles read in one query.

Django's ``ModelBackend`` reads a user's own permissions and their groups' permissions in two queries, and the
layout reads the groups' names (``core.roles.roles_of``) in a third, on every page a non-superuser opens. Here one
``UNION ALL`` query reads all three and fills the caches both already use for the rest of the request
(``_user_perm_cache``, ``_group_perm_cache``, ``_perm_cache``, ``_role_cache``): the answers are the same.
"""

from __future__ import annotations

from django.contrib.auth import backends
from django.contrib.auth.models import Permission
from django.db.models import CharField, Value


class ModelBackend(backends.ModelBackend):
    def get_all_permissions(self, user_obj, obj=None):
        if obj is None:
            load_access_once(user_obj)
        return super().get_all_permissions(user_obj, obj)


def load_access_once(user) -> bool:
    """``load_access`` for an active user who is not a superuser (Django gives a superuser every permission; their
    roles are read apart), unless done already. True when the caches are filled."""
    if not user.is_active or user.is_anonymous or user.is_superuser:
        return False
    if not hasattr(user, "_perm_cache"):
        load_access(user)
    return True


def load_access(user) -> None:
    """Read ``user``'s groups (roles), their permissions and the user's own permissions in one query, cached on the
    user object as Django caches permissions: ``roles_of`` fills the permission cache too, so code that changes a
    user's groups or permissions and then asks again must do so on a fresh object (as with Django's own cache)."""
    through_groups = user.groups.order_by().values_list(
        "name", "permissions__content_type__app_label", "permissions__codename"
    )  # a group without permissions gives (name, None, None)
    own = (
        Permission.objects.filter(user=user)
        .order_by()
        .values_list(Value("", output_field=CharField()), "content_type__app_label", "codename")
    )
    roles, user_perms, group_perms = set(), set(), set()
    for group, app_label, codename in through_groups.union(own, all=True):
        if group:
            roles.add(group)
        if codename:
            (group_perms if group else user_perms).add(f"{app_label}.{codename}")
    user._user_perm_cache = user_perms
    user._group_perm_cache = group_perms
    user._perm_cache = user_perms | group_perms
    if getattr(user, "_role_cache", None) is None:
        user._role_cache = frozenset(roles)
