"""The portals' option lists (portals.md §5, §6.4, §5.8) as the exact text the pages show.

Short forms in the alias maps are what people write in spreadsheets; they are mapped onto the
portal's text so that the value typed into a page always equals one of its options.
"""
from __future__ import annotations

from agent.dossier.types import choice

SEX = choice(("Nam", "Nữ"), {"male": "Nam", "m": "Nam", "female": "Nữ", "f": "Nữ", "nu": "Nữ"})

#: Dân tộc, in the official code order 01…56 (spelling as on the portals' comboboxes).
ETHNICITIES: tuple[str, ...] = (
    "Kinh", "Tày", "Thái", "Hoa", "Khơ-me", "Mường", "Nùng", "Hmông", "Dao", "Gia-rai", "Ngái",
    "Ê-đê", "Ba-na", "Xơ-đăng", "Sán Chay", "Cơ-ho", "Chăm", "Sán Dìu", "Hrê", "Mnông", "Ra-glai",
    "Xtiêng", "Bru-Vân Kiều", "Thổ", "Giáy", "Cơ-tu", "Gié-Triêng", "Mạ", "Khơ-mú", "Co", "Tà-ôi",
    "Chơ-ro", "Kháng", "Xinh-mun", "Hà Nhì", "Chu-ru", "Lào", "La Chí", "La Ha", "Phù Lá", "La Hủ",
    "Lự", "Lô Lô", "Chứt", "Mảng", "Pà Thẻn", "Cơ Lao", "Cống", "Bố Y", "Si La", "Pu Péo", "Brâu",
    "Ơ Đu", "Rơ măm", "Người nước ngoài", "Không rõ",
)
ETHNICITY = choice(ETHNICITIES, {"Khmer": "Khơ-me", "H'Mông": "Hmông", "Mông": "Hmông",
                                 "Ba na": "Ba-na", "Ê đê": "Ê-đê", "Gia rai": "Gia-rai"})

ID_DOCUMENT_KINDS = ("Căn cước công dân", "Thẻ căn cước", "Chứng minh nhân dân", "Hộ chiếu")
ID_DOCUMENT_KIND = choice(ID_DOCUMENT_KINDS, {"CCCD": "Căn cước công dân", "CMND": "Chứng minh nhân dân",
                                              "passport": "Hộ chiếu", "the can cuoc": "Thẻ căn cước"})

RESIDENCE_KIND = choice(("Thường trú", "Tạm trú", "Nơi ở hiện tại"),
                        {"permanent": "Thường trú", "temporary": "Tạm trú", "current": "Nơi ở hiện tại"})

FOR_SELF = "Làm thủ tục cho bản thân"
FILING_FOR = choice((FOR_SELF, "Làm thủ tục cho người khác"),
                    {"self": FOR_SELF, "ban than": FOR_SELF, "other": "Làm thủ tục cho người khác",
                     "nguoi khac": "Làm thủ tục cho người khác"})

AT_COUNTER = "Trả kết quả tại bộ phận tiếp nhận và trả kết quả"
BY_POST = "Trả kết quả qua đường bưu điện"
ONLINE = "Trả kết quả trên môi trường mạng (kết quả có ký số)"
DELIVERY_METHOD = choice((AT_COUNTER, BY_POST, ONLINE),
                         {"counter": AT_COUNTER, "tai bo phan": AT_COUNTER, "post": BY_POST,
                          "buu dien": BY_POST, "online": ONLINE, "truc tuyen": ONLINE})

UNMARRIED = "Hiện tại chưa đăng ký kết hôn với ai"
MARRIED = "Hiện tại đang có vợ/chồng"
WIDOWED = ("Đã đăng ký kết hôn hoặc đã có vợ/chồng nhưng vợ/chồng đã chết; "
           "hiện tại chưa đăng ký kết hôn với ai")
DIVORCED = ("Đã đăng ký kết hôn nhưng đã ly hôn hoặc hủy việc kết hôn; "
            "hiện tại chưa đăng ký kết hôn với ai")
MARITAL_STATUS = choice((UNMARRIED, MARRIED, WIDOWED, DIVORCED),
                        {"unmarried": UNMARRIED, "single": UNMARRIED, "chua ket hon": UNMARRIED,
                         "doc than": UNMARRIED, "married": MARRIED, "dang co vo/chong": MARRIED,
                         "widowed": WIDOWED, "vo/chong da chet": WIDOWED, "goa": WIDOWED,
                         "divorced": DIVORCED, "ly hon": DIVORCED, "da ly hon": DIVORCED})

ON_TIME = "Đăng ký đúng hạn"
LATE = "Đăng ký quá hạn"
LONG_AGO = "Đăng ký khai tử cho người chết đã lâu"
DEATH_REGISTRATION_TYPE = choice((ON_TIME, LATE, LONG_AGO),
                                 {"on time": ON_TIME, "dung han": ON_TIME, "late": LATE,
                                  "qua han": LATE, "long ago": LONG_AGO, "da lau": LONG_AGO})

DEATH_NOTICE_KIND = choice(("Giấy báo tử", "Giấy tờ thay thế"),
                           {"substitute": "Giấy tờ thay thế", "thay the": "Giấy tờ thay thế"})

FOREIGN_ELEMENT = choice((
    "Không có yếu tố nước ngoài",
    "Có yếu tố nước ngoài thuộc các xã vùng biên",
    "Có yếu tố nước ngoài không thuộc các xã vùng biên",
), {"none": "Không có yếu tố nước ngoài", "khong": "Không có yếu tố nước ngoài"})

BOTH_KNOWN = "Đã xác định được cả cha lẫn mẹ"
FATHER_UNKNOWN = "Chưa xác định được cha"
MOTHER_UNKNOWN = "Chưa xác định được mẹ"
BOTH_UNKNOWN = "Chưa xác định được cả cha lẫn mẹ"
ABANDONED = "Trẻ bị bỏ rơi"
BIRTH_CASE = choice((BOTH_KNOWN, FATHER_UNKNOWN, MOTHER_UNKNOWN, BOTH_UNKNOWN, ABANDONED),
                    {"both": BOTH_KNOWN, "no father": FATHER_UNKNOWN, "no mother": MOTHER_UNKNOWN,
                     "neither": BOTH_UNKNOWN, "abandoned": ABANDONED})
