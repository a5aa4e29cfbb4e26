"""Keep identifiers and secrets out of logs, reports and artifacts.

Personal IDs, old ID numbers, phones and social-insurance codes are runs of 9-12 digits: they are
shown with only their last 3 digits. Secret values (passwords, OTPs, passcodes) that a provider
handed out are remembered here for the life of the process and replaced wherever they appear.
"""

from __future__ import annotations

import re
from typing import Any

_ID_RUN = re.compile(r"(?<!\d)(\+?\d{6,9})(\d{3})(?!\d)")
_SECRET_KEYS = frozenset({"password", "passcode", "otp", "captcha", "secret", "token", "mat_khau"})
_known_secrets: set[str] = set()
REDACTED = "***"


def mask_id(value: str) -> str:
    """'001090012345' → '*********345' (every digit run of 9-12 digits, anywhere in the text)."""
    return _ID_RUN.sub(lambda m: "*" * len(m.group(1)) + m.group(2), value)


def remember_secret(value: str | None) -> None:
    """Register a secret so that any later log line containing it is redacted."""
    if value and len(value) >= 3:
        _known_secrets.add(value)


def redact_secrets(text: str) -> str:
    for secret in sorted(_known_secrets, key=len, reverse=True):
        if secret in text:
            text = text.replace(secret, REDACTED)
    return text


def is_secret_key(key: str) -> bool:
    return key.lower() in _SECRET_KEYS


def scrub(value: Any) -> Any:
    """Mask IDs and redact secrets inside strings, recursively through dicts and lists."""
    if isinstance(value, str):
        return mask_id(redact_secrets(value))
    if isinstance(value, dict):
        return {k: (REDACTED if is_secret_key(str(k)) else scrub(v)) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(scrub(v) for v in value)
    return value
