"""The routes a dossier can be filed by: which portal path each flows/<route>/ folder drives, and
since when it is the path citizens take. Shown by `dvc-agent flows` and in error hints."""

from __future__ import annotations

ROUTES: dict[str, str] = {
    "hanoi": "dichvucong.hanoi.gov.vn, the legacy Hanoi portal the source document describes; "
    "Hanoi's civil-status filings left it on 01/07/2025",
    "national": "dichvucong.gov.vn → the Ministry of Justice's wizard (death registration: one page "
    "on dichvucong.gov.vn); the path since 01/07/2025",
    "dvcqg": "dichvucong.gov.vn, liên thông (interconnected) procedures",
}


def describe_route(route: str) -> str:
    return ROUTES.get(route, "a route with no description (add it to agent/flow/routes.py)")
