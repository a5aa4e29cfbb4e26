"""Generate batch rows of `dang-ky-khai-tu` (a light Hanoi procedure) for tests and benchmarks.

Every valid row is a distinct death registration whose deceased has a personal ID consistent
with their sex and birth year (shared/reference/portals.md §7); invalid rows each break one rule
the models check.
Filed by the mock's citizen A (`examples/credentials.mock.yaml` → account `citizen-a`; by the
national route, `national_death_row`, through VNeID as `citizen-a-vneid`). `ROW_MAKERS` has the
rows of each cell of `bench.compare`.
"""

from __future__ import annotations

import csv
from pathlib import Path

#: A minimal but real PDF, so attachment checks (by content) pass.
MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)

APPLICANT_B = {
    "applicant.full_name": "Trần Thị Bình",
    "applicant.personal_id": "001195054321",
    "applicant.id_issue_date": "10/05/2021",
    "applicant.id_issuer": "Cục Cảnh sát quản lý hành chính về trật tự xã hội",
    "applicant.phone": "0987654321",
    "applicant.address.province": "Hà Nội",
    "applicant.address.commune": "Tương Mai",
    "applicant.address.detail": "Số 2 Giải Phóng",
}
APPLICANT = {
    "applicant.full_name": "Nguyễn Văn An",
    "applicant.personal_id": "001090012345",
    "applicant.id_issue_date": "10/05/2021",
    "applicant.id_issuer": "Cục Cảnh sát quản lý hành chính về trật tự xã hội",
    "applicant.phone": "0912345678",
    "applicant.address.province": "Hà Nội",
    "applicant.address.commune": "Hà Đông",
    "applicant.address.detail": "Số 1 Quang Trung",
}
SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ")
MIDDLE = {"Nam": ("Văn", "Đức", "Minh", "Quang"), "Nữ": ("Thị", "Ngọc", "Thu", "Thanh")}
GIVEN = {"Nam": ("Hùng", "Dũng", "Sơn", "Tuấn", "Long"), "Nữ": ("Lan", "Hoa", "Mai", "Hương", "Yến")}
COMMUNES = ("Hà Đông", "Tương Mai", "Bạch Mai", "Nghĩa Đô", "Hồng Hà")


def valid_row(i: int, account: str = "citizen-a") -> dict[str, str]:
    """The i-th distinct, valid death registration."""
    sex = "Nam" if i % 2 == 0 else "Nữ"
    year = 1930 + (i * 7) % 60
    sex_digit = "0" if sex == "Nam" else "1"  # born in the 1900s
    personal_id = f"001{sex_digit}{year % 100:02d}{700000 + i:06d}"
    name = f"{SURNAMES[i % 10]} {MIDDLE[sex][i % 4]} {GIVEN[sex][(i // 3) % 5]}"
    commune = COMMUNES[i % len(COMMUNES)]
    return {
        "row_id": f"kt-{i:04d}",
        "account": account,
        **(APPLICANT_B if account == "citizen-b" else APPLICANT),
        "requester_relationship": "Con",
        "deceased.full_name": name,
        "deceased.date_of_birth": f"{1 + i % 28:02d}/{1 + i % 12:02d}/{year}",
        "deceased.sex": sex,
        "deceased.personal_id": personal_id,
        "death.date": "10/01/2025",
        "death.time": "08:30",
        "death.place.province": "Hà Nội",
        "death.place.commune": commune,
        "death.place.detail": f"Số {i + 1} ngõ {i % 40 + 1}",
        "death.cause": "Bệnh già",
        "last_residence.kind": "Thường trú",
        "last_residence.address.province": "Hà Nội",
        "last_residence.address.commune": commune,
        "last_residence.address.detail": f"Số {i + 1} ngõ {i % 40 + 1}",
        "death_notice.kind": "Giấy báo tử",
        "death_notice.number": f"{i + 1:02d}/UBND-GBT",
        "death_notice.date": "12/01/2025",
        "death_notice.issuer": f"UBND phường {commune}",
        "delivery.method": "Trả kết quả tại bộ phận tiếp nhận và trả kết quả",
        "delivery.copies": "1",
        "attachments.death_notice": "files/giay-bao-tu.pdf",
    }


