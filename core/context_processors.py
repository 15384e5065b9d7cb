"""Context every page needs: the navigation, the unread count and the user's roles."""

from django.conf import settings

from core.navigation import navigation_for
from core.roles import role_label, roles_of


def shell(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"SITE_NAME": settings.SITE_NAME}
    match = getattr(request, "resolver_match", None)
    section = ""
    if match is not None:
        section = match.namespace or (match.url_name or "").split("-")[0]
        if (match.url_name or "").startswith("checklist"):
            section = "checklists"
        elif match.namespace == "finance" and (match.url_name or "").startswith("claim"):
            section = "claims"
    return {
        "SITE_NAME": settings.SITE_NAME,
        "nav_items": lambda: navigation_for(user, active=section),
        "unread_count": lambda: user.notifications.filter(read_at__isnull=True).count(),
        "user_role_labels": lambda: [role_label(r) for r in sorted(roles_of(user))],
    }
