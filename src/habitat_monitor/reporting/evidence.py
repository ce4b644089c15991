"""Which evidence files are accepted: checked by content, not by name (pure).

The first bytes decide the type; the file name's extension only has to agree.
Archives other than the Office formats (which are ZIPs) are refused, and so is
anything else we cannot recognise.
"""

from __future__ import annotations

import codecs

SIGNATURES: tuple[tuple[bytes, str, tuple[str, ...]], ...] = (
    (b"%PDF-", "application/pdf", (".pdf",)),
    (b"\x89PNG\r\n\x1a\n", "image/png", (".png",)),
    (b"\xff\xd8\xff", "image/jpeg", (".jpg", ".jpeg")),
    (
        b"PK\x03\x04",
        "application/vnd.openxmlformats-officedocument",
        (".xlsx", ".docx", ".pptx"),
    ),
)
TEXT_TYPES = {".csv": "text/csv", ".txt": "text/plain"}


def detect(head: bytes, filename: str) -> str | None:
    """The content type if the file is one we accept, else None."""
    name = filename.lower()
    for signature, content_type, extensions in SIGNATURES:
        if head.startswith(signature):
            return content_type if name.endswith(extensions) else None
    extension = next((ext for ext in TEXT_TYPES if name.endswith(ext)), None)
    if extension and b"\x00" not in head:
        try:
            codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
        except UnicodeDecodeError:
            return None
        return TEXT_TYPES[extension]
    return None
