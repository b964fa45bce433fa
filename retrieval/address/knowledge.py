"""Built-in knowledge for the store: one short Vietnamese document per 2025 unit.

Why: questions such as "xã Mường Bú mới gồm những xã cũ nào?" or "tỉnh Sơn La có
bao nhiêu phường?" are answered best from facts we hold anyway. The texts are written
from the gazetteer and the facts table (names, codes, old units, resolution numbers
and dates); nothing is copied from articles. `status_info()` reports what data the
resolver describes, for `haicap status`.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

from retrieval.address.gazetteer import Gazetteer, get_gazetteer
from retrieval.address.legal_facts import (
    EFFECTIVE_DATE,
    ISSUER,
    PROVINCE_RESOLUTIONS,
    REFORM_DOCUMENTS,
)

_TYPE_PLURAL = (("Xã", "xã"), ("Phường", "phường"), ("Đặc khu", "đặc khu"))


def _date_vi(iso: str) -> str:
    return f"{int(iso[8:10]):02d}/{int(iso[5:7]):02d}/{iso[0:4]}"


def _thousands(number: int) -> str:
    """10035 → "10.035" (Vietnamese digit grouping)."""
    return f"{number:,}".replace(",", ".")


def _lower_type(name: str) -> str:
    """Lower-case the type inside a sentence ("tỉnh Sơn La"); "Phường 1" keeps its capital."""
    if not name or re.search(r"\s(?:\d+|[IVX]+)$", name):
        return name
    return name[0].lower() + name[1:]


def _gazetteer() -> Gazetteer:
    from haicap.settings import get_settings

    settings = get_settings()
    return get_gazetteer(Path(settings.cache_dir), Path(settings.data_dir))


def builtin_documents(gazetteer: Gazetteer | None = None) -> list[tuple[str, str, dict[str, Any]]]:
    """(name, text, metadata) for every new commune, every province and one overview."""
    gaz = gazetteer or _gazetteer()
    docs = [_overview(gaz)]
    for code in sorted(gaz.new_provinces):
        docs.append(_province_doc(gaz, code))
    for code in sorted(gaz.new_units):
        docs.append(_commune_doc(gaz, code))
    return docs


def _metadata(title: str, province: str, number: str | None, date: str | None) -> dict[str, Any]:
    meta: dict[str, Any] = {
        "kind": "builtin",
        "title": title,
        "province": province,
        "language": "vi",
        "doc_numbers": [number] if number else [],
    }
    if number:
        meta.update(doc_number=number, issue_date=date or "", issuer=ISSUER)
    return meta


def _commune_doc(gaz: Gazetteer, code: str) -> tuple[str, str, dict[str, Any]]:
    unit = gaz.new_units[code]
    province = gaz.new_provinces[unit.province_code]
    fact = PROVINCE_RESOLUTIONS.get(unit.province_code)
    title = f"{unit.name} ({_lower_type(province.name)})"
    lines = [
        f"# {title}",
        "",
        f"{unit.name} là đơn vị hành chính cấp xã (loại: {unit.type.lower()}) của "
        f"{_lower_type(province.name)}, mã số {unit.code}, "
        f"hoạt động từ ngày {_date_vi(EFFECTIVE_DATE)}.",
        "",
    ]
    edges = gaz.old_of(code)
    if (
        len(edges) == 1
        and gaz.old_units[edges[0].old_code].short == unit.short
        and not edges[0].partial
    ):
        old = gaz.old_units[edges[0].old_code]
        lines.append(
            f"Đơn vị này giữ nguyên phạm vi của {_lower_type(old.name)} "
            f"({_lower_type(gaz.old_districts[old.district_code].name)}, "
            f"{_lower_type(gaz.old_provinces[old.province_code].name)}), mã cũ {old.code}."
        )
    else:
        lines.append(f"{unit.name} được hình thành từ:")
        for edge in edges:
            old = gaz.old_units[edge.old_code]
            extent = "một phần" if edge.partial else "toàn bộ"
            lines.append(
                f"- {extent} {_lower_type(old.name)} "
                f"({_lower_type(gaz.old_districts[old.district_code].name)}, "
                f"{_lower_type(gaz.old_provinces[old.province_code].name)}), mã cũ {old.code};"
            )
    if fact:
        lines += [
            "",
            f"Căn cứ: Nghị quyết số {fact.number} ngày {_date_vi(fact.date)} của {ISSUER} về việc "
            f"sắp xếp các đơn vị hành chính cấp xã của {_lower_type(fact.province)} năm 2025.",
        ]
    lines += ["", f"Dữ liệu theo đơn vị hành chính ngày {_date_vi(gaz.data_version)}."]
    return (
        f"builtin/commune/{code}.md",
        "\n".join(lines),
        _metadata(title, province.name, fact.number if fact else None, fact.date if fact else None),
    )


def _province_doc(gaz: Gazetteer, code: str) -> tuple[str, str, dict[str, Any]]:
    province = gaz.new_provinces[code]
    fact = PROVINCE_RESOLUTIONS.get(code)
    units = [gaz.new_units[c] for c in gaz.new_units_by_province.get(code, ())]
    by_type = Counter(u.type for u in units)
    counts = ", ".join(f"{by_type[t]} {label}" for t, label in _TYPE_PLURAL if by_type[t])
    olds = sorted(p.name for p in gaz.old_provinces.values() if p.new_code == code)
    lines = [
        f"# {province.name}: các đơn vị hành chính cấp xã từ ngày {_date_vi(EFFECTIVE_DATE)}",
        "",
        f"Từ ngày {_date_vi(EFFECTIVE_DATE)}, {_lower_type(province.name)} (mã {code}) có "
        f"{len(units)} đơn vị hành chính cấp xã, gồm {counts}.",
    ]
    if len(olds) > 1:
        lines.append(
            f"{province.name} được hợp nhất từ: {', '.join(_lower_type(o) for o in olds)}."
        )
    elif olds:
        lines.append(f"{province.name} không hợp nhất với tỉnh, thành phố khác ({olds[0]}).")
    if fact:
        lines.append(
            f"Căn cứ sắp xếp cấp xã: Nghị quyết số {fact.number} "
            f"ngày {_date_vi(fact.date)} của {ISSUER}."
        )
    for unit_type, label in _TYPE_PLURAL:
        names = sorted(u.short for u in units if u.type == unit_type)
        if names:
            lines += ["", f"Các {label}: {', '.join(names)}."]
    lines += ["", f"Dữ liệu theo đơn vị hành chính ngày {_date_vi(gaz.data_version)}."]
    title = f"{province.name}: đơn vị hành chính cấp xã từ {_date_vi(EFFECTIVE_DATE)}"
    return (
        f"builtin/province/{code}.md",
        "\n".join(lines),
        _metadata(title, province.name, fact.number if fact else None, fact.date if fact else None),
    )


def _overview(gaz: Gazetteer) -> tuple[str, str, dict[str, Any]]:
    counts = gaz.counts()
    docs = {number: (date, what) for number, date, what in REFORM_DOCUMENTS}
    lines = [
        "# Sắp xếp đơn vị hành chính năm 2025: tổng quan",
        "",
        f"Từ ngày {_date_vi(EFFECTIVE_DATE)}, chính quyền địa phương được tổ chức theo hai cấp: "
        "cấp tỉnh "
        "và cấp xã (xã, phường, đặc khu); cấp huyện không còn tổ chức.",
        f"Số đơn vị hành chính cấp tỉnh giảm từ {counts['old_provinces']} xuống "
        f"{counts['new_provinces']}; số đơn vị hành chính cấp xã giảm từ "
        f"{_thousands(counts['old_communes'])} xuống {_thousands(counts['new_communes'])} "
        f"({counts['new_xa']} xã, {counts['new_phuong']} phường, {counts['new_dac_khu']} đặc khu).",
        "",
        "Các mốc và văn bản chính:",
    ]
    order = ("60-NQ/TW", "150-KL/TW", "45-CT/TW", "76/2025/UBTVQH15", "202/2025/QH15")
    for number in order:
        date, what = docs[number]
        lines.append(f"- {_date_vi(date)}: {what}, số {number}.")
    lines.append(
        f"- {_date_vi('2025-06-16')}: {ISSUER} thông qua 34 nghị quyết (từ số 1654/NQ-UBTVQH15 đến "
        "1687/NQ-UBTVQH15), mỗi nghị quyết sắp xếp các đơn vị hành chính cấp xã "
        "của một tỉnh, thành phố."
    )
    lines.append(
        f"- {_date_vi(EFFECTIVE_DATE)}: chính quyền địa phương ở các đơn vị mới "
        "chính thức hoạt động."
    )
    lines += ["", f"Dữ liệu theo đơn vị hành chính ngày {_date_vi(gaz.data_version)}."]
    meta = _metadata("Sắp xếp đơn vị hành chính năm 2025: tổng quan", "", None, None)
    meta["doc_numbers"] = [*order, *(f.number for f in PROVINCE_RESOLUTIONS.values())]
    return ("builtin/overview.md", "\n".join(lines), meta)


def status_info() -> dict[str, Any]:
    """What the address data describes, for `haicap status` (cheap: cached gazetteer)."""
    from haicap.settings import get_settings
    from retrieval.address.corrections import load_corrections
    from retrieval.address.legal_basis import recorded_documents
    from retrieval.address.source_data import locate_source

    settings = get_settings()
    gaz = get_gazetteer(Path(settings.cache_dir), Path(settings.data_dir))
    recorded = recorded_documents(Path(settings.data_dir))
    return {
        "data_version": gaz.data_version,
        "base_version": "2025-07-01",
        "source": f"vietnamadminunits {locate_source().version} (MIT), "
        f"with {len(load_corrections())} corrections",
        "overlays": list(gaz.overlays),
        "counts": gaz.counts(),
        "resolutions_with_clauses": len(recorded),
        "clauses": sum(len(d.get("clauses", ())) for d in recorded.values()),
    }
