"""Rendering a report's HTML to PDF with WeasyPrint: a CJK font from the machine (fonts-wqy-microhei or Noto CJK,
installed by scripts/setup.sh) embedded as a subset, and a URL fetcher that reaches only the app's own static
files (and inline data), never the network."""

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


def render_pdf(html: str) -> tuple[bytes, int]:
    """The PDF of ``html`` and its number of pages."""
    from weasyprint import HTML

    document = HTML(string=html, base_url=str(Path(settings.STATICFILES_DIRS[0])), url_fetcher=_fetcher()).render()
    return document.write_pdf(), len(document.pages)


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
