"""Free-text matching: spellings, abbreviations, orders, English forms, typos, ambiguity."""

from __future__ import annotations

import pytest

from retrieval.address.gazetteer import get_gazetteer
from retrieval.address.parser import parse
from retrieval.address.resolver import Resolver


@pytest.fixture(scope="module")
def resolver() -> Resolver:
    return Resolver(get_gazetteer(None, None))


def _old(result: dict) -> tuple[str, str, str]:
    old = result["matches"][0]["old"]
    return old["name"], old["district"], old["province"]


CHIENG_LE = ("Phường Chiềng Lề", "Thành phố Sơn La", "Tỉnh Sơn La")
WARD1_Q3 = ("Phường 1", "Quận 3", "Thành phố Hồ Chí Minh")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Phường Chiềng Lề, Thành phố Sơn La, Tỉnh Sơn La", CHIENG_LE),
        ("phuong chieng le, thanh pho son la, tinh son la", CHIENG_LE),
        ("p. chieng le tp son la", CHIENG_LE),
        ("P.Chiềng Lề - TP.Sơn La", CHIENG_LE),
        ("Sơn La, Chiềng Lề", CHIENG_LE),  # any order, no district
        ("Phường Chiềng Lề, Thành phố Sơn La", CHIENG_LE),
        ("Chieng Le Ward, Son La City, Son La Province", CHIENG_LE),
        ("Ward 1, District 3, Ho Chi Minh City", WARD1_Q3),
        ("Phuong 1 Quan 3", WARD1_Q3),
        ("Phường 01, Quận 3, TP.HCM", WARD1_Q3),
        ("P1 Q3 HCM", WARD1_Q3),
        ("phường 1, q.3, Sài Gòn", WARD1_Q3),
        ("123/4 Nguyễn Thị Minh Khai, Phường 1, Quận 3, Thành phố Hồ Chí Minh", WARD1_Q3),
        ("xa muong bu, huyen muong la, son la", ("Xã Mường Bú", "Huyện Mường La", "Tỉnh Sơn La")),
        ("Mường Bú", ("Xã Mường Bú", "Huyện Mường La", "Tỉnh Sơn La")),  # a unique name alone
        ("xã Mường Bú, Sơn La (tỉnh mới)", ("Xã Mường Bú", "Huyện Mường La", "Tỉnh Sơn La")),
        (
            "Phường Hoà Khánh Bắc, Đà Nẵng",
            ("Phường Hòa Khánh Bắc", "Quận Liên Chiểu", "Thành phố Đà Nẵng"),
        ),
        (
            "Phường Sài Đồng, Long Biên, Hà Nội",
            ("Phường Phúc Lợi", "Quận Long Biên", "Thành phố Hà Nội"),
        ),
        ("Lý Sơn, Quảng Ngãi", ("Huyện Lý Sơn", "Huyện Lý Sơn", "Tỉnh Quảng Ngãi")),
        (
            "Thị trấn Yên Viên, Gia Lâm, Hà Nội",
            ("Thị trấn Yên Viên", "Huyện Gia Lâm", "Thành phố Hà Nội"),
        ),
        (
            "Phường Dịch Vọng Hậu, Cầu Giấy, Hà Nội",
            ("Phường Dịch Vọng Hậu", "Quận Cầu Giấy", "Thành phố Hà Nội"),
        ),
        (
            "Phường 4, Tân An, Tây Ninh",
            ("Phường 4", "Thành phố Tân An", "Tỉnh Long An"),
        ),  # new province named
        (
            "x. yen than h. tien yen quang ninh",
            ("Xã Yên Than", "Huyện Tiên Yên", "Tỉnh Quảng Ninh"),
        ),
        ("Xã Krông Na, Đắk Lắk", ("Xã Krông Na", "Huyện Buôn Đôn", "Tỉnh Đắk Lắk")),
    ],
)
def test_found(resolver: Resolver, text: str, expected: tuple[str, str, str]) -> None:
    result = resolver.where(text)
    assert result["status"] == "found", (text, result)
    assert _old(result) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("phuong chieng lee, tp son la", CHIENG_LE),  # an extra letter
        ("xa muong bbu, muong la, son la", ("Xã Mường Bú", "Huyện Mường La", "Tỉnh Sơn La")),
        (
            "Phường Dịch Vọng Hạu, Cầu Giấy, Hà Nội",
            ("Phường Dịch Vọng Hậu", "Quận Cầu Giấy", "Thành phố Hà Nội"),
        ),
        (
            "xa muong bu, huyen muong laa, tinh son la",
            ("Xã Mường Bú", "Huyện Mường La", "Tỉnh Sơn La"),
        ),
    ],
)
def test_typos(resolver: Resolver, text: str, expected: tuple[str, str, str]) -> None:
    result = resolver.where(text)
    assert result["status"] == "found", (text, result)
    assert _old(result) == expected


