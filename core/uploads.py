"""What may be uploaded (issue 10): the kinds of file a department attaches to its records — PDF, images, office
documents, text — recognised by their first bytes as well as their name, and no larger than the limit. A file whose
content is not what its name says (an HTML page named .png, a program named .pdf) is refused."""

from __future__ import annotations

from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the old Office formats
_ZIP = b"PK\x03\x04"  # the Office Open XML and OpenDocument formats
SIGNATURES: dict[str, tuple[bytes, ...]] = {
    ".pdf": (b"%PDF",),
    ".png": (b"\x89PNG",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".gif": (b"GIF87a", b"GIF89a"),
    ".webp": (b"RIFF",),
    ".docx": (_ZIP,),
    ".xlsx": (_ZIP,),
    ".pptx": (_ZIP,),
    ".odt": (_ZIP,),
    ".ods": (_ZIP,),
    ".doc": (_OLE,),
    ".xls": (_OLE,),
    ".ppt": (_OLE,),
    ".txt": (),  # text: checked below
    ".csv": (),
}


def _is_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    for encoding in ("utf-8", "gb18030"):
        try:
            head.decode(encoding)
            return True
        except UnicodeDecodeError as exc:  # a character cut at the end of the sample is still text
            if exc.start >= len(head) - 4:
                return True
    return False


def check_upload(upload) -> None:
    """Refuse ``upload`` unless its kind is allowed (``ATTACHMENT_TYPES``), its content is of that kind and it is no
    larger than ``ATTACHMENT_MAX_BYTES``."""
    max_bytes = settings.ATTACHMENT_MAX_BYTES
    if upload.size > max_bytes:
        raise ValidationError(_("The file is larger than %(limit)s MB.") % {"limit": max_bytes // (1024 * 1024)})
    suffix = PurePath(upload.name or "").suffix.lower()
    allowed = [s for s in settings.ATTACHMENT_TYPES if s in SIGNATURES]
    if suffix not in allowed:
        raise ValidationError(_("Files of this kind (%(suffix)s) cannot be attached; allowed: %(allowed)s.")
                              % {"suffix": suffix or "?", "allowed": ", ".join(allowed)})  # fmt: skip
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    signatures = SIGNATURES[suffix]
    matches = _is_text(head) if not signatures else any(head.startswith(s) for s in signatures)
    if suffix == ".webp":
        matches = matches and head[8:12] == b"WEBP"
    if not head or not matches:
        raise ValidationError(_("The content of %(name)s is not a %(suffix)s file.")
                              % {"name": PurePath(upload.name).name, "suffix": suffix})  # fmt: skip
