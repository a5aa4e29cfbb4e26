"""A redirect to sign in (`?next=`) means the session is gone; VNeID's hand-off to the Ministry
(`/sso?code=…&next=…`) is signing in, and must not restart the filing."""

from __future__ import annotations

from agent.runner.watch import _is_sign_in_redirect


def test_a_sign_in_redirect_is_told_from_a_one_time_code_hand_off() -> None:
    assert _is_sign_in_redirect("/dang-nhap?next=/ho-so/moi")
    assert not _is_sign_in_redirect("http://moj.test/sso?code=abc123&next=/nop-ho-so/2089")
    assert not _is_sign_in_redirect("/xac-nhan-he-thong?ticket=t1&next=/x")
    assert not _is_sign_in_redirect("/ho-so/moi")
