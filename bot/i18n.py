"""Every user-facing string of the bot, in Vietnamese, English, German and Swedish.

Why one table: the four languages must stay in step (a test checks every key exists in
every language with the same placeholders), and handlers stay free of prose. Strings
are plain text with `{placeholders}`; callers escape values before filling HTML ones.
"""

from __future__ import annotations

from haicap.dates import short_date
from haicap.settings import DATA_VERSION

LANGUAGES: dict[str, str] = {
    "vi": "Tiếng Việt",
    "en": "English",
    "de": "Deutsch",
    "sv": "Svenska",
}
DEFAULT_LANGUAGE = "vi"

STRINGS: dict[str, dict[str, str]] = {
    "vi": {
        "start": (
            "Xin chào {name}! Tôi là <b>haicap</b>, trợ lý về cải cách chính quyền địa "
            "phương hai cấp (từ 1/7/2025: bỏ cấp huyện, 34 tỉnh/thành, 3.321 xã/phường).\n\n"
            "• Gửi địa chỉ cũ (có dấu hoặc không dấu) để biết xã/phường mới.\n"
            "• Hỏi về các nghị quyết, kết luận, chỉ thị: tôi trả lời kèm trích dẫn "
            "(số văn bản, điều, khoản, nguyên văn).\n\n"
            "Thử một câu hỏi:"
        ),
        "help": (
            "<b>Cách dùng</b>\n"
            "• Gõ câu hỏi hoặc địa chỉ cũ, ví dụ: <i>Phường 1, Quận 3, TP.HCM</i>.\n"
            "• /where &lt;địa chỉ&gt; — tra địa chỉ cũ → đơn vị hành chính mới.\n"
            "• /lang — đổi ngôn ngữ (vi, en, de, sv).\n"
            "• /about — dữ liệu, nguồn, giấy phép.\n"
            "• /forget — xóa tin nhắn và đánh giá bạn đã lưu.\n"
            "• Trong nhóm khác: gõ <code>@{bot} Phường 1 Quận 3</code>.\n"
            "Nút 📄 hiện nguyên văn trích dẫn; 👍/👎 giúp cải thiện câu trả lời."
        ),
        "about": (
            "<b>haicap</b> — dữ liệu đến ngày {date}.\n"
            "<b>Nguồn:</b> nghị quyết của Ủy ban Thường vụ Quốc hội về sắp xếp đơn vị hành "
            "chính cấp xã, văn bản của Trung ương Đảng, tin tức chính thức.\n"
            "<b>Giấy phép:</b> mô hình EmbeddingGemma theo Gemma Terms of Use; thư viện "
            "vietnamadminunits (MIT); văn bản pháp luật là tài liệu công khai.\n"
            "Câu trả lời chỉ mang tính tham khảo; hãy kiểm tra văn bản gốc được trích dẫn."
        ),
        "lang_prompt": "Chọn ngôn ngữ:",
        "lang_set": "Đã chuyển sang tiếng Việt.",
        "lang_unknown": "Không hỗ trợ ngôn ngữ này. Hãy chọn: vi, en, de, sv.",
        "sources_button": "📄 Nguồn",
        "hide_sources_button": "🔼 Ẩn nguồn",
        "sources_heading": "Nguồn",
        "vote_thanks": "Cảm ơn bạn đã đánh giá!",
        "answer_expired": "Câu trả lời này không còn được lưu.",
        "empty": "Tin nhắn trống. Hãy gõ câu hỏi hoặc địa chỉ cũ.",
        "too_long": "Tin nhắn quá dài ({length} ký tự). Hãy hỏi ngắn hơn (tối đa {limit} ký tự).",
        "rate_limited": "Bạn gửi hơi nhanh. Vui lòng thử lại sau khoảng {seconds} giây.",
        "error": "Xin lỗi, đã có lỗi khi xử lý yêu cầu của bạn. Vui lòng thử lại.",
        "knowledge_loading": (
            "Lưu ý: các văn bản (nghị quyết, tin bài) vẫn đang được nạp lần đầu; câu trả "
            "lời có thể chưa đầy đủ. Vui lòng hỏi lại sau vài phút."
        ),
        "unavailable": (
            "Xin lỗi, phần tra cứu văn bản tạm thời không khả dụng. Tra cứu địa chỉ vẫn "
            "hoạt động (ví dụ: /where Phường 1, Quận 3, TP.HCM). Vui lòng thử lại sau."
        ),
        "where_usage": (
            "Cách dùng: /where &lt;địa chỉ cũ&gt;, ví dụ /where Phường 1, Quận 3, TP.HCM"
        ),
        "where_not_found": (
            "Không nhận ra địa chỉ này. Hãy ghi rõ xã/phường, quận/huyện và tỉnh/thành cũ, "
            "ví dụ: Phường 1, Quận 3, TP.HCM."
        ),
        "location": (
            "Tôi không tra được vị trí từ tọa độ (không có dịch vụ bản đồ). Hãy gửi địa "
            "chỉ cũ dạng chữ, ví dụ: Xã Tân Phú, Huyện Đồng Phú, Bình Phước."
        ),
        "unsupported": "Tôi chỉ đọc được tin nhắn chữ. Hãy gõ câu hỏi hoặc địa chỉ cũ.",
        "admin_only": "Xin lỗi, lệnh này chỉ dành cho quản trị viên.",
        "forget_done": "Đã xóa {messages} tin nhắn và {votes} đánh giá của bạn.",
        "reindex_done": "Đã tải lại chỉ mục: {chunks} đoạn văn bản.",
        "reindex_failed": "Tải lại chỉ mục thất bại: {error}",
        "inline_not_address": "Không nhận ra địa chỉ",
        "inline_usage": "Gõ một địa chỉ cũ, ví dụ: Phường 1 Quận 3",
        "status_clarify": "❓ Bạn muốn hỏi về:",
        "stats": "Thống kê",
    },
    "en": {
        "start": (
            "Hello {name}! I am <b>haicap</b>, an assistant for Vietnam's two-tier "
            "local-government reform (since 1 July 2025: no district level, 34 provinces, "
            "3,321 communes).\n\n"
            "• Send an old address (with or without diacritics) to get the new commune.\n"
            "• Ask about resolutions, conclusions and directives: answers come with "
            "citations (document number, article, clause, quoted text).\n\n"
            "Try a question:"
        ),
        "help": (
            "<b>How to use</b>\n"
            "• Type a question or an old address, e.g. <i>Phường 1, Quận 3, TP.HCM</i>.\n"
            "• /where &lt;address&gt; — old address → new administrative unit.\n"
            "• /lang — change language (vi, en, de, sv).\n"
            "• /about — data, sources, licences.\n"
            "• /forget — delete your stored messages and votes.\n"
            "• In other chats: type <code>@{bot} Phường 1 Quận 3</code>.\n"
            "The 📄 button shows the quoted sources; 👍/👎 help improve the answers."
        ),
        "about": (
            "<b>haicap</b> — data as of {date}.\n"
            "<b>Sources:</b> resolutions of the National Assembly Standing Committee "
            "arranging commune-level units, Party Central Committee documents, official news.\n"
            "<b>Licences:</b> the EmbeddingGemma model under the Gemma Terms of Use; "
            "vietnamadminunits (MIT); the legal texts are public documents.\n"
            "Answers are for information only; check the cited original texts."
        ),
        "lang_prompt": "Choose a language:",
        "lang_set": "Switched to English.",
        "lang_unknown": "That language is not supported. Choose: vi, en, de, sv.",
        "sources_button": "📄 Sources",
        "hide_sources_button": "🔼 Hide sources",
        "sources_heading": "Sources",
        "vote_thanks": "Thank you for your feedback!",
        "answer_expired": "This answer is no longer stored.",
        "empty": "Your message is empty. Please type a question or an old address.",
        "too_long": (
            "Your message is too long ({length} characters). Please ask a shorter question "
            "(at most {limit} characters)."
        ),
        "rate_limited": (
            "You are sending messages a bit fast. Please try again in about {seconds} s."
        ),
        "error": "Sorry, something went wrong while handling your request. Please try again.",
        "knowledge_loading": (
            "Note: the documents (resolutions, news) are still loading for the first time, "
            "so this answer may be incomplete. Please ask again in a few minutes."
        ),
        "unavailable": (
            "Sorry, document search is temporarily unavailable. Address lookups still work "
            "(e.g. /where Phường 1, Quận 3, TP.HCM). Please try again later."
        ),
        "where_usage": "Usage: /where &lt;old address&gt;, e.g. /where Phường 1, Quận 3, TP.HCM",
        "where_not_found": (
            "I could not recognise this address. Please give the old commune, district and "
            "province, e.g. Phường 1, Quận 3, TP.HCM."
        ),
        "location": (
            "I cannot look up a place from coordinates (no map service). Please send the old "
            "address as text, e.g. Xã Tân Phú, Huyện Đồng Phú, Bình Phước."
        ),
        "unsupported": "I can only read text messages. Please type a question or an old address.",
        "admin_only": "Sorry, this command is for administrators only.",
        "forget_done": "Deleted {messages} stored messages and {votes} votes of yours.",
        "reindex_done": "Index reloaded: {chunks} passages.",
        "reindex_failed": "Reloading the index failed: {error}",
        "inline_not_address": "Address not recognised",
        "inline_usage": "Type an old address, e.g. Phường 1 Quận 3",
        "status_clarify": "❓ Did you mean:",
        "stats": "Statistics",
    },
    "de": {
        "start": (
            "Hallo {name}! Ich bin <b>haicap</b>, ein Assistent zur zweistufigen "
            "Kommunalreform in Vietnam (seit 1. Juli 2025: keine Bezirksebene mehr, "
            "34 Provinzen, 3.321 Gemeinden).\n\n"
            "• Schicken Sie eine alte Adresse (mit oder ohne diakritische Zeichen), und ich "
            "nenne die neue Gemeinde.\n"
            "• Fragen Sie nach Resolutionen, Schlussfolgerungen und Richtlinien: Antworten "
            "mit Quellenangabe (Dokumentnummer, Artikel, Absatz, Zitat).\n\n"
            "Probieren Sie eine Frage:"
        ),
        "help": (
            "<b>Bedienung</b>\n"
            "• Schreiben Sie eine Frage oder eine alte Adresse, z. B. "
            "<i>Phường 1, Quận 3, TP.HCM</i>.\n"
            "• /where &lt;Adresse&gt; — alte Adresse → neue Verwaltungseinheit.\n"
            "• /lang — Sprache wechseln (vi, en, de, sv).\n"
            "• /about — Daten, Quellen, Lizenzen.\n"
            "• /forget — Ihre gespeicherten Nachrichten und Bewertungen löschen.\n"
            "• In anderen Chats: <code>@{bot} Phường 1 Quận 3</code> eingeben.\n"
            "Die Taste 📄 zeigt die Zitate; 👍/👎 helfen, die Antworten zu verbessern."
        ),
        "about": (
            "<b>haicap</b> — Datenstand {date}.\n"
            "<b>Quellen:</b> Resolutionen des Ständigen Ausschusses der Nationalversammlung "
            "zur Neuordnung der Gemeinden, Dokumente des Zentralkomitees, offizielle "
            "Nachrichten.\n"
            "<b>Lizenzen:</b> das Modell EmbeddingGemma unter den Gemma Terms of Use; "
            "vietnamadminunits (MIT); die Rechtstexte sind öffentliche Dokumente.\n"
            "Die Antworten dienen nur zur Information; prüfen Sie die zitierten Originaltexte."
        ),
        "lang_prompt": "Sprache wählen:",
        "lang_set": "Auf Deutsch umgestellt.",
        "lang_unknown": "Diese Sprache wird nicht unterstützt. Wählen Sie: vi, en, de, sv.",
        "sources_button": "📄 Quellen",
        "hide_sources_button": "🔼 Quellen ausblenden",
        "sources_heading": "Quellen",
        "vote_thanks": "Danke für Ihre Bewertung!",
        "answer_expired": "Diese Antwort ist nicht mehr gespeichert.",
        "empty": "Ihre Nachricht ist leer. Bitte schreiben Sie eine Frage oder eine alte Adresse.",
        "too_long": (
            "Ihre Nachricht ist zu lang ({length} Zeichen). Bitte fragen Sie kürzer "
            "(höchstens {limit} Zeichen)."
        ),
        "rate_limited": (
            "Sie schreiben etwas zu schnell. Bitte versuchen Sie es in etwa {seconds} s erneut."
        ),
        "error": (
            "Entschuldigung, bei Ihrer Anfrage ist ein Fehler aufgetreten. Bitte versuchen "
            "Sie es erneut."
        ),
        "knowledge_loading": (
            "Hinweis: Die Dokumente (Beschlüsse, Nachrichten) werden noch zum ersten Mal "
            "geladen; die Antwort kann unvollständig sein. Bitte fragen Sie in einigen "
            "Minuten erneut."
        ),
        "unavailable": (
            "Entschuldigung, die Dokumentsuche ist vorübergehend nicht verfügbar. "
            "Adressabfragen funktionieren weiterhin (z. B. /where Phường 1, Quận 3, TP.HCM). "
            "Bitte versuchen Sie es später erneut."
        ),
        "where_usage": (
            "Verwendung: /where &lt;alte Adresse&gt;, z. B. /where Phường 1, Quận 3, TP.HCM"
        ),
        "where_not_found": (
            "Diese Adresse habe ich nicht erkannt. Bitte nennen Sie alte Gemeinde, Bezirk und "
            "Provinz, z. B. Phường 1, Quận 3, TP.HCM."
        ),
        "location": (
            "Ich kann keinen Ort aus Koordinaten bestimmen (kein Kartendienst). Bitte "
            "schicken Sie die alte Adresse als Text, z. B. Xã Tân Phú, Huyện Đồng Phú, "
            "Bình Phước."
        ),
        "unsupported": (
            "Ich kann nur Textnachrichten lesen. Bitte schreiben Sie eine Frage oder eine "
            "alte Adresse."
        ),
        "admin_only": "Entschuldigung, dieser Befehl ist nur für Administratoren.",
        "forget_done": "{messages} gespeicherte Nachrichten und {votes} Bewertungen gelöscht.",
        "reindex_done": "Index neu geladen: {chunks} Abschnitte.",
        "reindex_failed": "Neuladen des Index fehlgeschlagen: {error}",
        "inline_not_address": "Adresse nicht erkannt",
        "inline_usage": "Alte Adresse eingeben, z. B. Phường 1 Quận 3",
        "status_clarify": "❓ Meinten Sie:",
        "stats": "Statistik",
    },
    "sv": {
        "start": (
            "Hej {name}! Jag är <b>haicap</b>, en assistent för Vietnams tvånivåreform av "
            "lokalförvaltningen (sedan 1 juli 2025: ingen distriktsnivå, 34 provinser, "
            "3 321 kommuner).\n\n"
            "• Skicka en gammal adress (med eller utan diakritiska tecken) så får du den nya "
            "kommunen.\n"
            "• Fråga om resolutioner, slutsatser och direktiv: svaren har källhänvisningar "
            "(dokumentnummer, artikel, punkt, citat).\n\n"
            "Prova en fråga:"
        ),
        "help": (
            "<b>Så använder du mig</b>\n"
            "• Skriv en fråga eller en gammal adress, t.ex. <i>Phường 1, Quận 3, TP.HCM</i>.\n"
            "• /where &lt;adress&gt; — gammal adress → ny förvaltningsenhet.\n"
            "• /lang — byt språk (vi, en, de, sv).\n"
            "• /about — data, källor, licenser.\n"
            "• /forget — radera dina sparade meddelanden och röster.\n"
            "• I andra chattar: skriv <code>@{bot} Phường 1 Quận 3</code>.\n"
            "Knappen 📄 visar citaten; 👍/👎 hjälper oss att förbättra svaren."
        ),
        "about": (
            "<b>haicap</b> — data per {date}.\n"
            "<b>Källor:</b> nationalförsamlingens ständiga utskotts resolutioner om "
            "kommunindelningen, centralkommitténs dokument, officiella nyheter.\n"
            "<b>Licenser:</b> modellen EmbeddingGemma enligt Gemma Terms of Use; "
            "vietnamadminunits (MIT); lagtexterna är offentliga handlingar.\n"
            "Svaren är endast vägledande; kontrollera de citerade originaltexterna."
        ),
        "lang_prompt": "Välj språk:",
        "lang_set": "Bytte till svenska.",
        "lang_unknown": "Det språket stöds inte. Välj: vi, en, de, sv.",
        "sources_button": "📄 Källor",
        "hide_sources_button": "🔼 Dölj källor",
        "sources_heading": "Källor",
        "vote_thanks": "Tack för din återkoppling!",
        "answer_expired": "Det här svaret finns inte längre sparat.",
        "empty": "Ditt meddelande är tomt. Skriv en fråga eller en gammal adress.",
        "too_long": (
            "Ditt meddelande är för långt ({length} tecken). Ställ en kortare fråga "
            "(högst {limit} tecken)."
        ),
        "rate_limited": "Du skriver lite för snabbt. Försök igen om ungefär {seconds} s.",
        "error": "Förlåt, något gick fel med din förfrågan. Försök igen.",
        "knowledge_loading": (
            "Obs: dokumenten (resolutioner, nyheter) laddas fortfarande för första gången, "
            "så svaret kan vara ofullständigt. Fråga gärna igen om några minuter."
        ),
        "unavailable": (
            "Förlåt, dokumentsökningen är tillfälligt otillgänglig. Adressuppslag fungerar "
            "fortfarande (t.ex. /where Phường 1, Quận 3, TP.HCM). Försök igen senare."
        ),
        "where_usage": (
            "Användning: /where &lt;gammal adress&gt;, t.ex. /where Phường 1, Quận 3, TP.HCM"
        ),
        "where_not_found": (
            "Jag kände inte igen adressen. Ange gammal kommun, distrikt och provins, t.ex. "
            "Phường 1, Quận 3, TP.HCM."
        ),
        "location": (
            "Jag kan inte slå upp en plats från koordinater (ingen karttjänst). Skicka den "
            "gamla adressen som text, t.ex. Xã Tân Phú, Huyện Đồng Phú, Bình Phước."
        ),
        "unsupported": "Jag kan bara läsa textmeddelanden. Skriv en fråga eller en gammal adress.",
        "admin_only": "Förlåt, det här kommandot är bara för administratörer.",
        "forget_done": "Raderade {messages} sparade meddelanden och {votes} röster.",
        "reindex_done": "Indexet har laddats om: {chunks} avsnitt.",
        "reindex_failed": "Det gick inte att ladda om indexet: {error}",
        "inline_not_address": "Adressen kändes inte igen",
        "inline_usage": "Skriv en gammal adress, t.ex. Phường 1 Quận 3",
        "status_clarify": "❓ Menade du:",
        "stats": "Statistik",
    },
}

