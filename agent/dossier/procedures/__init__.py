"""The seven procedures, one module each. `PROCEDURES` maps slug → Procedure."""

from __future__ import annotations

from agent.dossier.procedure import Procedure
from agent.dossier.procedures import (
    dang_ky_ket_hon,
    dang_ky_khai_tu,
    dang_ky_lai_ket_hon,
    dang_ky_lai_khai_sinh,
    lien_thong_khai_sinh,
    lien_thong_khai_tu,
    xac_nhan_tinh_trang_hon_nhan,
)

PROCEDURES: dict[str, Procedure] = {
    m.PROCEDURE.slug: m.PROCEDURE
    for m in (
        xac_nhan_tinh_trang_hon_nhan,
        dang_ky_lai_khai_sinh,
        dang_ky_ket_hon,
        dang_ky_lai_ket_hon,
        dang_ky_khai_tu,
        lien_thong_khai_sinh,
        lien_thong_khai_tu,
    )
}