def test_split_unit_lists_every_new_unit(resolver: Resolver) -> None:
    result = resolver.where("Xã Văn Khê, Huyện Mê Linh, Hà Nội")
    match = result["matches"][0]
    assert match["split"] is True
    assert {n["name"] for n in match["new"]} == {
        "Xã Yên Lãng",
        "Xã Tiến Thắng",
        "Xã Mê Linh",
        "Xã Ô Diên",
    }
    assert all(n["partial"] for n in match["new"])


@pytest.mark.parametrize(
    "text",
    [
        "Tân Hiệp",  # 14 communes of that name
        "Phường 1, TP HCM",  # a Phường 1 in many districts
        "Yên Viên, Gia Lâm, Hà Nội",  # a thị trấn and a xã of that name in one district
        "xa vinh quang, cao bang",  # two in the province (Cao Bằng is also a city)
    ],
)
def test_ambiguous_lists_candidates_instead_of_guessing(resolver: Resolver, text: str) -> None:
    result = resolver.where(text)
    assert result["status"] == "ambiguous"
    assert len(result["matches"]) >= 2
    assert result["total_candidates"] >= len(result["matches"])
    assert result["message"]


def test_district_only_lists_its_communes(resolver: Resolver) -> None:
    result = resolver.where("Quận 3, TP.HCM")
    assert result["status"] == "ambiguous"
    assert {m["old"]["district"] for m in result["matches"]} == {"Quận 3"}
    assert "district" in result["message"]


@pytest.mark.parametrize(
    "text", ["Sơn La", "hello world", "thanh", "12345", "Nguyễn Trãi", "ở đâu?"]
)
def test_not_found_explains(resolver: Resolver, text: str) -> None:
    result = resolver.where(text)
    assert result["status"] in {"not_found", "ambiguous"}
    if result["status"] == "not_found":
        assert result["message"]


def test_province_only_names_its_new_province(resolver: Resolver) -> None:
    result = resolver.where("Tỉnh Hà Giang")
    assert result["status"] == "not_found"
    assert "Tỉnh Tuyên Quang" in result["message"]


def test_new_unit_given_forward_suggests_reverse(resolver: Resolver) -> None:
    result = resolver.where("Đặc khu Phú Quốc")
    assert result["status"] == "not_found"
    assert "--reverse" in result["message"]


def test_reverse_lists_old_units(resolver: Resolver) -> None:
    result = resolver.reverse("Phường Tô Hiệu, Sơn La")
    assert result["status"] == "found"
    match = result["matches"][0]
    assert match["new"]["name"] == "Phường Tô Hiệu"
    assert {o["name"] for o in match["old"]} >= {"Phường Chiềng Lề", "Phường Tô Hiệu"}
    assert match["legal_basis"] == ["1681/NQ-UBTVQH15"]
    assert resolver.reverse("dac khu phu quoc")["matches"][0]["new"]["type"] == "Đặc khu"
    assert resolver.reverse("")["status"] == "not_found"


def test_accents_decide_between_folded_twins(resolver: Resolver) -> None:
    folded = resolver.reverse("xa van lang, thai nguyen")
    assert folded["status"] == "ambiguous"
    accented = resolver.reverse("Xã Văn Lăng, Thái Nguyên")
    assert accented["status"] == "found"
    assert accented["matches"][0]["new"]["name"] == "Xã Văn Lăng"


def test_parser_markers_and_numbers() -> None:
    query = parse("P.01, Q.3, TP.HCM")
    assert [t.key for t in query.tokens] == ["p", "1", "q", "3", "tp", "hcm"]
    assert query.before(1) is not None and "C" in query.before(1).levels
    english = parse("Ben Nghe Ward, District 1")
    assert english.after(2) is not None  # "Ward" follows its name
    assert english.before(4) is not None  # "District" precedes its number
    assert parse("").tokens == []
