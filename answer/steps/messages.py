"""Every sentence haicap itself says, in Vietnamese, English, German and Swedish.

Why one table: the frame around quotes (labels, refusals, notes) must always be in the
user's language while quotes stay in the source's; keeping all wording here makes a
missing translation a one-line fix and lets tests check every language has every key.
"""

from __future__ import annotations

LANGUAGES = ("vi", "en", "de", "sv")

MESSAGES: dict[str, dict[str, str]] = {
    "answer_label": {
        "vi": "Trả lời",
        "en": "Answer",
        "de": "Antwort",
        "sv": "Svar",
    },
    "sources_label": {
        "vi": "Trích dẫn nguồn",
        "en": "Quoted sources",
        "de": "Zitierte Quellen",
        "sv": "Citerade källor",
    },
    "quote_intro": {
        "vi": "Văn bản nêu",
        "en": "The source says",
        "de": "Die Quelle sagt",
        "sv": "Källan säger",
    },
    "empty": {
        "vi": "Bạn chưa nhập câu hỏi. Hãy hỏi về việc sắp xếp đơn vị hành chính năm 2025, "
        "ví dụ: «Tỉnh Cà Mau có bao nhiêu xã sau sắp xếp?»",
        "en": "The question is empty. Ask about the 2025 administrative reform, e.g. "
        "“How many communes does Ca Mau have after the arrangement?”",
        "de": "Die Frage ist leer. Fragen Sie zur Verwaltungsreform 2025, z. B. "
        "„Wie viele Gemeinden hat Ca Mau nach der Neuordnung?“",
        "sv": "Frågan är tom. Fråga om 2025 års förvaltningsreform, t.ex. "
        "”Hur många kommuner har Ca Mau efter omorganisationen?”",
    },
    "truncated": {
        "vi": "(Câu hỏi quá dài; chỉ {limit} ký tự đầu được xét.)",
        "en": "(The question was too long; only its first {limit} characters were read.)",
        "de": "(Die Frage war zu lang; nur die ersten {limit} Zeichen wurden gelesen.)",
        "sv": "(Frågan var för lång; bara de första {limit} tecknen lästes.)",
    },
    "out_of_scope": {
        "vi": "Xin lỗi, tôi chỉ trả lời câu hỏi về việc sắp xếp đơn vị hành chính và mô hình "
        "chính quyền địa phương 2 cấp năm 2025 (nghị quyết, đơn vị hành chính mới, địa chỉ "
        "mới), dựa trên các văn bản đã được nạp.",
        "en": "Sorry, I only answer questions about Vietnam's 2025 administrative-unit "
        "arrangement and two-tier local government (resolutions, new units, new addresses), "
        "based on the loaded documents.",
        "de": "Entschuldigung, ich beantworte nur Fragen zur Neuordnung der "
        "Verwaltungseinheiten Vietnams 2025 und zur zweistufigen lokalen Verwaltung "
        "(Resolutionen, neue Einheiten, neue Adressen) auf Grundlage der geladenen Dokumente.",
        "sv": "Tyvärr svarar jag bara på frågor om Vietnams omorganisation av administrativa "
        "enheter 2025 och den lokala förvaltningen på två nivåer (resolutioner, nya enheter, "
        "nya adresser), utifrån de inlästa dokumenten.",
    },
    "not_found": {
        "vi": "Không tìm thấy đoạn văn bản nào trả lời được câu hỏi này.",
        "en": "No passage in the loaded documents answers this question.",
        "de": "Keine Passage der geladenen Dokumente beantwortet diese Frage.",
        "sv": "Inget avsnitt i de inlästa dokumenten besvarar den här frågan.",
    },
    "closest_says": {
        "vi": "Đoạn gần nhất tìm được nói {markers} (không trả lời trực tiếp câu hỏi).",
        "en": "The closest passage found says {markers} (it does not answer the question).",
        "de": "Die nächstliegende Passage sagt {markers} (sie beantwortet die Frage nicht).",
        "sv": "Det närmaste avsnittet säger {markers} (det besvarar inte frågan).",
    },
    "mention_only": {
        "vi": "Các văn bản đã nạp không chứa nội dung của {docs}; chúng chỉ nhắc đến văn bản "
        "này {markers}.",
        "en": "The loaded documents do not contain the text of {docs}; they only mention it "
        "{markers}.",
        "de": "Die geladenen Dokumente enthalten den Text von {docs} nicht; sie erwähnen ihn "
        "nur {markers}.",
        "sv": "De inlästa dokumenten innehåller inte texten i {docs}; de nämner den bara "
        "{markers}.",
    },
    "not_found_searched": {
        "vi": "Đã tìm theo: {terms}.",
        "en": "Searched for: {terms}.",
        "de": "Gesucht wurde nach: {terms}.",
        "sv": "Sökte efter: {terms}.",
    },
    "not_found_missing": {
        "vi": "Không văn bản nào nhắc đến: {terms}.",
        "en": "No document mentions: {terms}.",
        "de": "Kein Dokument erwähnt: {terms}.",
        "sv": "Inget dokument nämner: {terms}.",
    },
    "not_found_closest": {
        "vi": "Các văn bản gần nhất đã xem: {docs}.",
        "en": "Closest documents examined: {docs}.",
        "de": "Geprüfte nächstliegende Dokumente: {docs}.",
        "sv": "Närmaste dokument som granskades: {docs}.",
    },
    "store_empty": {
        "vi": "Kho văn bản đang trống: hãy chạy `haicap ingest <thư mục>` để nạp văn bản trước.",
        "en": "The document store is empty: run `haicap ingest <folder>` to load documents first.",
        "de": "Der Dokumentenspeicher ist leer: zuerst `haicap ingest <Ordner>` ausführen.",
        "sv": "Dokumentlagret är tomt: kör `haicap ingest <mapp>` först.",
    },
    "model_missing": {
        "vi": "Chưa cài mô hình nhúng: hãy chạy `haicap models fetch`. (Câu hỏi địa chỉ vẫn "
        "dùng được.)",
        "en": "The embedding model is not installed: run `haicap models fetch`. (Address "
        "questions still work.)",
        "de": "Das Embedding-Modell ist nicht installiert: `haicap models fetch` ausführen. "
        "(Adressfragen funktionieren trotzdem.)",
        "sv": "Inbäddningsmodellen är inte installerad: kör `haicap models fetch`. "
        "(Adressfrågor fungerar ändå.)",
    },
    "store_unavailable": {
        "vi": "Không mở được kho văn bản: {error}",
        "en": "The document store cannot be opened: {error}",
        "de": "Der Dokumentenspeicher lässt sich nicht öffnen: {error}",
        "sv": "Dokumentlagret kan inte öppnas: {error}",
    },
    "greeting": {
        "vi": "Xin chào! Tôi trả lời câu hỏi về việc sắp xếp đơn vị hành chính năm 2025 "
        "(ví dụ: «Tỉnh Cà Mau có bao nhiêu phường?», «Nghị quyết nào sắp xếp các xã của Hà "
        "Nội?») và tra địa chỉ mới, kèm trích dẫn văn bản.",
        "en": "Hello! I answer questions about Vietnam's 2025 administrative arrangement "
        "(e.g. “How many wards does Ca Mau have?”, “Which resolution arranges Hanoi's "
        "communes?”) and look up new addresses, with quoted sources.",
        "de": "Hallo! Ich beantworte Fragen zur vietnamesischen Verwaltungsneuordnung 2025 "
        "(z. B. „Wie viele Gemeinden hat Ca Mau?“) und finde neue Adressen, mit zitierten "
        "Quellen.",
        "sv": "Hej! Jag svarar på frågor om Vietnams administrativa omorganisation 2025 "
        "(t.ex. ”Hur många kommuner har Ca Mau?”) och slår upp nya adresser, med citerade "
        "källor.",
    },
    "help": {
        "vi": "Hãy hỏi một câu về việc sắp xếp đơn vị hành chính 2025: số xã/phường của một "
        "tỉnh, các xã cũ hợp thành xã mới, nghị quyết nào quy định, ngày ban hành… hoặc gửi "
        "địa chỉ cũ để biết đơn vị mới. Mỗi câu trả lời có trích dẫn [1], [2].",
        "en": "Ask a question about the 2025 arrangement: how many communes/wards a province "
        "has, which old units form a new one, which resolution rules it, issue dates… or send "
        "an old address to get the new unit. Every answer cites its sources [1], [2].",
        "de": "Stellen Sie eine Frage zur Neuordnung 2025: Zahl der Gemeinden/Bezirke einer "
        "Provinz, welche alten Einheiten eine neue bilden, welche Resolution gilt, Daten… "
        "oder senden Sie eine alte Adresse. Jede Antwort zitiert ihre Quellen [1], [2].",
        "sv": "Ställ en fråga om omorganisationen 2025: antal kommuner/valdistrikt i en "
        "provins, vilka gamla enheter som bildar en ny, vilken resolution som gäller, datum… "
        "eller skicka en gammal adress. Varje svar citerar sina källor [1], [2].",
    },
}

