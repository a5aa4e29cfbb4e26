"""The portals' option lists (shared/reference/portals.md §5, §6.4, §5.8) as the exact text the pages show.

Short forms in the alias maps are what people write in spreadsheets; they are mapped onto the
portal's text so that the value typed into a page always equals one of its options.
"""

from __future__ import annotations

from typing import Annotated

from agent.dossier.types import choice

SEX = Annotated[
    str, choice(("Nam", "Nữ"), {"male": "Nam", "m": "Nam", "female": "Nữ", "f": "Nữ", "nu": "Nữ"})
]

#: Dân tộc, in the official code order 01…56: the 54 groups of Decision 121-TCTK/PPCĐ (GSO,
#: 02/03/1979) spelled as the portals' catalogue spells them ("HMông", "Ba na", "Xơ-Đăng",
#: "Chu ru", "Cơ Lao"), then 55 "Người nước ngoài" and 56 "Không rõ" (shared/reference/portals.md §5.8).
ETHNICITIES: tuple[str, ...] = (
    "Kinh", "Tày", "Thái", "Hoa", "Khơ-me", "Mường", "Nùng", "HMông", "Dao", "Gia-rai", "Ngái",
    "Ê-đê", "Ba na", "Xơ-Đăng", "Sán Chay", "Cơ-ho", "Chăm", "Sán Dìu", "Hrê", "Mnông", "Ra-glai",
    "Xtiêng", "Bru-Vân Kiều", "Thổ", "Giáy", "Cơ-tu", "Gié-Triêng", "Mạ", "Khơ-mú", "Co", "Tà-ôi",
    "Chơ-ro", "Kháng", "Xinh-mun", "Hà Nhì", "Chu ru", "Lào", "La Chí", "La Ha", "Phù Lá", "La Hủ",
    "Lự", "Lô Lô", "Chứt", "Mảng", "Pà Thẻn", "Cơ Lao", "Cống", "Bố Y", "Si La", "Pu Péo", "Brâu",
    "Ơ Đu", "Rơ măm", "Người nước ngoài", "Không rõ",
)  # fmt: skip
#: Matching ignores case and diacritics, so "Hmông", "Xơ-đăng", "Chu Ru" or "Co Lao" need no
#: alias; other spellings people (and this agent, before it followed the portals) write do.
ETHNICITY = Annotated[
    str,
    choice(
        ETHNICITIES,
        {
            "Việt": "Kinh",
            "Khmer": "Khơ-me",
            "Khơ me": "Khơ-me",
            "H'Mông": "HMông",
            "Mông": "HMông",
            "Hmong": "HMông",
            "Ba-na": "Ba na",
            "Bana": "Ba na",
            "Xơ Đăng": "Xơ-Đăng",
            "Ê đê": "Ê-đê",
            "Gia rai": "Gia-rai",
            "Ra glai": "Ra-glai",
            "Gié Triêng": "Gié-Triêng",
            "Chu-ru": "Chu ru",
        },
    ),
]

#: Quốc tịch: the countries the portals' comboboxes offer, in their order.
NATIONALITIES: tuple[str, ...] = (
    "Việt Nam", "Lào", "Campuchia", "Trung Quốc", "Thái Lan", "Hàn Quốc", "Nhật Bản", "Hoa Kỳ",
    "Pháp", "Đức", "Anh", "Úc", "Nga", "Ca-na-đa", "Singapore", "Malaysia", "Indonesia",
    "Philippines", "Ấn Độ", "Đài Loan (Trung Quốc)", "Không quốc tịch",
)  # fmt: skip
NATIONALITY = Annotated[
    str,
    choice(
        NATIONALITIES,
        {
            "VN": "Việt Nam",
            "Vietnam": "Việt Nam",
            "Viet Nam": "Việt Nam",
            "Laos": "Lào",
            "Cambodia": "Campuchia",
            "Cam-pu-chia": "Campuchia",
            "China": "Trung Quốc",
            "Thailand": "Thái Lan",
            "Korea": "Hàn Quốc",
            "Hàn": "Hàn Quốc",
            "Japan": "Nhật Bản",
            "Nhật": "Nhật Bản",
            "Mỹ": "Hoa Kỳ",
            "USA": "Hoa Kỳ",
            "United States": "Hoa Kỳ",
            "France": "Pháp",
            "Germany": "Đức",
            "United Kingdom": "Anh",
            "UK": "Anh",
            "Australia": "Úc",
            "Russia": "Nga",
            "Canada": "Ca-na-đa",
            "India": "Ấn Độ",
            "Đài Loan": "Đài Loan (Trung Quốc)",
            "Taiwan": "Đài Loan (Trung Quốc)",
            "stateless": "Không quốc tịch",
        },
    ),
]