# Three tappable examples per language: an address, a resolution, a directive.
EXAMPLES: dict[str, list[str]] = {
    "vi": [
        "Phường 1, Quận 3, TP. Hồ Chí Minh nay thuộc phường nào?",
        "Nghị quyết 1681/NQ-UBTVQH15 sắp xếp các đơn vị hành chính cấp xã của tỉnh nào?",
        "Chỉ thị 45-CT/TW là gì?",
    ],
    "en": [
        "Which ward is Phường 1, Quận 3, Ho Chi Minh City in now?",
        "Which province's communes does Resolution 1681/NQ-UBTVQH15 arrange?",
        "Directive 45-CT/TW of the Politburo: what is it about?",
    ],
    "de": [
        "Zu welcher Gemeinde gehört Phường 1, Quận 3, Ho-Chi-Minh-Stadt jetzt?",
        "Was regelt die Resolution 1681/NQ-UBTVQH15?",
        "Was regelt die Richtlinie 45-CT/TW des Politbüros?",
    ],
    "sv": [
        "Vilken stadsdel hör Phường 1, Quận 3, Ho Chi Minh-staden till nu?",
        "Vad reglerar resolution 1681/NQ-UBTVQH15?",
        "Vad gäller direktiv 45-CT/TW från politbyrån?",
    ],
}


def pick_language(*candidates: str | None) -> str:
    """The first supported language among candidates (e.g. stored choice, Telegram's)."""
    for candidate in candidates:
        if not candidate:
            continue
        code = candidate.lower().replace("_", "-").split("-")[0]
        if code in LANGUAGES:
            return code
    return DEFAULT_LANGUAGE


def t(lang: str, key: str, **values: object) -> str:
    """The string `key` in `lang` (falling back to Vietnamese), placeholders filled."""
    table = STRINGS.get(lang, STRINGS[DEFAULT_LANGUAGE])
    text = table.get(key) or STRINGS[DEFAULT_LANGUAGE][key]
    return text.format(**values) if values else text


def data_date(lang: str) -> str:
    """DATA_VERSION ("2025-07-01") written the way each language writes dates."""
    return short_date(DATA_VERSION, lang)
