"""A tiny real HTTP portal for engine tests: sign-in, one form, review, submit, "Hồ sơ của tôi".

It follows the mock's markup conventions (docs/interfaces.md §3) and can misbehave on request:
answer 5xx, drop the connection, expire the session, drop the submit's answer after storing the
dossier, eat the first value typed into a field (client-side hydration), stay busy loading, or
change its form so that the flow no longer fits.
"""

from __future__ import annotations

import html
import secrets
import socket
import threading
from dataclasses import dataclass, field
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

PAGE = """<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>{title}</title></head>
<body><main id="app" aria-busy="false">{body}</main>{script}</body></html>"""


@dataclass
class Faults:
    """Each counter fires that many times, then stops."""

    error_5xx_on_form_post: int = 0
    drop_on_form_post: int = 0
    expire_on_form_post: int = 0
    commit_timeout: int = 0
    error_5xx_on_detail: int = 0  # a dossier's page in "Hồ sơ của tôi" answers 500
    expire_on_detail: int = 0  # ... or finds the session expired
    expire_on_list_page: int = 0  # a later page of "Hồ sơ của tôi" finds the session expired
    commit_late: bool = False  # the submit's connection drops; the dossier lands only after
    # the first look at "Hồ sơ của tôi" (a slow back end)
    hydration_eats_first_fill: bool = False
    label_missing: bool = False  # the ID field loses its <label>: only a placeholder
    review_alters_name: bool = False  # the review page shows another name than was typed
    review_omits_id: bool = False  # the review page leaves the personal ID out
    review_empty: bool = False  # the review page shows no table at all
    name_label_renamed: bool = False  # the portal renamed the name field: the flow no longer fits
    busy_form: int = 0  # the form page is still loading (aria-busy, no fields yet)


@dataclass
class State:
    faults: Faults = field(default_factory=Faults)
    sessions: set[str] = field(default_factory=set)
    drafts: dict[str, dict[str, str]] = field(default_factory=dict)
    dossiers: list[dict] = field(default_factory=list)
    logins: int = 0
    form_posts: int = 0
    submits: int = 0
    pending_commits: list = field(default_factory=list)
    list_views: int = 0
    form_views: int = 0
    page_size: int = 20  # "Hồ sơ của tôi" rows per page, newest first