#: Nơi cấp of an identity paper: the authorities the portals' comboboxes offer. The aliases are
#: the spellings printed on older cards and used by the justice portal (no comma, lower case).
ID_ISSUERS: tuple[str, ...] = (
    "Cục Cảnh sát quản lý hành chính về trật tự xã hội",
    "Cục Cảnh sát đăng ký, quản lý cư trú và dữ liệu quốc gia về dân cư",
    "Bộ Công an",
    "Công an Thành phố Hà Nội",
    "Cục Quản lý xuất nhập cảnh",
)
ID_ISSUER = Annotated[
    str,
    choice(
        ID_ISSUERS,
        {
            "Cục CSQLHC về TTXH": ID_ISSUERS[0],
            "Cục Cảnh sát QLHC về TTXH": ID_ISSUERS[0],
            "Cục cảnh sát đăng ký quản lý cư trú và dữ liệu quốc gia về dân cư": ID_ISSUERS[1],
            "Cục Cảnh sát ĐKQL cư trú và DLQG về dân cư": ID_ISSUERS[1],
            "Công an TP Hà Nội": ID_ISSUERS[3],
            "Công an TP. Hà Nội": ID_ISSUERS[3],
            "Công an Hà Nội": ID_ISSUERS[3],
            "Cục QLXNC": ID_ISSUERS[4],
        },
    ),
]

#: Quan hệ (requester, funeral-allowance recipient) on the liên thông forms.
RELATIONSHIPS: tuple[str, ...] = (
    "Cha",
    "Mẹ",
    "Ông",
    "Bà",
    "Anh",
    "Chị",
    "Em",
    "Vợ",
    "Chồng",
    "Con",
    "Cháu",
    "Người giám hộ/đại diện hợp pháp",
    "Khác",
)
_KIN_ALIASES = {
    "Bố": "Cha",
    "Bố đẻ": "Cha",
    "Cha đẻ": "Cha",
    "Mẹ đẻ": "Mẹ",
    "Ông nội": "Ông",
    "Ông ngoại": "Ông",
    "Bà nội": "Bà",
    "Bà ngoại": "Bà",
    "Anh trai": "Anh",
    "Chị gái": "Chị",
    "Em trai": "Em",
    "Em gái": "Em",
    "Con đẻ": "Con",
    "Con trai": "Con",
    "Con gái": "Con",
    "Cháu nội": "Cháu",
    "Cháu ngoại": "Cháu",
}
RELATIONSHIP = Annotated[
    str,
    choice(
        RELATIONSHIPS,
        {
            **_KIN_ALIASES,
            "Người giám hộ": RELATIONSHIPS[11],
            "Người đại diện hợp pháp": RELATIONSHIPS[11],
            "Giám hộ": RELATIONSHIPS[11],
        },
    ),
]

#: Quan hệ với chủ hộ (household head's relation) on the liên thông forms.
HOUSEHOLD_RELATIONSHIPS: tuple[str, ...] = (
    "Chủ hộ",
    "Vợ",
    "Chồng",
    "Con",
    "Cha",
    "Mẹ",
    "Ông",
    "Bà",
    "Cháu",
    "Anh",
    "Chị",
    "Em",
    "Khác",
)
HOUSEHOLD_RELATIONSHIP = Annotated[
    str, choice(HOUSEHOLD_RELATIONSHIPS, {**_KIN_ALIASES, "Bản thân": "Chủ hộ"})
]

#: The kinds of identity paper whose number the agent can check (12-digit CCCD / thẻ căn cước,
#: 9- or 12-digit CMND, passport). The portals offer more (Hanoi adds "Giấy chứng nhận căn cước",
#: liên thông also army, police and household papers); the agent deliberately takes only these.
ID_DOCUMENT_KINDS = ("Căn cước công dân", "Thẻ căn cước", "Chứng minh nhân dân", "Hộ chiếu")
ID_DOCUMENT_KIND = Annotated[
    str,
    choice(
        ID_DOCUMENT_KINDS,
        {
            "CCCD": "Căn cước công dân",
            "CMND": "Chứng minh nhân dân",
            "passport": "Hộ chiếu",
            "the can cuoc": "Thẻ căn cước",
        },
    ),
]

