"""A non-ASCII `state` on the sign-in callback is a refusal (4xx), never a 500."""

from __future__ import annotations

import httpx
import pytest


@pytest.mark.parametrize("origin", ["dvcqg", "lienthong"])
def test_non_ascii_state_is_refused_not_crashed(mock_portal, origin):
    with httpx.Client(timeout=15) as c:
        chooser = c.get(mock_portal.url(origin, "/dang-nhap"))  # starts a sign-in: a state is pending
        assert chooser.status_code == 200 and "Tài khoản định danh điện tử (VNeID)" in chooser.text
        r = c.get(mock_portal.url(origin, "/sso"), params={"code": "abc", "state": "trạng-thái-giả"})
        assert r.status_code == 400, r.status_code
        assert "Đăng nhập không thành công" in r.text and "state không khớp" in r.text