class Handler(BaseHTTPRequestHandler):
    state: State

    def log_message(self, *args):  # keep test output quiet
        pass

    # -- helpers
    def _session(self) -> str | None:
        for part in self.headers.get("Cookie", "").split(";"):
            name, _, value = part.strip().partition("=")
            if name == "sid" and value in self.state.sessions:
                return value
        return None

    def _send(
        self,
        body: str,
        status: int = 200,
        title: str = "Mini",
        script: str = "",
        headers: dict[str, str] | None = None,
        busy: bool = False,
    ) -> None:
        page = PAGE.replace('aria-busy="false"', 'aria-busy="true"') if busy else PAGE
        data = page.format(title=title, body=body, script=script).encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def _redirect(self, to: str, headers: dict[str, str] | None = None) -> None:
        self.send_response(303)
        self.send_header("Location", to)
        self.send_header("Content-Length", "0")
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()

    def _drop(self) -> None:
        self.close_connection = True
        self.connection.shutdown(socket.SHUT_RDWR)

    def _expired(self) -> None:
        self._send('<h1>Phiên đăng nhập đã hết hạn</h1><a href="/login">Đăng nhập lại</a>', 401)

    def _form_data(self) -> dict[str, str]:
        length = int(self.headers.get("Content-Length") or 0)
        raw = parse_qs(self.rfile.read(length).decode(), keep_blank_values=True)
        return {k: v[0] for k, v in raw.items()}

    # -- routes
    def do_GET(self):
        path, _, query = self.path.partition("?")
        sid = self._session()
        if path == "/":
            links = (
                (
                    '<a href="/logout">Đăng xuất</a> <a href="/form">Nộp hồ sơ</a> '
                    '<a href="/my">Hồ sơ của tôi</a>'
                )
                if sid
                else '<a href="/login">Đăng nhập</a>'
            )
            return self._send(f"<h1>Trang chủ</h1>{links}")
        if path == "/login":
            return self._send(
                '<h1>Đăng nhập</h1><form method="post" action="/login">'
                '<label for="u">Tên đăng nhập</label><input id="u" name="u">'
                '<label for="p">Mật khẩu</label><input id="p" name="p" type="password">'
                '<button type="submit">Đăng nhập</button></form>'
            )
        if sid is None:
            return self._expired()
        if path == "/form":
            return self._form_page(sid)
        if path == "/review":
            draft = dict(self.state.drafts.get(sid, {}))
            if self.state.faults.review_alters_name:
                draft["Họ, chữ đệm, tên"] = draft.get("Họ, chữ đệm, tên", "") + " X"
            if self.state.faults.review_omits_id:
                draft.pop("Số định danh cá nhân", None)
            rows = "".join(
                f'<tr><th scope="row">{html.escape(k)}</th><td>{html.escape(v)}</td></tr>'
                for k, v in draft.items()
            )
            table = (
                ""
                if self.state.faults.review_empty
                else f"<table><caption>Người chết</caption>{rows}</table>"
            )
            return self._send(
                f"<h1>Kiểm tra lại thông tin</h1>{table}"
                '<form method="post" action="/submit"><button>Nộp hồ sơ</button></form>'
            )
        if path == "/my":
            number = int(parse_qs(query).get("trang", ["1"])[0])
            if number > 1 and self.state.faults.expire_on_list_page:
                self.state.faults.expire_on_list_page -= 1
                self.state.sessions.discard(sid)
                return self._expired()
            size = self.state.page_size
            shown = list(reversed(self.state.dossiers))[(number - 1) * size : number * size]
            rows = "".join(
                f'<tr><td><a href="/ho-so/{d["code"]}">{d["code"]}</a></td><td>Đăng ký khai tử</td>'
                f"<td>{d['at']}</td><td>Mới đăng ký</td></tr>"
                for d in shown
            )
            more = len(self.state.dossiers) > number * size
            pager = (
                f'<nav aria-label="Phân trang"><a href="/my?trang={number + 1}">Trang sau</a></nav>'
                if more
                else ""
            )
            self.state.list_views += 1
            self._send(
                '<h1>Hồ sơ của tôi</h1><table aria-label="Hồ sơ của tôi"><thead><tr>'
                "<th>Mã hồ sơ</th><th>Tên thủ tục</th><th>Ngày nộp</th><th>Trạng thái</th>"
                f"</tr></thead><tbody>{rows}</tbody></table>{pager}"
            )
            while self.state.pending_commits:  # it lands just after this look missed it
                self.state.pending_commits.pop()()
            return None
        if path.startswith("/ho-so/"):
            code = path.rsplit("/", 1)[-1]
            if self.state.faults.error_5xx_on_detail:
                self.state.faults.error_5xx_on_detail -= 1
                return self._send("<h1>Lỗi hệ thống</h1>", 500)
            if self.state.faults.expire_on_detail:
                self.state.faults.expire_on_detail -= 1
                self.state.sessions.discard(sid)
                return self._expired()
            d = next(x for x in self.state.dossiers if x["code"] == code)
            rows = "".join(f'<tr><th scope="row">{k}</th><td>{v}</td></tr>' for k, v in d["fields"].items())
            return self._send(
                f"<h1>Hồ sơ {code}</h1><table><caption>Người chết</caption>{rows}</table>"
                "<dl><dt>Ngày hẹn trả</dt><dd>01/12/2026</dd></dl>"
            )
        self._send("<h1>Không tìm thấy</h1>", 404)

    def _form_page(self, sid: str, errors: str = "") -> None:
        self.state.form_views += 1
        if self.state.faults.busy_form:
            self.state.faults.busy_form -= 1
            return self._send("<h1>Kê khai</h1><p>Đang tải…</p>", busy=True)
        draft = self.state.drafts.get(sid, {})
        name = html.escape(draft.get("Họ, chữ đệm, tên", ""))
        pid = html.escape(draft.get("Số định danh cá nhân", ""))
        id_label = (
            ""
            if self.state.faults.label_missing
            else '<label for="pid">Số định danh cá nhân <span aria-hidden="true">*</span></label>'
        )
        name_label = "Họ và tên" if self.state.faults.name_label_renamed else "Họ, chữ đệm, tên"
        script = ""
        if self.state.faults.hydration_eats_first_fill:
            script = (
                "<script>const f = document.getElementById('name'); let eaten = false;"
                "f.addEventListener('input', () => { if (!eaten) { eaten = true; f.value = ''; } });"
                "</script>"
            )
        self._send(
            f'<h1>Kê khai</h1>{errors}<form method="post" action="/form"><fieldset><legend>Người chết</legend>'
            f'<label for="name">{name_label} <span aria-hidden="true">*</span></label>'
            f'<input id="name" name="name" value="{name}">'
            f'{id_label}<input id="pid" name="pid" placeholder="Số định danh" value="{pid}">'
            '</fieldset><button type="submit">Tiếp tục</button></form>',
            script=script,
        )

    def do_POST(self):
        path = self.path.split("?")[0]
        form = self._form_data()
        faults = self.state.faults
        if path == "/login":
            if form.get("u") == "001090012345" and form.get("p") == "MatKhau@123":
                sid = secrets.token_hex(8)
                self.state.sessions.add(sid)
                self.state.logins += 1
                return self._redirect("/", {"Set-Cookie": f"sid={sid}; Path=/"})
            return self._send('<div role="alert" aria-label="Lỗi">Sai mật khẩu</div>', 200)
        sid = self._session()
        if sid is None:
            return self._expired()
        if path == "/form":
            self.state.form_posts += 1
            if faults.error_5xx_on_form_post:
                faults.error_5xx_on_form_post -= 1
                return self._send("<h1>Lỗi hệ thống</h1>", 500)
            if faults.drop_on_form_post:
                faults.drop_on_form_post -= 1
                return self._drop()
            if faults.expire_on_form_post:
                faults.expire_on_form_post -= 1
                self.state.sessions.discard(sid)
                return self._expired()
            if not form.get("name"):
                return self._form_page(
                    sid, '<div role="alert" aria-label="Lỗi">Họ, chữ đệm, tên: Bắt buộc nhập</div>'
                )
            self.state.drafts[sid] = {"Họ, chữ đệm, tên": form["name"], "Số định danh cá nhân": form["pid"]}
            return self._redirect("/review")
        if path == "/submit":
            self.state.submits += 1
            draft = self.state.drafts.get(sid, {})

            def commit() -> str:
                code = f"000.A0.01.H26-261125-{len(self.state.dossiers) + 1:04d}"
                self.state.dossiers.append(
                    {"code": code, "fields": dict(draft), "at": datetime.now().strftime("%d/%m/%Y %H:%M")}
                )
                return code

            if faults.commit_late:  # a slow back end: the answer is lost, the dossier lands later
                faults.commit_late = False
                self.state.pending_commits.append(commit)
                return self._drop()
            code = commit()
            if faults.commit_timeout:
                faults.commit_timeout -= 1
                return self._drop()
            return self._send(
                "<h1>Nộp hồ sơ thành công</h1>"
                f"<dl><dt>Mã hồ sơ</dt><dd>{code}</dd><dt>Ngày hẹn trả</dt><dd>01/12/2026</dd></dl>"
            )
        self._send("<h1>Không tìm thấy</h1>", 404)


class MiniPortal:
    def __init__(self) -> None:
        self.state = State()
        handler = type("BoundHandler", (Handler,), {"state": self.state})
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> MiniPortal:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