RESIDENCE_KIND = Annotated[
    str,
    choice(
        ("Thường trú", "Tạm trú", "Nơi ở hiện tại"),
        {"permanent": "Thường trú", "temporary": "Tạm trú", "current": "Nơi ở hiện tại"},
    ),
]

FOR_SELF = "Làm thủ tục cho bản thân"
FILING_FOR = Annotated[
    str,
    choice(
        (FOR_SELF, "Làm thủ tục cho người khác"),
        {
            "self": FOR_SELF,
            "ban than": FOR_SELF,
            "other": "Làm thủ tục cho người khác",
            "nguoi khac": "Làm thủ tục cho người khác",
        },
    ),
]

AT_COUNTER = "Trả kết quả tại bộ phận tiếp nhận và trả kết quả"
BY_POST = "Trả kết quả qua đường bưu điện"
ONLINE = "Trả kết quả trên môi trường mạng (kết quả có ký số)"
DELIVERY_METHOD = Annotated[
    str,
    choice(
        (AT_COUNTER, BY_POST, ONLINE),
        {
            "counter": AT_COUNTER,
            "tai bo phan": AT_COUNTER,
            "post": BY_POST,
            "buu dien": BY_POST,
            "online": ONLINE,
            "truc tuyen": ONLINE,
        },
    ),
]

UNMARRIED = "Hiện tại chưa đăng ký kết hôn với ai"
MARRIED = "Hiện tại đang có vợ/chồng"
WIDOWED = (
    "Đã đăng ký kết hôn hoặc đã có vợ/chồng nhưng vợ/chồng đã chết; hiện tại chưa đăng ký kết hôn với ai"
)
DIVORCED = "Đã đăng ký kết hôn nhưng đã ly hôn hoặc hủy việc kết hôn; hiện tại chưa đăng ký kết hôn với ai"
MARITAL_STATUS = Annotated[
    str,
    choice(
        (UNMARRIED, MARRIED, WIDOWED, DIVORCED),
        {
            "unmarried": UNMARRIED,
            "single": UNMARRIED,
            "chua ket hon": UNMARRIED,
            "doc than": UNMARRIED,
            "married": MARRIED,
            "dang co vo/chong": MARRIED,
            "widowed": WIDOWED,
            "vo/chong da chet": WIDOWED,
            "goa": WIDOWED,
            "divorced": DIVORCED,
            "ly hon": DIVORCED,
            "da ly hon": DIVORCED,
        },
    ),
]

ON_TIME = "Đăng ký đúng hạn"
LATE = "Đăng ký quá hạn"
LONG_AGO = "Đăng ký khai tử cho người chết đã lâu"
DEATH_REGISTRATION_TYPE = Annotated[
    str,
    choice(
        (ON_TIME, LATE, LONG_AGO),
        {
            "on time": ON_TIME,
            "dung han": ON_TIME,
            "late": LATE,
            "qua han": LATE,
            "long ago": LONG_AGO,
            "da lau": LONG_AGO,
        },
    ),
]

DEATH_NOTICE_KIND = Annotated[
    str,
    choice(
        ("Giấy báo tử", "Giấy tờ thay thế"),
        {"substitute": "Giấy tờ thay thế", "thay the": "Giấy tờ thay thế"},
    ),
]

FOREIGN_ELEMENT = Annotated[
    str,
    choice(
        (
            "Không có yếu tố nước ngoài",
            "Có yếu tố nước ngoài thuộc các xã vùng biên",
            "Có yếu tố nước ngoài không thuộc các xã vùng biên",
        ),
        {"none": "Không có yếu tố nước ngoài", "khong": "Không có yếu tố nước ngoài"},
    ),
]

BOTH_KNOWN = "Đã xác định được cả cha lẫn mẹ"
FATHER_UNKNOWN = "Chưa xác định được cha"
MOTHER_UNKNOWN = "Chưa xác định được mẹ"
BOTH_UNKNOWN = "Chưa xác định được cả cha lẫn mẹ"
ABANDONED = "Trẻ bị bỏ rơi"
BIRTH_CASE = Annotated[
    str,
    choice(
        (BOTH_KNOWN, FATHER_UNKNOWN, MOTHER_UNKNOWN, BOTH_UNKNOWN, ABANDONED),
        {
            "both": BOTH_KNOWN,
            "no father": FATHER_UNKNOWN,
            "no mother": MOTHER_UNKNOWN,
            "neither": BOTH_UNKNOWN,
            "abandoned": ABANDONED,
        },
    ),
]
