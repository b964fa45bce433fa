"""`haicap where`: old address → new unit (or `--reverse`), as JSON or readable text.

Why so little here: the JSON shape is built by `resolver` (shared with the chat) and
this module only reads arguments and prints. It imports nothing heavy: no torch, no
embedding model, no vector store, and never the network.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from pathlib import Path

from haicap.batch_lines import batch_lines
from haicap.input_limits import echo, echo_fields, too_long, too_long_message
from haicap.settings import Settings
from retrieval.address.legal_facts import PROVINCE_RESOLUTIONS
from retrieval.address.resolver import EXAMPLE, Resolver


def run_where(args: argparse.Namespace, settings: Settings) -> int:
    _utf8_stdout()
    address = getattr(args, "address", None)
    batch = getattr(args, "batch", None)
    reverse = bool(getattr(args, "reverse", False))
    as_json = bool(getattr(args, "json", False))
    if not batch and address is None:
        print(
            'usage: haicap where "ADDRESS" [--json] [--reverse] | --batch FILE\n'
            f'  e.g. haicap where "{EXAMPLE}"',
            file=sys.stderr,
        )
        return 2
    resolver = Resolver.for_dirs(Path(settings.cache_dir), Path(settings.data_dir))
    lookup = resolver.reverse if reverse else resolver.where
    if batch:
        return _run_batch(batch, lambda text: _guarded(resolver, lookup, text))
    result = _guarded(resolver, lookup, address)
    if as_json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        print(render_reverse(result) if reverse else render_where(result))
    return 0


def _guarded(resolver: Resolver, lookup, text: str) -> dict:
    """The lookup, except for an input over the length limit (refused, echo cut)."""
    if not too_long(text):
        return lookup(text)
    return {
        "status": "not_found",
        "query": echo(text),
        "matches": [],
        "data_version": resolver.gazetteer.data_version,
        "message": too_long_message(text),
        "total_candidates": 0,
        "input_truncated": True,
    }


def _run_batch(source: str, lookup) -> int:
    """One JSON line per input line (haicap/batch_lines.py), each echoing its `input`."""
    try:
        lines = batch_lines(source)
    except OSError as exc:
        print(f"haicap where: cannot read {source}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    for line in lines:
        result = {**lookup(line.strip()), **echo_fields(line)}
        sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
    sys.stdout.flush()
    return 0


def _utf8_stdout() -> None:
    encoding = (getattr(sys.stdout, "encoding", "") or "").lower().replace("-", "")
    if encoding != "utf8" and hasattr(sys.stdout, "reconfigure"):
        with contextlib.suppress(OSError, ValueError):
            sys.stdout.reconfigure(encoding="utf-8")


# --- readable output (Vietnamese / English labels; place names stay Vietnamese) -----


def _date_vi(iso: str) -> str:
    return f"{int(iso[8:10]):02d}/{int(iso[5:7]):02d}/{iso[0:4]}" if len(iso) >= 10 else iso


def _basis_lines(match: dict) -> list[str]:
    lines = []
    clauses = {c["new_code"]: c for c in match.get("clauses", [])}
    for number in match.get("legal_basis", []):
        fact = next((f for f in PROVINCE_RESOLUTIONS.values() if f.number == number), None)
        date = f" ({_date_vi(fact.date)})" if fact else ""
        lines.append(f"  Căn cứ / Legal basis: Nghị quyết {number}{date}")
    for clause in clauses.values():
        # Only the resolution's own words go in quote marks (the parsed `text` is repaired
        # for matching); without a verbatim quote the locator alone is shown.
        quote = clause.get("quote") or ""
        if not quote:
            lines.append(f"    {clause['locator']}")
            continue
        short = quote if len(quote) <= 400 else quote[:400] + " …"
        lines.append(f'    {clause["locator"]}: «{short}»')
    return lines


def render_where(result: dict) -> str:
    out: list[str] = []
    if result["status"] == "not_found":
        out.append("Không tìm thấy / Not found.")
        if result.get("message"):
            out.append(result["message"])
        return "\n".join(out)
    if result["status"] == "ambiguous":
        out.append(
            f"Nhiều đơn vị cũ khớp / Several former units match ({result.get('total_candidates')}):"
        )
        if result.get("message"):
            out.append(result["message"])
    for match in result["matches"]:
        old = match["old"]
        out.append(
            f"Cũ / Old: {old['name']}, {old['district']}, {old['province']} (mã {old['code']})"
        )
        if match.get("split"):
            out.append("  Đã chia cho nhiều đơn vị mới / Split between several new units:")
        for new in match["new"]:
            part = " (một phần / part)" if new["partial"] else ""
            out.append(f"  → Nay / Now: {new['name']}, {new['province']} (mã {new['code']}){part}")
        if result["status"] == "found":
            out.extend(_basis_lines(match))
    out.append(f"Dữ liệu / Data as of: {_date_vi(result.get('data_version', ''))}")
    return "\n".join(out)


def render_reverse(result: dict) -> str:
    out: list[str] = []
    if result["status"] == "not_found":
        return "Không tìm thấy / Not found.\n" + result.get("message", "")
    if result["status"] == "ambiguous" and result.get("message"):
        out.append(result["message"])
    for match in result["matches"]:
        new = match["new"]
        out.append(f"Mới / New: {new['name']}, {new['province']} (mã {new['code']})")
        out.append("  Hình thành từ / Formed from:")
        for old in match["old"]:
            part = "một phần / part of" if old["partial"] else "toàn bộ / all of"
            out.append(f"   - {part} {old['name']}, {old['district']}, {old['province']}")
        if result["status"] == "found":
            out.extend(_basis_lines({**match, "clauses": match.get("clauses", [])}))
    out.append(f"Dữ liệu / Data as of: {_date_vi(result.get('data_version', ''))}")
    return "\n".join(out)
