"""Rendering a report's HTML to PDF with WeasyPrint: a CJK font from the machine (fonts-wqy-microhei or Noto CJK,
installed by scripts/setup.sh) embedded as a subset, and a URL fetcher that reaches only the app's own static
files (and inline data), never the network.

A long report is laid out in parts (``render_report``): WeasyPrint keeps a document's whole DOM, styles and box tree
while it lays it out, several hundred MB for a hundred pages of tables, but only the laid-out pages after. Each part
is laid out alone and its pages kept; then the page margins (organisation, title, reference, "page x of y") are laid
out once for the total and set on the pages, and one PDF is written with one font subset."""

from __future__ import annotations

import hashlib
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.conf import settings


def _static_roots() -> list[Path]:
    return [Path(p).resolve() for p in (*settings.STATICFILES_DIRS, settings.STATIC_ROOT)]


def allowed(url: str) -> bool:
    """data: URLs, and files under the static directories; nothing on the network."""
    parsed = urlparse(url)
    if parsed.scheme == "data":
        return True
    if parsed.scheme == "file":
        path = Path(unquote(parsed.path)).resolve()
        return any(path.is_relative_to(root) for root in _static_roots())
    return False


def _fetcher():
    from weasyprint import URLFetcher

    class StaticOnlyFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if not allowed(url):
                raise ValueError(f"report resources come from the app's static files only: {url}")
            return super().fetch(url, headers)

    return StaticOnlyFetcher(allowed_protocols=("data", "file"), allow_redirects=False, timeout=5)


def _html(html: str):
    from weasyprint import HTML

    return HTML(string=html, base_url=str(Path(settings.STATICFILES_DIRS[0])), url_fetcher=_fetcher())


def render_pdf(html: str) -> tuple[bytes, int]:
    """The PDF of ``html`` (one document laid out at once) and its number of pages."""
    document = _html(html).render()
    return document.write_pdf(), len(document.pages)


class TooManyPages(Exception):
    def __init__(self, pages: int):
        super().__init__(pages)
        self.pages = pages


def split_sections(sections: list[dict], part_rows: int) -> list[list[dict]]:
    """The sections in parts of about ``part_rows`` table rows: a section longer than the room left is cut, its
    next rows marked as continued; a section's "rows left out" note stays with its last rows."""
    parts, part, room = [], [], part_rows
    for section in sections:
        rows, start = section["rows"], 0
        while True:
            take = rows[start : start + max(room, 1)]
            end = start + len(take)
            part.append({**section, "rows": take, "continued": start > 0,
                         "truncated": section["truncated"] and end >= len(rows)})  # fmt: skip
            room -= max(len(take), 1)
            start = end
            if room <= 0:
                parts.append(part)
                part, room = [], part_rows
            if start >= len(rows):
                break
    if part or not parts:
        parts.append(part)
    return parts


def render_report(template: str, context: dict, *, part_rows: int, max_pages: int, progress=None) -> tuple[bytes, int]:
    """The PDF of a report (``context["sections"]``, see reports.builders) laid out in parts of ``part_rows`` rows,
    and its number of pages; ``TooManyPages`` as soon as it has more than ``max_pages``. ``progress(done, parts)``
    is called after each part."""
    from django.template.loader import render_to_string
    from weasyprint.formatting_structure.boxes import MarginBox
    from weasyprint.text.fonts import FontConfiguration

    font_config = FontConfiguration()
    parts = split_sections(context["sections"], part_rows)
    first, pages = None, []
    for number, sections in enumerate(parts):
        html = render_to_string(template, {**context, "sections": sections, "first_part": number == 0})
        document = _html(html).render(font_config=font_config)
        first = first or document
        pages.extend(document.pages)
        if len(pages) > max_pages:
            raise TooManyPages(len(pages))
        if progress:
            progress(number + 1, len(parts))
    margins = _html(render_to_string(template, {**context, "margins_for": range(len(pages))}))
    for page, margin_page in zip(pages, margins.render(font_config=font_config).pages, strict=True):
        # the pages have the same size and margins: the margin boxes laid out for the whole fit each page
        # WeasyPrint (pinned in the lock file) has no public way to add boxes to a laid-out page
        box = page._page_box
        box.children = [
            *(child for child in box.children if not isinstance(child, MarginBox)),
            *(child for child in margin_page._page_box.children if isinstance(child, MarginBox)),
        ]
    return first.copy(pages).write_pdf(), len(pages)


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
