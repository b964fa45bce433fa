"""The provincial merger list of Resolution 60-NQ/TW: names and administrative centres.

Why parsed at ingest time: which provinces merged is in the gazetteer, but the name
chosen and the seat of the political-administrative centre are only in the appendix
of 60-NQ/TW ("DANH SÁCH DỰ KIẾN TÊN GỌI CÁC TỈNH … VÀ TRUNG TÂM CHÍNH TRỊ - HÀNH
CHÍNH"). Like the commune resolutions, its items are parsed when the document is
ingested and kept, with verbatim quotes, in `<data dir>/province_plan.json`.
"""

from __future__ import annotations

import json
import re
import threading
from pathlib import Path

from haicap.jsonfile import read_json_cached, write_json_atomic
from haicap.text import fold
from haicap.verbatim import SourceText, strip_number
from retrieval.address.legal_text import clean

PLAN_FILE = "province_plan.json"
PLAN_VERSION = 2  # legal documents checked by this parser version are listed as "checked"
# (2: the number of provinces after the merger, with its sentence)
_LOCK = threading.Lock()

_APPENDIX = re.compile(r"danh sach du kien ten goi cac tinh.{0,80}trung tam chinh tri")
_NUMBER = re.compile(r"Số\s*:?\s*(\d{1,4}-NQ/TW)")
_DATE = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})")
_HEADER_DATE = re.compile(r"Hà Nội,\s*ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}")
_ITEM = re.compile(r"(?:(?<=\s)|^)(\d{1,2})\s*\.\s+(.+?)(?=\s\d{1,2}\s*\.\s+[A-ZĐH]|\sII\s*-|$)")
_MERGE = re.compile(
    r"Hợp nhất\s+(?P<olds>.+?)\s*[,;]\s*lấy tên là\s+(?P<new>.+?)\s*,\s*"
    r"trung tâm chính trị\s*-\s*hành chính đặt tại\s+(?P<centre>.+?)"
    r"(?P<now>\s+hiện nay)?\s*\.?\s*$",
    re.IGNORECASE,
)
_PROVINCE_NAME = re.compile(r"(?:tỉnh|thành phố)\s+.+", re.IGNORECASE)
# "(2) Đồng ý số lượng đơn vị hành chính cấp tỉnh sau sáp nhập là 34 tỉnh, thành phố
# (28 tỉnh và 6 thành phố trực thuộc Trung ương)": the decision on the province count.
_PROVINCE_COUNT = re.compile(
    r"(?:Đồng ý\s+)?số lượng đơn vị hành chính cấp tỉnh sau sáp nhập là\s+(\d{1,3})\s+tỉnh,?"
    r"\s*thành phố(?:\s*\([^)]*\))?",
    re.IGNORECASE,
)
_SECTION = re.compile(r"(?:^|\s)(\d{1,2})\.\s+[A-ZĐ]")


def plan_path(data_dir: Path) -> Path:
    return Path(data_dir) / PLAN_FILE


