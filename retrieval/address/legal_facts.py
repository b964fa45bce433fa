"""Which resolution formed each province's 2025 commune-level units: facts, no text.

Why kept in the project: the resolver must name a legal basis for every new unit even
before any resolution text is ingested. Each row was read from the header of the
resolution itself (number after "Số:", the date, and the province in its title); all
34 were adopted by the National Assembly Standing Committee on 16 June 2025 and took
effect for the new local governments on 1 July 2025.
"""

from __future__ import annotations

from typing import NamedTuple

ISSUER = "Ủy ban Thường vụ Quốc hội"
EFFECTIVE_DATE = "2025-07-01"


class ResolutionFact(NamedTuple):
    number: str  # "1681/NQ-UBTVQH15"
    date: str  # ISO date of adoption
    province: str  # the 2025 province (Vietnamese name)


# 2025 province code -> the resolution arranging its commune-level units.
PROVINCE_RESOLUTIONS: dict[str, ResolutionFact] = {
    "91": ResolutionFact("1654/NQ-UBTVQH15", "2025-06-16", "Tỉnh An Giang"),
    "96": ResolutionFact("1655/NQ-UBTVQH15", "2025-06-16", "Tỉnh Cà Mau"),
    "01": ResolutionFact("1656/NQ-UBTVQH15", "2025-06-16", "Thành phố Hà Nội"),
    "04": ResolutionFact("1657/NQ-UBTVQH15", "2025-06-16", "Tỉnh Cao Bằng"),
    "24": ResolutionFact("1658/NQ-UBTVQH15", "2025-06-16", "Tỉnh Bắc Ninh"),
    "48": ResolutionFact("1659/NQ-UBTVQH15", "2025-06-16", "Thành phố Đà Nẵng"),
    "66": ResolutionFact("1660/NQ-UBTVQH15", "2025-06-16", "Tỉnh Đắk Lắk"),
    "11": ResolutionFact("1661/NQ-UBTVQH15", "2025-06-16", "Tỉnh Điện Biên"),
    "75": ResolutionFact("1662/NQ-UBTVQH15", "2025-06-16", "Tỉnh Đồng Nai"),
    "82": ResolutionFact("1663/NQ-UBTVQH15", "2025-06-16", "Tỉnh Đồng Tháp"),
    "52": ResolutionFact("1664/NQ-UBTVQH15", "2025-06-16", "Tỉnh Gia Lai"),
    "42": ResolutionFact("1665/NQ-UBTVQH15", "2025-06-16", "Tỉnh Hà Tĩnh"),
    "33": ResolutionFact("1666/NQ-UBTVQH15", "2025-06-16", "Tỉnh Hưng Yên"),
    "56": ResolutionFact("1667/NQ-UBTVQH15", "2025-06-16", "Tỉnh Khánh Hòa"),
    "92": ResolutionFact("1668/NQ-UBTVQH15", "2025-06-16", "Thành phố Cần Thơ"),
    "31": ResolutionFact("1669/NQ-UBTVQH15", "2025-06-16", "Thành phố Hải Phòng"),
    "12": ResolutionFact("1670/NQ-UBTVQH15", "2025-06-16", "Tỉnh Lai Châu"),
    "68": ResolutionFact("1671/NQ-UBTVQH15", "2025-06-16", "Tỉnh Lâm Đồng"),
    "20": ResolutionFact("1672/NQ-UBTVQH15", "2025-06-16", "Tỉnh Lạng Sơn"),
    "15": ResolutionFact("1673/NQ-UBTVQH15", "2025-06-16", "Tỉnh Lào Cai"),
    "37": ResolutionFact("1674/NQ-UBTVQH15", "2025-06-16", "Tỉnh Ninh Bình"),
    "46": ResolutionFact("1675/NQ-UBTVQH15", "2025-06-16", "Thành phố Huế"),
    "25": ResolutionFact("1676/NQ-UBTVQH15", "2025-06-16", "Tỉnh Phú Thọ"),
    "51": ResolutionFact("1677/NQ-UBTVQH15", "2025-06-16", "Tỉnh Quảng Ngãi"),
    "40": ResolutionFact("1678/NQ-UBTVQH15", "2025-06-16", "Tỉnh Nghệ An"),
    "22": ResolutionFact("1679/NQ-UBTVQH15", "2025-06-16", "Tỉnh Quảng Ninh"),
    "44": ResolutionFact("1680/NQ-UBTVQH15", "2025-06-16", "Tỉnh Quảng Trị"),
    "14": ResolutionFact("1681/NQ-UBTVQH15", "2025-06-16", "Tỉnh Sơn La"),
    "80": ResolutionFact("1682/NQ-UBTVQH15", "2025-06-16", "Tỉnh Tây Ninh"),
    "19": ResolutionFact("1683/NQ-UBTVQH15", "2025-06-16", "Tỉnh Thái Nguyên"),
    "08": ResolutionFact("1684/NQ-UBTVQH15", "2025-06-16", "Tỉnh Tuyên Quang"),
    "79": ResolutionFact("1685/NQ-UBTVQH15", "2025-06-16", "Thành phố Hồ Chí Minh"),
    "38": ResolutionFact("1686/NQ-UBTVQH15", "2025-06-16", "Tỉnh Thanh Hóa"),
    "86": ResolutionFact("1687/NQ-UBTVQH15", "2025-06-16", "Tỉnh Vĩnh Long"),
}

# Documents of the reform named in the overview (numbers and dates read from the
# corpus: the resolutions' preambles, 60-NQ/TW's header and the news seeds).
REFORM_DOCUMENTS: tuple[tuple[str, str, str], ...] = (
    (
        "60-NQ/TW",
        "2025-04-12",
        "Nghị quyết Hội nghị lần thứ 11 Ban Chấp hành Trung ương Đảng khóa XIII",
    ),
    ("150-KL/TW", "2025-04-14", "Kết luận của Bộ Chính trị"),
    ("45-CT/TW", "2025-04-14", "Chỉ thị của Bộ Chính trị về đại hội đảng bộ các cấp"),
    (
        "76/2025/UBTVQH15",
        "2025-04-14",
        "Nghị quyết của Ủy ban Thường vụ Quốc hội về sắp xếp đơn vị hành chính năm 2025",
    ),
    (
        "202/2025/QH15",
        "2025-06-12",
        "Nghị quyết của Quốc hội về sắp xếp đơn vị hành chính cấp tỉnh",
    ),
)


def resolution_for(province_code: str) -> ResolutionFact | None:
    return PROVINCE_RESOLUTIONS.get(province_code)


def fact_line(fact: ResolutionFact) -> str:
    """The facts-table line quoted when no resolution text has been ingested."""
    day, month, year = fact.date[8:10], fact.date[5:7], fact.date[0:4]
    return (
        f"Nghị quyết số {fact.number} ngày {int(day)} tháng {int(month)} năm {year} "
        f"của {ISSUER} về việc sắp xếp các đơn vị hành chính cấp xã của {fact.province[0].lower()}"
        f"{fact.province[1:]} năm 2025"
    )