# How each reply language names the source languages (flag next to a foreign quote).
LANGUAGE_NAMES: dict[str, dict[str, str]] = {
    "vi": {"vi": "tiếng Việt", "en": "tiếng Anh", "de": "tiếng Đức", "sv": "tiếng Thụy Điển"},
    "en": {"vi": "Vietnamese", "en": "English", "de": "German", "sv": "Swedish"},
    "de": {"vi": "Vietnamesisch", "en": "Englisch", "de": "Deutsch", "sv": "Schwedisch"},
    "sv": {"vi": "vietnamesiska", "en": "engelska", "de": "tyska", "sv": "svenska"},
}

# Labels for counted things, to restate "166 đơn vị hành chính cấp xã" in the reply language.
UNIT_LABELS: dict[str, dict[str, str]] = {
    "commune_level_unit": {
        "vi": "đơn vị hành chính cấp xã",
        "en": "commune-level units",
        "de": "Verwaltungseinheiten auf Gemeindeebene",
        "sv": "administrativa enheter på kommunnivå",
    },
    "commune": {"vi": "xã", "en": "communes", "de": "Gemeinden", "sv": "kommuner"},
    "ward": {"vi": "phường", "en": "wards", "de": "Stadtbezirke (phường)", "sv": "valdistrikt"},
    "special_zone": {
        "vi": "đặc khu",
        "en": "special zones",
        "de": "Sonderzonen",
        "sv": "specialzoner",
    },
    "province": {"vi": "tỉnh", "en": "provinces", "de": "Provinzen", "sv": "provinser"},
}


def message(key: str, lang: str, **values: object) -> str:
    """The message `key` in `lang` (English when the language is unknown)."""
    table = MESSAGES[key]
    text = table.get(lang) or table["en"]
    return text.format(**values) if values else text


def language_name(source: str, reply: str) -> str:
    return LANGUAGE_NAMES.get(reply, LANGUAGE_NAMES["en"]).get(source, source)
