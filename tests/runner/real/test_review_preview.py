"""The review on the national path compares the e-form's preview (one uncaptioned table of label
→ value) with what the flow typed, in the portal's wording where the flow gave one."""

from __future__ import annotations

from agent.runner.bindings import Binding
from agent.runner.steps import compare_review

PREVIEW = [{"caption": "", "rows": [["Họ, chữ đệm, tên", "Nguyễn Văn An"], ["Phường/Xã", "Phường Ba Đình"]]}]
NAME = Binding(
    "I. Thông tin người yêu cầu", "Họ, chữ đệm, tên", "data.requester.full_name", "Nguyễn Văn An", "fill"
)
WARD = Binding(
    "I. Thông tin người yêu cầu",
    "Phường/Xã",
    "data.requester.residence.address.commune",
    "Ba Đình",
    "choose",
    ("Phường Ba Đình", "Xã Ba Đình"),
)
PHONE = Binding("Thông tin chủ hồ sơ", "Số điện thoại", "data.applicant.phone", "0912345678", "fill")


def test_an_uncaptioned_preview_is_compared_in_the_portal_wording() -> None:
    assert compare_review(PREVIEW, [NAME, WARD, PHONE], ignore=["Thông tin chủ hồ sơ"]) == []


def test_a_difference_in_the_preview_stops_the_filing() -> None:
    other = Binding(NAME.section, NAME.label, NAME.path, "Trần Thị Bình", "fill")
    problems = compare_review(PREVIEW, [other, WARD], ignore=[])
    assert problems == [
        "I. Thông tin người yêu cầu › Họ, chữ đệm, tên: the portal shows 'Nguyễn Văn An', the dossier says "
        "'Trần Thị Bình' (data.requester.full_name)"
    ]


def test_a_step_the_preview_does_not_repeat_must_be_ignored_by_name() -> None:
    assert compare_review(PREVIEW, [NAME, PHONE], ignore=[]) == [
        "Thông tin chủ hồ sơ › Số điện thoại: not on the review page; the dossier says '0912345678' "
        "(data.applicant.phone)"
    ]
