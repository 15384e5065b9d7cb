"""Choosing one of many rows by typing: a field, its widget and the endpoint that suggests matches.

A ``<select>`` of every client or every person grows with the tables: at 500 clients or 600 people it is most of a
list page's rendering time (docs/BENCHMARKS.md, "Scale"). A ``LookupField`` is a ``ModelChoiceField`` shown as a
search box: the person types a name or code, the browser suggests up to ``LIMIT`` matches (a ``<datalist>`` that htmx
fills from ``/lookup/<kind>/``), and the field accepts the chosen row's key text (a client's name, a person's user
name) or its id, so links and the API keep passing ids. Without JavaScript, typing the exact name works the same.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from core.models import ClientOrganisation, User

LIMIT = 20


@dataclass(frozen=True)
class Kind:
    """One kind of row to look up: the rows a user may choose, the fields typed text is searched in, and the field
    whose value identifies a row in the box (unique; one of ``search``)."""

    rows: Callable
    search: tuple[str, ...]
    key: str

    def __post_init__(self):
        if self.key not in self.search:
            raise ValueError(f"The key {self.key!r} must be one of the searched fields {self.search!r}.")

    def matching(self, queryset, term: str):
        q = Q()
        for name in self.search:
            q |= Q(**{f"{name}__icontains": term})
        return queryset.filter(q)


PEOPLE_SEARCH = ("username", "display_name", "first_name", "last_name")

KINDS = {
    "clients": Kind(rows=lambda user: ClientOrganisation.objects.visible_to(user), search=("name", "code"), key="name"),
    # Everyone the user may see (an audit event's actor may have left since).
    "people": Kind(rows=lambda user: User.objects.visible_to(user), search=PEOPLE_SEARCH, key="username"),
    # The organisation's active staff (a project's team).
    "staff": Kind(
        rows=lambda user: User.objects.visible_to(user).filter(client_organisation__isnull=True, is_active=True),
        search=PEOPLE_SEARCH,
        key="username",
    ),
}


class LookupInput(forms.TextInput):
    """A search box with a ``<datalist>`` of suggestions that htmx fills while the person types."""

    input_type = "search"

    def __init__(self, kind: str, attrs=None):
        super().__init__(attrs={"autocomplete": "off", **(attrs or {})})
        self.kind = kind

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        options_id = f"{attrs.get('id') or name}-options"
        url = f"{reverse('lookup', args=[self.kind])}?{urlencode({'field': name})}"
        attrs.update({"list": options_id, "hx-get": url, "hx-trigger": "input changed delay:250ms, focus once",
                      "hx-target": f"#{options_id}", "hx-swap": "innerHTML", "hx-sync": "this:replace"})  # fmt: skip
        box = super().render(name, value, attrs, renderer)
        return format_html('{}<datalist id="{}"></datalist>', box, options_id)


class LookupField(forms.ModelChoiceField):
    """A ``ModelChoiceField`` over ``queryset`` chosen by typing. ``kind`` names the suggestions (``KINDS``)."""

    default_error_messages = {
        "no_match": _("Nothing matches “%(value)s”: type the name and pick one of the suggestions."),
        "ambiguous": _("More than one matches “%(value)s”: pick one of the suggestions."),
    }

    def __init__(self, queryset, *, kind: str, **kwargs):
        self.kind = KINDS[kind]
        kwargs.setdefault("widget", LookupInput(kind))
        kwargs.setdefault("empty_label", None)
        super().__init__(queryset, **kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, self.queryset.model):
            return value
        text = str(value).strip()
        if text.isdigit():
            return super().to_python(text)
        exact = Q()
        for name in self.kind.search:  # the key is one of them
            exact |= Q(**{f"{name}__iexact": text})
        found = list(self.queryset.filter(exact)[:2])
        if len(found) == 1:
            return found[0]
        code = "ambiguous" if found else "no_match"
        raise ValidationError(self.error_messages[code], code=code, params={"value": text})

    def prepare_value(self, value):
        """What the box shows: the row's key text, also when the form was bound to an id."""
        if isinstance(value, self.queryset.model):
            return getattr(value, self.kind.key)
        if value not in self.empty_values and str(value).isdigit():
            row = self.queryset.filter(pk=value).values_list(self.kind.key, flat=True).first()
            return row if row is not None else value
        return value


@require_GET
def lookup(request, kind: str):
    """Up to ``LIMIT`` ``<option>``s matching ``?q=`` (or the field named by ``?field=``) of the rows ``kind`` the
    user may choose. Anonymous users and unknown kinds get nothing."""
    found = KINDS.get(kind)
    if found is None or not request.user.is_authenticated:
        return HttpResponse(status=404)
    term = request.GET.get(request.GET.get("field") or "q", "").strip()[:100]
    if "\x00" in term:
        term = ""
    rows = found.matching(found.rows(request.user), term).order_by(found.key)[:LIMIT] if term else []
    options = format_html_join("", '<option value="{}">{}</option>', ((getattr(r, found.key), str(r)) for r in rows))
    return HttpResponse(options)
