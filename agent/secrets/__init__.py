"""Credentials and one-time secrets (OTP, passcode, captcha), and the masking that keeps them and
personal identifiers out of logs and artifacts."""

from agent.secrets.credentials import Account, Credentials, load_credentials
from agent.secrets.masking import mask_id, remember_secret, scrub
from agent.secrets.providers import SecretRequest, Secrets, make_provider

__all__ = [
    "Account",
    "Credentials",
    "SecretRequest",
    "Secrets",
    "load_credentials",
    "make_provider",
    "mask_id",
    "remember_secret",
    "scrub",
]
