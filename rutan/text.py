"""Cleaning text that people type before it is stored.

Invisible format characters (right-to-left overrides such as U+202E, zero-width spaces and
joiners, the byte-order mark) and control characters let a name look different from what it
is ("Budi" that sorts and searches differently, a name that reverses the text after it). They
are removed from names and other one-line fields.

Part of rutan's base: imports no app.
"""

import unicodedata


def clean_line(text: str | None) -> str:
    """`text` without format (Cf) and control (Cc) characters, spaces collapsed and trimmed."""
    kept = "".join(
        " " if ch in "\t\n\r" else ch
        for ch in (text or "")
        if ch in "\t\n\r" or unicodedata.category(ch) not in ("Cf", "Cc")
    )
    return " ".join(kept.split())