def invalid_row(i: int, account: str = "citizen-a", breakage: int | None = None) -> dict[str, str]:
    """A row breaking one rule (which one: `breakage`, default i % 4), so it must be reported,
    never filed."""
    row = valid_row(i, account)
    breakage = i % 4 if breakage is None else breakage % 4
    if breakage == 0:
        row["deceased.personal_id"] = row["deceased.personal_id"][:3] + "9" + row["deceased.personal_id"][4:]
    elif breakage == 1:
        row["death.date"] = "31/02/2024"
    elif breakage == 2:
        row["death.place.commune"] = "Phường Không Tồn Tại"
    else:
        row["death_notice.date"] = "01/01/2025"  # before the death
    return row


def rows(
    n_valid: int,
    n_invalid: int = 0,
    start: int = 0,
    account: str = "citizen-a",
    accounts: tuple[str, ...] | None = None,
) -> tuple[list[dict[str, str]], set[str]]:
    """n_valid + n_invalid rows interleaved, and the row_ids of the invalid ones. With
    `accounts`, rows alternate between them (rows of several accounts in one batch)."""
    out: list[dict[str, str]] = []
    invalid_ids: set[str] = set()
    total = n_valid + n_invalid
    every = total // n_invalid if n_invalid else 0
    made_invalid = 0
    for k in range(total):
        i = start + k
        if accounts:
            account = accounts[k % len(accounts)]
        if n_invalid and made_invalid < n_invalid and k % every == every - 1:
            row = invalid_row(i, account, breakage=made_invalid)
            invalid_ids.add(row["row_id"])
            made_invalid += 1
        else:
            row = valid_row(i, account)
        out.append(row)
    return out, invalid_ids


def write_batch(directory: Path, batch_rows: list[dict[str, str]], name: str = "rows.csv") -> Path:
    """A CSV plus the attachment its rows point at."""
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "files").mkdir(exist_ok=True)
    (directory / "files" / "giay-bao-tu.pdf").write_bytes(MINIMAL_PDF)
    columns: list[str] = []
    for row in batch_rows:
        columns.extend(c for c in row if c not in columns)
    path = directory / name
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, columns)
        writer.writeheader()
        writer.writerows(batch_rows)
    return path


def credentials_file(directory: Path) -> Path:
    """The mock's demo accounts (mock-only secrets; see docs/interfaces.md §2)."""
    path = directory / "credentials.mock.yaml"
    path.write_text(
        "providers: {otp: mock-admin, captcha: mock-admin}\n"
        "accounts:\n"
        "  citizen-a: {method: dvc, username: '001090012345', password: 'MatKhau@123', "
        "passcode: '123456', phone: '0912345678'}\n"
        "  citizen-b: {method: dvc, username: '001195054321', password: 'MatKhau@456', "
        "passcode: '654321', phone: '0987654321'}\n"
        # the same citizens through VNeID (the national portal's sign-in): OTP by SMS, passcode
        "  citizen-a-vneid: {method: vneid, username: '001090012345', password: 'MatKhau@123', "
        "passcode: '123456', phone: '0912345678'}\n"
        "  citizen-b-vneid: {method: vneid, username: '001195054321', password: 'MatKhau@456', "
        "passcode: '654321', phone: '0987654321'}\n",
        encoding="utf-8",
    )
    path.chmod(0o600)  # the agent refuses credentials files that others can read
    return path