def parse_plan(text: str, source: str | None = None) -> dict | None:
    """The appendix of 60-NQ/TW as data with quotes; None for any other document."""
    flat = clean(text)
    folded = fold(flat)
    found = _APPENDIX.search(folded)
    if not found:
        return None
    src = SourceText(source if source is not None else text)
    appendix_at = src.find(flat[found.start() : found.start() + 60]) or (0, 0)
    body = flat[found.end() :]
    part_two = re.search(r"\bII\s*-\s*", body)
    part_one = body[: part_two.start()] if part_two else ""
    part_one = (
        part_one[re.search(r"\bI\s*-\s*", part_one).end() :] if "I-" in part_one else part_one
    )
    unmerged = []
    for n, item in _items(part_one):
        name = re.sub(r"^[^\wÀ-ỹ]+|[.;\s]+$", "", item)
        if _PROVINCE_NAME.match(name):
            unmerged.append({"n": n, "name": name, "quote": src.quote(item, appendix_at[0])})
    merged = []
    for n, item in _items(body[part_two.end() :] if part_two else ""):
        match = _MERGE.search(item)
        if not match:
            continue
        olds = [o.strip() for o in re.split(r"\s*,\s*|\s+và\s+", match.group("olds")) if o.strip()]
        merged.append(
            {
                "n": n,
                "olds": olds,
                "new": match.group("new").strip(),
                "centre": match.group("centre").strip(),
                "centre_is_current_seat": bool(match.group("now")),
                "quote": src.quote(strip_number(item), appendix_at[0]),
            }
        )
    if not merged:
        return None
    number = _NUMBER.search(flat)
    date = _DATE.search(flat)
    header = _HEADER_DATE.search(flat)
    count = _PROVINCE_COUNT.search(flat)
    province_count = {}
    if count:
        sections = list(_SECTION.finditer(flat[: count.start()]))
        province_count = {
            "value": int(count.group(1)),
            "quote": src.quote(count.group(0)),
            "locator": f"mục {sections[-1].group(1)}" if sections else "",
        }
    return {
        "number": number.group(1) if number else "60-NQ/TW",
        "province_count": province_count,
        "date": (
            f"{int(date.group(3)):04d}-{int(date.group(2)):02d}-{int(date.group(1)):02d}"
            if date
            else ""
        ),
        "header_quote": src.quote(header.group(0)) if header else "",
        "unmerged": unmerged,
        "merged": merged,
    }


def _items(section: str) -> list[tuple[int, str]]:
    """Numbered items 1, 2, 3 … in order (a stray number inside an item is skipped)."""
    out: list[tuple[int, str]] = []
    for match in _ITEM.finditer(section.strip()):
        n = int(match.group(1))
        if n == len(out) + 1:
            out.append((n, match.group(2).strip()))
    return out


# --- the store ---------------------------------------------------------------------------


def _read(data_dir: Path) -> dict:
    try:
        data = json.loads(plan_path(data_dir).read_text(encoding="utf-8"))
        if isinstance(data, dict) and isinstance(data.get("documents"), dict):
            return data
    except (OSError, ValueError):
        pass
    return {"version": 1, "documents": {}}


def _write(data_dir: Path, data: dict) -> None:
    write_json_atomic(plan_path(data_dir), data)


def record_document(
    data_dir: Path,
    document: str,
    text: str,
    source_path: str | None = None,
    source_text: str | None = None,
) -> int:
    """Keep the plan if `text` is 60-NQ/TW (or a later text of the same shape).

    `source_text` is the file as ingested (`source_path`), for verbatim quotes."""
    plan = parse_plan(text or "", source_text)
    with _LOCK:
        data = _read(Path(data_dir))
        checked = data.setdefault("checked", {})
        if plan is None:
            data["documents"].pop(document, None)
            if checked.get(document) != PLAN_VERSION:
                checked[document] = PLAN_VERSION
            _write(Path(data_dir), data)
            return 0
        checked[document] = PLAN_VERSION
        plan["source_path"] = source_path or ""
        data["documents"][document] = plan
        _write(Path(data_dir), data)
    return len(plan["merged"])


def forget_document(data_dir: Path, document: str) -> bool:
    with _LOCK:
        data = _read(Path(data_dir))
        known = document in data["documents"] or document in data.get("checked", {})
        if not known:
            return False
        data["documents"].pop(document, None)
        data.get("checked", {}).pop(document, None)
        _write(Path(data_dir), data)
    return True


def checked_documents(data_dir: Path) -> dict[str, int]:
    """document -> the parser version that last saw it (plan or not)."""
    return dict(_read(Path(data_dir)).get("checked", {}))


def recorded_plans(data_dir: Path | None) -> dict[str, dict]:
    """document name -> parsed plan (parsed again only when the file changes)."""
    if data_dir is None:
        return {}
    data = read_json_cached(plan_path(Path(data_dir)))
    documents = data.get("documents") if isinstance(data, dict) else None
    return documents if isinstance(documents, dict) else {}
