"""The facts lane's sentences in Vietnamese, English, German and Swedish.

Why a table: each fact is stated once per language with the same placeholders, so a
new language or a rewording touches one place; place names stay Vietnamese, and the
Vietnamese type word follows the translated one ("11 wards (phường)") so a reader can
match the answer against the resolution's own words.
"""

from __future__ import annotations

TYPE_NAMES: dict[str, dict[str, tuple[str, str]]] = {
    # type -> lang -> (singular, plural)
    "Xã": {
        "vi": ("xã", "xã"),
        "en": ("commune", "communes"),
        "de": ("Gemeinde", "Gemeinden"),
        "sv": ("kommun", "kommuner"),
    },
    "Phường": {
        "vi": ("phường", "phường"),
        "en": ("ward", "wards"),
        "de": ("Stadtbezirk", "Stadtbezirke"),
        "sv": ("stadsdel", "stadsdelar"),
    },
    "Đặc khu": {
        "vi": ("đặc khu", "đặc khu"),
        "en": ("special zone", "special zones"),
        "de": ("Sonderzone", "Sonderzonen"),
        "sv": ("specialzon", "specialzoner"),
    },
}
VI_TYPE = {"Xã": "xã", "Phường": "phường", "Đặc khu": "đặc khu"}

W: dict[str, dict[str, str]] = {
    "count": {
        "vi": "Sau sắp xếp, {province} có {total} đơn vị hành chính cấp xã, gồm {parts}{mark}.",
        "en": "After the arrangement, {province} has {total} commune-level units: "
        "{parts}{mark}.",
        "de": "Nach der Neuordnung hat {province} {total} Einheiten auf Gemeindeebene: "
        "{parts}{mark}.",
        "sv": "Efter omorganisationen har {province} {total} enheter på kommunnivå: "
        "{parts}{mark}.",
    },
    "nation": {
        "vi": "Từ ngày 1/7/2025, cả nước có {provinces} tỉnh, thành phố và {total} đơn vị "
        "hành chính cấp xã, gồm {parts} (trước đó: {old_provinces} tỉnh, thành phố).",
        "en": "Since 1 July 2025 Vietnam has {provinces} provinces and cities and {total} "
        "commune-level units: {parts} (before: {old_provinces} provinces and cities).",
        "de": "Seit dem 1. Juli 2025 hat Vietnam {provinces} Provinzen und Städte und {total} "
        "Einheiten auf Gemeindeebene: {parts} (vorher: {old_provinces} Provinzen und Städte).",
        "sv": "Sedan 1 juli 2025 har Vietnam {provinces} provinser och städer och {total} "
        "enheter på kommunnivå: {parts} (tidigare: {old_provinces} provinser och städer).",
    },
    "list": {
        "vi": "{Count} {type} của {province}: {names}{mark}.",
        "en": "The {count} {type} of {province}: {names}{mark}.",
        "de": "Die {count} {type} von {province}: {names}{mark}.",
        "sv": "{Count} {type} i {province}: {names}{mark}.",
    },
    "list_none": {
        "vi": "{province} không có {type} nào{mark}.",
        "en": "{province} has no {type}{mark}.",
        "de": "{province} hat keine {type}{mark}.",
        "sv": "{province} har inga {type}{mark}.",
    },
    "unchanged": {
        "vi": "Các đơn vị cấp xã {where}không thực hiện sắp xếp (giữ nguyên): {names}{mark}.",
        "en": "Commune-level units {where}that were not rearranged (left unchanged): "
        "{names}{mark}.",
        "de": "Einheiten auf Gemeindeebene {where}ohne Neuordnung "
        "(unverändert): {names}{mark}.",
        "sv": "Enheter på kommunnivå {where}som inte omorganiserades (oförändrade): "
        "{names}{mark}.",
    },
    "unchanged_none": {
        "vi": "Ở {province}{where_vi}, không có đơn vị cấp xã nào được giữ nguyên; tất cả đều "
        "được sắp xếp{mark}.",
        "en": "In {province}{where_en} no commune-level unit was left unchanged; all were "
        "rearranged{mark}.",
        "de": "In {province}{where_de} blieb keine Einheit auf Gemeindeebene unverändert; alle "
        "wurden neu geordnet{mark}.",
        "sv": "I {province}{where_sv} lämnades ingen enhet på kommunnivå oförändrad; alla "
        "omorganiserades{mark}.",
    },
    "where_district": {
        "vi": "thuộc {district} cũ ",
        "en": "in the former {district} ",
        "de": "im früheren {district} ",
        "sv": "i tidigare {district} ",
    },
    "in_province": {
        "vi": "của {province} ",
        "en": "of {province} ",
        "de": "von {province} ",
        "sv": "i {province} ",
    },
    "formed": {
        "vi": "{new} ({province}) được hình thành từ các đơn vị cũ: {old}{mark}.",
        "en": "{new} ({province}) was formed from the former units {old}{mark}.",
        "de": "{new} ({province}) wurde gebildet aus den früheren Einheiten {old}{mark}.",
        "sv": "{new} ({province}) bildades av de tidigare enheterna {old}{mark}.",
    },
    "formed_same": {
        "vi": "{new} ({province}) giữ nguyên, không sắp xếp với đơn vị khác{mark}.",
        "en": "{new} ({province}) was left unchanged, not merged with any other unit{mark}.",
        "de": "{new} ({province}) blieb unverändert und wurde mit keiner anderen Einheit "
        "zusammengelegt{mark}.",
        "sv": "{new} ({province}) lämnades oförändrad och slogs inte ihop med någon annan "
        "enhet{mark}.",
    },
    "whole": {"vi": "toàn bộ", "en": "all of", "de": "ganz", "sv": "hela"},
    "part_of": {"vi": "một phần", "en": "part of", "de": "Teil von", "sv": "del av"},
    "olds_same": {
        "vi": "{olds} đều được sắp xếp vào {new} ({province}){mark}.",
        "en": "{olds} all became part of {new} ({province}){mark}.",
        "de": "{olds} gehören alle jetzt zu {new} ({province}){mark}.",
        "sv": "{olds} ingår alla nu i {new} ({province}){mark}.",
    },
    "old_one": {
        "vi": "{old} → {new} ({province}){mark}",
        "en": "{old} → {new} ({province}){mark}",
        "de": "{old} → {new} ({province}){mark}",
        "sv": "{old} → {new} ({province}){mark}",
    },
    "olds_differ": {
        "vi": "Các đơn vị cũ này thuộc những đơn vị mới khác nhau:",
        "en": "These former units went to different new units:",
        "de": "Diese früheren Einheiten gingen in verschiedene neue Einheiten ein:",
        "sv": "De tidigare enheterna gick till olika nya enheter:",
    },
    "merged_into": {
        "vi": "{old} đã được hợp nhất với {others} thành {new} (mới){mark}.",
        "en": "{old} was merged with {others} into the new {new}{mark}.",
        "de": "{old} wurde mit {others} zur neuen {new} zusammengelegt{mark}.",
        "sv": "{old} slogs samman med {others} till den nya {new}{mark}.",
    },
    "merged_from": {
        "vi": "{new} được hợp nhất từ các tỉnh, thành phố: {olds}{mark}.",
        "en": "{new} was formed by merging the provinces/cities {olds}{mark}.",
        "de": "{new} entstand durch die Zusammenlegung der Provinzen/Städte "
        "{olds}{mark}.",
        "sv": "{new} bildades genom sammanslagning av provinserna/städerna {olds}{mark}.",
    },
    "not_merged": {
        "vi": "{new} không thực hiện sáp nhập với tỉnh, thành phố khác{mark}.",
        "en": "{new} was not merged with any other province or city{mark}.",
        "de": "{new} wurde mit keiner anderen Provinz oder Stadt zusammengelegt{mark}.",
        "sv": "{new} slogs inte samman med någon annan provins eller stad{mark}.",
    },
    "centre": {
        "vi": "Trung tâm chính trị - hành chính của {new} đặt tại {centre}{now}{mark}.",
        "en": "The political-administrative centre of {new} is in the present {centre}{mark}.",
        "de": "Das politisch-administrative Zentrum von {new} liegt im heutigen {centre}{mark}.",
        "sv": "Det politisk-administrativa centrumet för {new} ligger i nuvarande {centre}{mark}.",
    },
    "centre_unknown": {
        "vi": "Trung tâm chính trị - hành chính được nêu trong Nghị quyết 60-NQ/TW, văn bản này "
        "chưa được nạp nên tôi không nêu được.",
        "en": "The political-administrative centre is set out in Resolution 60-NQ/TW, which "
        "has not been ingested, so I cannot state it.",
        "de": "Das politisch-administrative Zentrum steht in der Resolution 60-NQ/TW, die nicht "
        "eingelesen ist; ich kann es daher nicht angeben.",
        "sv": "Det politisk-administrativa centrumet anges i resolution 60-NQ/TW, som inte är "
        "inläst, så jag kan inte ange det.",
    },
    "unmerged": {
        "vi": "Các tỉnh, thành phố không thực hiện sáp nhập: {names}{mark}.",
        "en": "Provinces and cities that were not merged: {names}{mark}.",
        "de": "Nicht zusammengelegte Provinzen und Städte: {names}{mark}.",
        "sv": "Provinser och städer som inte slogs samman: {names}{mark}.",
    },
    "operates": {
        "vi": "Chính quyền địa phương ở các đơn vị hành chính cấp xã mới chính thức hoạt động "
        "từ ngày {date}{mark}.",
        "en": "The local governments of the new commune-level units officially operate from "
        "{date}{mark}.",
        "de": "Die Lokalverwaltungen der neuen Einheiten auf Gemeindeebene arbeiten offiziell "
        "seit dem {date}{mark}.",
        "sv": "De nya enheternas lokala förvaltningar på kommunnivå arbetar officiellt från "
        "och med {date}{mark}.",
    },
    "old_continue": {
        "vi": "Chính quyền địa phương ở các đơn vị cấp xã trước sắp xếp tiếp tục hoạt động cho "
        "đến khi chính quyền ở đơn vị mới chính thức hoạt động{mark}.",
        "en": "The local governments of the former communes keep working until those of the "
        "new units officially start{mark}.",
        "de": "Die Lokalverwaltungen der früheren Gemeinden arbeiten weiter, bis die der neuen "
        "Einheiten offiziell beginnen{mark}.",
        "sv": "De tidigare kommunernas lokala förvaltningar fortsätter att arbeta tills de nya "
        "enheternas förvaltningar officiellt börjar{mark}.",
    },
    "in_force": {
        "vi": "Nghị quyết {number} được thông qua ngày {date} và có hiệu lực thi hành từ ngày "
        "được thông qua{mark}.",
        "en": "Resolution {number} was adopted on {date} and took effect on adoption{mark}.",
        "de": "Die Resolution {number} wurde am {date} angenommen und trat mit der Annahme in "
        "Kraft{mark}.",
        "sv": "Resolution {number} antogs den {date} och trädde i kraft när den antogs{mark}.",
    },
    "resolution": {
        "vi": "Việc sắp xếp các đơn vị hành chính cấp xã của {province} được quy định "
        "tại Nghị quyết số {number} ngày {date} của Ủy ban Thường vụ Quốc hội{mark}.",
        "en": "The arrangement of {province}'s commune-level units is set out in "
        "Resolution No. {number} of the National Assembly Standing Committee of {date}{mark}.",
        "de": "Die Neuordnung der Gemeindeebene von {province} regelt die Resolution "
        "Nr. {number} des Ständigen Ausschusses der Nationalversammlung vom {date}{mark}.",
        "sv": "Omorganisationen av kommunnivån i {province} regleras av resolution "
        "nr {number} från nationalförsamlingens ständiga utskott den {date}{mark}.",
    },
    "basis_not_ingested": {
        "vi": "Nguồn: số liệu tính từ dữ liệu đơn vị hành chính (vietnamadminunits) theo Nghị "
        "quyết {numbers}; văn bản nghị quyết chưa được nạp nên không trích dẫn nguyên văn.",
        "en": "Source: computed from the administrative-unit data (vietnamadminunits) per "
        "Resolution {numbers}; its text has not been ingested, so nothing is quoted.",
        "de": "Quelle: berechnet aus den Verwaltungsdaten (vietnamadminunits) gemäß Resolution "
        "{numbers}; ihr Text ist nicht eingelesen, daher kein Zitat.",
        "sv": "Källa: beräknat ur förvaltningsdata (vietnamadminunits) enligt resolution "
        "{numbers}; texten är inte inläst, så inget citeras.",
    },
    "plan_not_ingested": {
        "vi": "Nguồn: dữ liệu đơn vị hành chính (vietnamadminunits); Nghị quyết 60-NQ/TW chưa "
        "được nạp nên không trích dẫn nguyên văn.",
        "en": "Source: the administrative-unit data (vietnamadminunits); Resolution 60-NQ/TW "
        "has not been ingested, so nothing is quoted.",
        "de": "Quelle: Verwaltungsdaten (vietnamadminunits); die Resolution 60-NQ/TW ist "
        "nicht eingelesen, daher kein Zitat.",
        "sv": "Källa: förvaltningsdata (vietnamadminunits); resolution 60-NQ/TW är inte "
        "inläst, så inget citeras.",
    },
    "nation_plan": {
        "vi": "Số tỉnh, thành phố sau sáp nhập do Nghị quyết {number} quyết định{mark}.",
        "en": "The number of provinces and cities after the merger was set by Resolution "
        "{number}{mark}.",
        "de": "Die Zahl der Provinzen und Städte nach der Fusion legte die Resolution "
        "{number} fest{mark}.",
        "sv": "Antalet provinser och städer efter sammanslagningen fastställdes i resolution "
        "{number}{mark}.",
    },
    "nation_source": {
        "vi": "Nguồn: dữ liệu đơn vị hành chính (vietnamadminunits), tính trên 34 nghị quyết "
        "sắp xếp đơn vị hành chính cấp xã năm 2025.",
        "en": "Source: the administrative-unit data (vietnamadminunits), over the 34 "
        "resolutions of 2025 arranging the commune level.",
        "de": "Quelle: Verwaltungsdaten (vietnamadminunits) über die 34 Resolutionen von 2025 "
        "zur Gemeindeebene.",
        "sv": "Källa: förvaltningsdata (vietnamadminunits) för de 34 resolutionerna från 2025 "
        "om kommunnivån.",
    },
    "computed_unchanged": {
        "vi": "(Tính từ dữ liệu: đơn vị mới chỉ gồm toàn bộ một đơn vị cũ cùng tên.)",
        "en": "(Computed from the data: a new unit made of one whole former unit of the same "
        "name.)",
        "de": "(Aus den Daten berechnet: eine neue Einheit aus genau einer ganzen früheren "
        "Einheit gleichen Namens.)",
        "sv": "(Beräknat ur data: en ny enhet som består av exakt en hel tidigare enhet med "
        "samma namn.)",
    },
    "clarify_new": {
        "vi": "Có {count} đơn vị mới trùng tên. Bạn hỏi đơn vị nào?",
        "en": "{count} new units have that name. Which one do you mean?",
        "de": "{count} neue Einheiten tragen diesen Namen. Welche meinen Sie?",
        "sv": "{count} nya enheter har det namnet. Vilken menar du?",
    },
}


def say(key: str, lang: str, **values: object) -> str:
    return W[key][lang].format(**values)


def type_count(count: int, unit_type: str, lang: str) -> str:
    """ "11 phường" / "11 wards (phường)" / "1 Sonderzone (đặc khu)"."""
    singular, plural = TYPE_NAMES[unit_type][lang]
    word = singular if count == 1 else plural
    if lang == "vi":
        return f"{count} {word}"
    return f"{count} {word} ({VI_TYPE[unit_type]})"


def type_plural(unit_type: str, lang: str, count: int = 2) -> str:
    """ "wards (phường)"; the singular for one ("special zone (đặc khu)")."""
    word = TYPE_NAMES[unit_type][lang][0 if count == 1 else 1]
    return word if lang == "vi" else f"{word} ({VI_TYPE[unit_type]})"


def join(items: list[str], lang: str) -> str:
    """ "a, b và c" / "a, b and c" / "a, b und c" / "a, b och c"."""
    if len(items) < 2:
        return "".join(items)
    word = {"vi": "và", "en": "and", "de": "und", "sv": "och"}[lang]
    return f"{', '.join(items[:-1])} {word} {items[-1]}"