def lien_thong_row(i: int, account: str = "citizen-a") -> dict[str, str]:
    """The i-th distinct, valid `lien-thong-khai-tu` row (liên thông khai tử on the national
    portal), with the same deceased as `valid_row(i)`; the requester is the account's citizen."""
    base = valid_row(i, account)
    applicant = APPLICANT_B if account == "citizen-b" else APPLICANT
    return {
        "row_id": f"lt-{i:04d}",
        "account": account,
        "agency.province": "Hà Nội",
        "agency.commune": base["death.place.commune"],
        "requester.full_name": applicant["applicant.full_name"],
        "requester.personal_id": applicant["applicant.personal_id"],
        "requester.relationship": "Con",
        "requester.phone": applicant["applicant.phone"],
        **{
            k: v
            for k, v in base.items()
            if k.startswith(("deceased.", "death.", "last_residence.", "death_notice.")) and k != "death.time"
        },
        "deceased.id_document.kind": "Căn cước công dân",
        "deceased.id_document.number": base["deceased.personal_id"],
        "deceased.id_document.issue_date": "01/07/2021",
        "deceased.id_document.issuer": "Cục Cảnh sát quản lý hành chính về trật tự xã hội",
        "copies": "1",
        "residence_removal.household_head.full_name": applicant["applicant.full_name"],
        "residence_removal.household_head.personal_id": applicant["applicant.personal_id"],
        "residence_removal.household_head.relationship": "Con",
        "allowance_recipient.is_requester": "true",
        "attachments.death_notice": "files/giay-bao-tu.pdf",
    }


#: The deceased the mock's population database knows (fixtures/mock_portal/real/population.py):
#: the national form looks the deceased up by name + personal ID + date of birth, fills and locks
#: sex and last residence from the record, and the agent refuses a row the database does not
#: know. As the record has them, in the rows' words.
KNOWN_DECEASED = (
    {
        "deceased.full_name": "Nguyễn Văn Bảo",
        "deceased.date_of_birth": "1938",
        "deceased.sex": "Nam",
        "deceased.personal_id": "001038001234",
        "last_residence.kind": "Thường trú",
        "last_residence.address.province": "Hà Nội",
        "last_residence.address.commune": "Đống Đa",
        "last_residence.address.detail": "Số 5 ngõ 10 Tôn Đức Thắng",
    },
    {
        "deceased.full_name": "Lê Thị Cúc",
        "deceased.date_of_birth": "05/06/1945",
        "deceased.sex": "Nữ",
        "deceased.personal_id": "001145009876",
        "last_residence.kind": "Thường trú",
        "last_residence.address.province": "Hà Nội",
        "last_residence.address.commune": "Ba Đình",
        "last_residence.address.detail": "Số 3 phố Quán Thánh",
    },
)


def national_death_row(i: int, account: str = "citizen-a-vneid") -> dict[str, str]:
    """The i-th distinct, valid `dang-ky-khai-tu` row filed by its national route (`--portal
    national`: the one-page form on dichvucong.gov.vn). The columns of `valid_row(i)` (the same
    model validates them), but the deceased is one of the two the mock's population database
    knows (`KNOWN_DECEASED`, alternately), each row with its own death date, place and notice
    number; the account signs in through VNeID, the national portal's way in, as its citizen."""
    row = {**valid_row(i, account.removesuffix("-vneid")), **KNOWN_DECEASED[i % 2]}
    day, month = 1 + (i // 2) % 27, 1 + (i // 54) % 12  # one death date per row of a person
    row.update(
        {
            "row_id": f"kn-{i:04d}",
            "account": account,
            "death.date": f"{day:02d}/{month:02d}/2025",
            "death_notice.date": f"{day + 1:02d}/{month:02d}/2025",
        }
    )
    return row


#: The rows of each benchmark cell (`procedure` or `procedure@route`): the i-th valid row.
ROW_MAKERS = {
    "dang-ky-khai-tu": valid_row,
    "lien-thong-khai-tu": lien_thong_row,
    "dang-ky-khai-tu@national": national_death_row,
}
