"""Credentials and one-time secrets: where they come from, and that they never reach a log."""

from __future__ import annotations

import io
import json

import pytest

from agent.errors import InvalidInput
from agent.observability import configure, drop_secrets, get_logger, mask_identifiers
from agent.secrets import Account, Credentials, SecretRequest, Secrets, load_credentials, mask_id, scrub
from agent.secrets.providers import CommandProvider, EnvProvider, MockAdminProvider, make_provider

ACCOUNT = Account(
    name="a",
    method="vneid",
    username="001090012345",
    password="Pw@secret1",
    passcode="123456",
    phone="0912345678",
)


def write(tmp_path, text: str):
    path = tmp_path / "credentials.yaml"
    path.write_text(text, encoding="utf-8")
    path.chmod(0o600)  # the agent refuses credentials files that others can read
    return path


def test_credentials_file_accounts_and_providers(tmp_path):
    path = write(
        tmp_path,
        "providers: {otp: 'env:MY_OTP'}\naccounts:\n  a: {method: vneid, "
        "username: '001090012345', password: 'Pw@secret1', passcode: '123456'}\n",
    )
    creds = load_credentials(path)
    account = creds.account("a")
    assert account.method == "vneid" and account.passcode == "123456"
    assert "Pw@secret1" not in repr(account)
    assert creds.providers == {"otp": "env:MY_OTP"}
    with pytest.raises(InvalidInput, match="no account 'b'"):
        creds.account("b")


@pytest.mark.parametrize(
    "text, message",
    [
        ("accounts: {a: {method: sms, username: u, password: p}}", "method 'sms'"),
        ("accounts: {a: {method: dvc, username: u}}", "lacks password"),
        ("accounts: [1, 2]", "expected `accounts:`"),
    ],
)
def test_bad_credentials_file_is_invalid_input(tmp_path, text, message):
    with pytest.raises(InvalidInput, match=message):
        load_credentials(write(tmp_path, text))


def test_missing_explicit_file_and_env_accounts(tmp_path, monkeypatch):
    with pytest.raises(InvalidInput, match="does not exist"):
        load_credentials(tmp_path / "nope.yaml")
    monkeypatch.delenv("DVC_AGENT_CREDENTIALS", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("DVC_AGENT_ACCOUNT_CITIZEN_A_USERNAME", "001090012345")
    monkeypatch.setenv("DVC_AGENT_ACCOUNT_CITIZEN_A_PASSWORD", "Pw@env1")
    account = load_credentials().account("citizen-a")
    assert account.username == "001090012345" and account.method == "dvc"


def test_providers(monkeypatch, run_async):
    request = SecretRequest("otp", ACCOUNT, "https://sso.dancuquocgia.gov.vn/xac-thuc-otp")
    monkeypatch.setenv("MY_OTP", "654321")
    assert run_async(EnvProvider("MY_OTP").get(request)) == "654321"
    assert (
        run_async(CommandProvider('sh -c "echo $DVC_AGENT_SECRET_KIND-$DVC_AGENT_PHONE"').get(request))
        == "otp-0912345678"
    )
    with pytest.raises(InvalidInput, match="only works against the local mock"):
        run_async(MockAdminProvider().get(request))
    with pytest.raises(InvalidInput, match="unknown secret provider"):
        make_provider("sms")
    secrets = Secrets(Credentials(accounts={"a": ACCOUNT}, providers={"otp": "env:MY_OTP"}))
    assert run_async(secrets.one_time(request)) == "654321"
    passcode = SecretRequest("passcode", ACCOUNT, request.page_url)
    assert run_async(secrets.one_time(passcode)) == "123456"  # the account's own passcode


def test_masking_is_pure_and_thorough():
    assert mask_id("CCCD 001090012345, tel 0912345678") == "CCCD *********345, tel *******678"
    assert mask_id("000.A0.01.H26-261125-0001 on 15/03/1990") == "000.A0.01.H26-261125-0001 on 15/03/1990"
    event = {"event": "x", "password": "Pw@secret1", "otp": "1", "who": {"pid": "001090012345"}}
    assert "password" not in drop_secrets(None, "", event) and "otp" not in drop_secrets(None, "", event)
    assert mask_identifiers(None, "", event)["who"] == {"pid": "*********345"}
    load_credentials  # noqa: B018 - (accounts register their secrets when read)
    Secrets(Credentials(accounts={"a": ACCOUNT}))
    from agent.secrets.masking import remember_secret

    remember_secret("Pw@secret1")
    assert scrub("typed Pw@secret1 in") == "typed *** in"


def test_logs_are_json_off_a_terminal_and_never_carry_secrets():
    from agent.secrets.masking import remember_secret

    remember_secret("Pw@secret1")
    stream = io.StringIO()
    configure(stream=stream)
    get_logger().info("step", note="typed Pw@secret1", personal_id="001090012345", passcode="123456")
    line = json.loads(stream.getvalue().splitlines()[-1])
    assert line["event"] == "step" and line["personal_id"] == "*********345"
    assert "passcode" not in line and "Pw@secret1" not in stream.getvalue()
    configure()
