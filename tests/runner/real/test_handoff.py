"""A redirect to sign in (`?next=`) means the session is gone; VNeID's hand-off to the Ministry
(`/sso?code=…&next=…`) is signing in, and must not restart the filing."""

from __future__ import annotations

from agent.runner.watch import _is_sign_in_redirect


def test_a_sign_in_redirect_is_told_from_a_one_time_code_hand_off() -> None:
    assert _is_sign_in_redirect("/dang-nhap?next=/ho-so/moi")
    assert not _is_sign_in_redirect("http://moj.test/sso?code=abc123&next=/nop-ho-so/2089")
    assert not _is_sign_in_redirect("/xac-nhan-he-thong?ticket=t1&next=/x")
    assert not _is_sign_in_redirect("/ho-so/moi")


def test_a_redirect_straight_to_the_identity_providers_authorisation_is_a_lost_session() -> None:
    vneid = "http://vneid.test/auth?response_type=code&client_id=dvcqg&redirect_uri=http%3A%2F%2Fdvcqg.test%2Fsso&state=s1"
    assert _is_sign_in_redirect(vneid, "http://dvcqg.test/nop-ho-so?formalityId=f1")
    assert not _is_sign_in_redirect(vneid, "http://hanoi.test/dang-nhap/cong-dan/vneid")  # asked for
    assert not _is_sign_in_redirect("http://dvcqg.test/sso?code=c1&state=s1")  # coming back: signing in
