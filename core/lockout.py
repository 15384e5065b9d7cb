"""Signing in is refused after repeated failures (django-axes): the sign-in page again, with why and for how long,
answered with 429 — never a bare error page."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.shortcuts import render
from django.utils.translation import gettext as _


class LockedOutForm(AuthenticationForm):
    """The sign-in form, unbound (nothing was checked), showing why signing in is refused."""

    def __init__(self, request, message: str, username: str = ""):
        super().__init__(request, initial={"username": username})
        self.message = message

    def non_field_errors(self):
        return self.error_class([self.message], error_class="nonfield")


def lockout_response(request, original_response=None, credentials=None):
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    message = _("Too many failed sign-ins with this user name from your address: signing in is blocked for "
                "%(minutes)s minutes. Try again later, or ask an administrator to unlock it.")  # fmt: skip
    message %= {"minutes": minutes}
    form = LockedOutForm(request, message, str((credentials or {}).get("username", ""))[:150])
    return render(request, "registration/login.html", {"form": form, "next": request.POST.get("next", "")},
                  status=429)  # fmt: skip
