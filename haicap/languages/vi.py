"""Vietnamese (vi): every word haicap says, and the cue words it reads, in Vietnamese.

Why one file per language: adding a language is one new file like this one plus its name
in haicap/languages/__init__.py; tests/test_languages.py checks every file has every key
with the same {placeholders}. Place names stay Vietnamese in every language.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

from haicap.languages.base import Language, words

CODE = "vi"
NAME = "Tiếng Việt"  # in the /lang keyboard


# How a reply in this language names each language (flag next to a foreign quote).
NAMES: dict[str, str] = {
    "vi": "tiếng Việt",
    "en": "tiếng Anh",
    "de": "tiếng Đức",
    "sv": "tiếng Thụy Điển",
}


# The Telegram bot's strings (bot/i18n.t); HTML, values escaped by the caller.
BOT: dict[str, str] = {
    "start": (
        "Xin chào {name}! Tôi là <b>haicap</b>, trợ lý về cải cách chính quyền địa phương hai "
        "cấp (từ 1/7/2025: bỏ cấp huyện, 34 tỉnh/thành, 3.321 xã/phường).\n"
        "\n"
        "• Gửi địa chỉ cũ (có dấu hoặc không dấu) để biết xã/phường mới.\n"
        "• Hỏi về các nghị quyết, kết luận, chỉ thị: tôi trả lời kèm trích dẫn (số văn bản, "
        "điều, khoản, nguyên văn).\n"
        "\n"
        "Thử một câu hỏi:"
    ),
    "help": (
        "<b>Cách dùng</b>\n"
        "• Gõ câu hỏi hoặc địa chỉ cũ, ví dụ: <i>Phường 1, Quận 3, TP.HCM</i>.\n"
        "• /where &lt;địa chỉ&gt; — tra địa chỉ cũ → đơn vị hành chính mới.\n"
        "• /lang — đổi ngôn ngữ ({codes}).\n"
        "• /about — dữ liệu, nguồn, giấy phép.\n"
        "• /forget — xóa tin nhắn và đánh giá bạn đã lưu.\n"
        "• Trong nhóm khác: gõ <code>@{bot} Phường 1 Quận 3</code>.\n"
        "Nút 📄 hiện nguyên văn trích dẫn; 👍/👎 giúp cải thiện câu trả lời."
    ),
    "about": (
        "<b>haicap</b> — dữ liệu đến ngày {date}.\n"
        "<b>Nguồn:</b> nghị quyết của Ủy ban Thường vụ Quốc hội về sắp xếp đơn vị hành chính "
        "cấp xã, văn bản của Trung ương Đảng, tin tức chính thức.\n"
        "<b>Giấy phép:</b> mô hình EmbeddingGemma theo Gemma Terms of Use; thư viện "
        "vietnamadminunits (MIT); văn bản pháp luật là tài liệu công khai.\n"
        "Câu trả lời chỉ mang tính tham khảo; hãy kiểm tra văn bản gốc được trích dẫn."
    ),
    "lang_prompt": "Chọn ngôn ngữ:",
    "lang_set": "Đã chuyển sang tiếng Việt.",
    "lang_unknown": "Không hỗ trợ ngôn ngữ này. Hãy chọn: {codes}.",
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
        "Lưu ý: các văn bản (nghị quyết, tin bài) vẫn đang được nạp lần đầu; câu trả lời có "
        "thể chưa đầy đủ. Vui lòng hỏi lại sau vài phút."
    ),
    "unavailable": (
        "Xin lỗi, phần tra cứu văn bản tạm thời không khả dụng. Tra cứu địa chỉ vẫn hoạt động "
        "(ví dụ: /where Phường 1, Quận 3, TP.HCM). Vui lòng thử lại sau."
    ),
    "where_usage": "Cách dùng: /where &lt;địa chỉ cũ&gt;, ví dụ /where Phường 1, Quận 3, TP.HCM",
    "where_not_found": (
        "Không nhận ra địa chỉ này. Hãy ghi rõ xã/phường, quận/huyện và tỉnh/thành cũ, ví dụ: "
        "Phường 1, Quận 3, TP.HCM."
    ),
    "location": (
        "Tôi không tra được vị trí từ tọa độ (không có dịch vụ bản đồ). Hãy gửi địa chỉ cũ "
        "dạng chữ, ví dụ: Xã Tân Phú, Huyện Đồng Phú, Bình Phước."
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
}


# The bot's command menu (bot/app.py).
BOT_COMMANDS: dict[str, str] = {
    "start": "Bắt đầu, câu hỏi mẫu",
    "where": "Địa chỉ cũ → đơn vị mới",
    "lang": "Đổi ngôn ngữ",
    "help": "Hướng dẫn",
    "about": "Dữ liệu, nguồn, giấy phép",
    "forget": "Xóa dữ liệu của tôi",
}


# Three tappable examples: an address, a resolution, a directive.
BOT_EXAMPLES = (
    "Phường 1, Quận 3, TP. Hồ Chí Minh nay thuộc phường nào?",
    "Nghị quyết 1681/NQ-UBTVQH15 sắp xếp các đơn vị hành chính cấp xã của tỉnh nào?",
    "Chỉ thị 45-CT/TW là gì?",
)


# The answer pipeline's own sentences (answer/steps/messages.message).
MESSAGES: dict[str, str] = {
    "answer_label": "Trả lời",
    "sources_label": "Trích dẫn nguồn",
    "quote_intro": "Văn bản nêu",
    "empty": (
        "Bạn chưa nhập câu hỏi. Hãy hỏi về việc sắp xếp đơn vị hành chính năm 2025, ví dụ: "
        "«Tỉnh Cà Mau có bao nhiêu xã sau sắp xếp?»"
    ),
    "truncated": "(Câu hỏi quá dài; chỉ {limit} ký tự đầu được xét.)",
    "out_of_scope": (
        "Xin lỗi, tôi chỉ trả lời câu hỏi về việc sắp xếp đơn vị hành chính và mô hình chính "
        "quyền địa phương 2 cấp năm 2025 (nghị quyết, đơn vị hành chính mới, địa chỉ mới), dựa "
        "trên các văn bản đã được nạp."
    ),
    "not_found": "Không tìm thấy đoạn văn bản nào trả lời được câu hỏi này.",
    "closest_says": "Đoạn gần nhất tìm được nói {markers} (không trả lời trực tiếp câu hỏi).",
    "mention_only": (
        "Các văn bản đã nạp không chứa nội dung của {docs}; chúng chỉ nhắc đến văn bản này "
        "{markers}."
    ),
    "not_found_searched": "Đã tìm theo: {terms}.",
    "not_found_missing": "Không văn bản nào nhắc đến: {terms}.",
    "not_found_closest": "Các văn bản gần nhất đã xem: {docs}.",
    "store_empty": (
        "Kho văn bản đang trống: hãy chạy `haicap ingest <thư mục>` để nạp văn bản trước."
    ),
    "model_missing": (
        "Chưa cài mô hình nhúng: hãy chạy `haicap models fetch`. (Câu hỏi địa chỉ vẫn dùng được.)"
    ),
    "store_unavailable": "Không mở được kho văn bản: {error}",
    "greeting": (
        "Xin chào! Tôi trả lời câu hỏi về việc sắp xếp đơn vị hành chính năm 2025 (ví dụ: "
        "«Tỉnh Cà Mau có bao nhiêu phường?», «Nghị quyết nào sắp xếp các xã của Hà Nội?») và "
        "tra địa chỉ mới, kèm trích dẫn văn bản."
    ),
    "help": (
        "Hãy hỏi một câu về việc sắp xếp đơn vị hành chính 2025: số xã/phường của một tỉnh, "
        "các xã cũ hợp thành xã mới, nghị quyết nào quy định, ngày ban hành… hoặc gửi địa chỉ "
        "cũ để biết đơn vị mới. Mỗi câu trả lời có trích dẫn [1], [2]."
    ),
}


# The terminal chat's lines (haicap chat).
CHAT: dict[str, str] = {
    "banner": (
        "haicap chat — hỏi về sắp xếp đơn vị hành chính 2025. /lang xx đổi ngôn ngữ, /reset "
        "xoá lịch sử, /quit để thoát."
    ),
    "lang_set": "Ngôn ngữ trả lời: {lang}",
    "lang_auto": "Ngôn ngữ trả lời: tự nhận theo câu hỏi",
    "lang_bad": "Ngôn ngữ không hỗ trợ: {lang} (dùng {codes} hoặc auto)",
    "reset": "Đã xoá lịch sử hội thoại.",
}


# The facts lane's sentences (answer/lanes/facts_words.say).
FACTS: dict[str, str] = {
    "count": "Sau sắp xếp, {province} có {total} đơn vị hành chính cấp xã, gồm {parts}{mark}.",
    "nation": (
        "Từ ngày 1/7/2025, cả nước có {provinces} tỉnh, thành phố và {total} đơn vị hành chính "
        "cấp xã, gồm {parts} (trước đó: {old_provinces} tỉnh, thành phố)."
    ),
    "list": "{count} {type} của {province}: {names}{mark}.",
    "list_none": "{province} không có {type} nào{mark}.",
    "unchanged": "Các đơn vị cấp xã {where}không thực hiện sắp xếp (giữ nguyên): {names}{mark}.",
    "unchanged_none": (
        "Ở {province}{where}, không có đơn vị cấp xã nào được giữ nguyên; tất cả đều được sắp "
        "xếp{mark}."
    ),
    "where_district": "thuộc {district} cũ ",
    "in_province": "của {province} ",
    "formed": "{new} ({province}) được hình thành từ các đơn vị cũ: {old}{mark}.",
    "formed_same": "{new} ({province}) giữ nguyên, không sắp xếp với đơn vị khác{mark}.",
    "whole": "toàn bộ",
    "part_of": "một phần",
    "olds_same": "{olds} đều được sắp xếp vào {new} ({province}){mark}.",
    "old_one": "{old} → {new} ({province}){mark}",
    "olds_differ": "Các đơn vị cũ này thuộc những đơn vị mới khác nhau:",
    "merged_into": "{old} đã được hợp nhất với {others} thành {new} (mới){mark}.",
    "merged_from": "{new} được hợp nhất từ các tỉnh, thành phố: {olds}{mark}.",
    "not_merged": "{new} không thực hiện sáp nhập với tỉnh, thành phố khác{mark}.",
    "centre": "Trung tâm chính trị - hành chính của {new} đặt tại {centre}{now}{mark}.",
    "centre_unknown": (
        "Trung tâm chính trị - hành chính được nêu trong Nghị quyết 60-NQ/TW, văn bản này chưa "
        "được nạp nên tôi không nêu được."
    ),
    "unmerged": "Các tỉnh, thành phố không thực hiện sáp nhập: {names}{mark}.",
    "operates": (
        "Chính quyền địa phương ở các đơn vị hành chính cấp xã mới chính thức hoạt động từ "
        "ngày {date}{mark}."
    ),
    "old_continue": (
        "Chính quyền địa phương ở các đơn vị cấp xã trước sắp xếp tiếp tục hoạt động cho đến "
        "khi chính quyền ở đơn vị mới chính thức hoạt động{mark}."
    ),
    "in_force": (
        "Nghị quyết {number} được thông qua ngày {date} và có hiệu lực thi hành từ ngày được "
        "thông qua{mark}."
    ),
    "resolution": (
        "Việc sắp xếp các đơn vị hành chính cấp xã của {province} được quy định tại Nghị quyết "
        "số {number} ngày {date} của Ủy ban Thường vụ Quốc hội{mark}."
    ),
    "basis_not_ingested": (
        "Nguồn: số liệu tính từ dữ liệu đơn vị hành chính (vietnamadminunits) theo Nghị quyết "
        "{numbers}; văn bản nghị quyết chưa được nạp nên không trích dẫn nguyên văn."
    ),
    "plan_not_ingested": (
        "Nguồn: dữ liệu đơn vị hành chính (vietnamadminunits); Nghị quyết 60-NQ/TW chưa được "
        "nạp nên không trích dẫn nguyên văn."
    ),
    "nation_plan": "Số tỉnh, thành phố sau sáp nhập do Nghị quyết {number} quyết định{mark}.",
    "nation_source": (
        "Nguồn: dữ liệu đơn vị hành chính (vietnamadminunits), tính trên 34 nghị quyết sắp xếp "
        "đơn vị hành chính cấp xã năm 2025."
    ),
    "computed_unchanged": "(Tính từ dữ liệu: đơn vị mới chỉ gồm toàn bộ một đơn vị cũ cùng tên.)",
    "clarify_new": "Có {count} đơn vị mới trùng tên. Bạn hỏi đơn vị nào?",
    "centre_now": " hiện nay",  # after the centre's name when it is the present seat
    "former_district": "{d} cũ",
}


# Unit types as (singular, plural).
UNIT_TYPES: dict[str, tuple[str, str]] = {
    "Xã": ("xã", "xã"),
    "Phường": ("phường", "phường"),
    "Đặc khu": ("đặc khu", "đặc khu"),
}


AND = "và"  # "a, b and c"
THOUSANDS = "."  # 3.321 / 3,321


# The address answer's frames (answer/lanes/address.py); whole/part_of: see FACTS.
ADDRESS: dict[str, str] = {
    "now": "{old} nay thuộc {new}.",
    "split": (
        "{old} đã được chia cho {count} đơn vị mới: {new}. Phần nào áp dụng cho bạn tùy vị trí "
        "cụ thể (thôn, tổ, đường phố)."
    ),
    "part": "một phần",
    "basis": "Căn cứ: Nghị quyết số {number} ngày {date} của Ủy ban Thường vụ Quốc hội{where}.",
    "where": ", {locator}",
    "where_article": ", Điều 1",
    "version": "Dữ liệu theo đơn vị hành chính từ ngày 1/7/2025.",
    "version_overlay": (
        "Dữ liệu theo đơn vị hành chính đến ngày {date}, gồm cả các thay đổi sau ngày 1/7/2025."
    ),
    "clarify": (
        "Có {count} đơn vị cũ trùng với địa chỉ này. Bạn muốn hỏi đơn vị nào? Hãy ghi thêm "
        "huyện/quận hoặc tỉnh:"
    ),
    "not_found": (
        'Tôi chưa tìm thấy đơn vị hành chính cũ này. Hãy ghi địa chỉ cũ theo dạng "xã/phường, '
        'huyện/quận, tỉnh", ví dụ: "Phường Chiềng Lề, Thành phố Sơn La, Sơn La".'
    ),
    "formed": "{new} được hình thành từ: {old}.",
    "unchanged": "{new} giữ nguyên, không sắp xếp với đơn vị khác.",
    "source_not_ingested": (
        "Nguồn: dữ liệu đơn vị hành chính (vietnamadminunits) theo Nghị quyết {numbers}; văn "
        "bản nghị quyết chưa được nạp nên không trích dẫn nguyên văn."
    ),
}


MONTHS: tuple[str, ...] = ()  # Vietnamese numbers its months: tháng 7


SHORT_DATE = "{day}/{month}/{year}"  # /about, legal basis, facts
LONG_DATE = "ngày {day} tháng {month} năm {year}"  # dates read from documents


# Folded function words that tell this language apart (document detection). Words
# common in two of the languages are left out.
DETECT_WORDS = words(
    """
    va cua la cac nhung duoc khong cho voi nay trong mot nguoi theo tai ve da se thi nao
    bao nhieu gi sau khi xa phuong tinh huyen thanh pho nghi quyet dieu khoan ngay thang
    nam o dau toi hien moi cu truoc sap xep don vi hanh chinh cap nhap gom co ai nhu the
    sao phai tu ra vao len cung hay hoac ma neu vay day kia roi chu lai van ho tren duoi
    giua cach dan quoc hoi uy ban truong dang
    """
)


# Folded words that mark a very short question ("hej", "und?").
SHORT_SIGNALS = words(
    """
    xin chao cam on giup con thi sao gi ai nao a oi nhe
    """
)


# Folded function words never carrying a question's content (ignored in matching).
STOPWORDS = words(
    """
    la cua co cac nhung nao gi bao nhieu duoc va thi sao nay do o tai trong cho voi ve
    theo mot nhu the khong da se dang ai khi hay hoac ma neu boi vi nen cung con lai
    thanh nhe a oi vay roi day kia ay minh toi ban em anh chi xin hoi cho biet giup hien
    thuoc tu den len xuong ra vao tat ca nhieu it hon nhat rat qua cai chiec viec
    """
)


# Cue phrases by kind: regular expressions over folded text. Each reader joins every
# language's phrases of a kind (haicap.languages.cue_pattern) and sets the word
# boundaries, except where a kind's comment says the phrases carry their own.
CUES: dict[str, tuple[str, ...]] = {
    # The router (answer/router/signals.py): greeting, thanks and help_command are the
    # whole message; the other router kinds carry their own word boundaries.
    "greeting": ("xin chao", "chao", "chao ban", "alo"),
    "thanks": ("cam on", "cam on ban"),
    "help_command": ("huong dan", "tro giup", "giup", "giup toi"),
    "help_question": (r"\bban (co the )?lam (duoc )?gi\b",),
    "attack": (
        r"\b(bo qua|phot lo|quen)\b.{0,40}\b(huong dan|chi dan|chi thi truoc|lenh|yeu cau|"
        r"quy tac)\b",
    ),
    "off_topic_task": (
        # "làm thơ" (write a poem), not "làm lễ động thổ" (hold a groundbreaking ceremony):
        # the same letters once the tones are folded away.
        r"\b(viet|sang tac|lam)\b.{0,20}\b(bai tho|(?<!dong )tho|truyen|bai hat|code|"
        r"chuong trinh)\b",
        r"\b(bai tho|truyen cuoi|cong thuc nau|bai hat)\b",
        r"\bdich sang\b",
    ),
    "off_topic_domain": (
        r"\b(thoi tiet|du bao thoi tiet|nhiet do|bong da|gia vang|chung khoan|phim|ca si)\b",
    ),
    # What a unit-fact question asks (answer/lanes/fact_question.py).
    "fact_count": ("bao nhieu", "may (xa|phuong|dac khu|don vi)", "so luong", "tong so"),
    "fact_list": (
        "ten (la )?gi",
        "la gi",
        r"nhung (xa|phuong|dac khu|don vi)[\w ]{0,25} nao",
        "(xa|phuong|dac khu) nao",
        "ke ten",
        "liet ke",
        "danh sach",
        "do la nhung",
    ),
    "fact_unchanged": (
        "giu nguyen",
        "khong (thuc hien |phai |bi )?(sap xep|sap nhap)",
        "khong phai sap nhap",
        "khong bi (sap xep|sap nhap|nhap)",
    ),
    "fact_composition": (
        "gom (nhung|cac)",
        "hinh thanh tu",
        "(hop|ghep|sap xep|thanh lap|nhap) tu",
        "ghep tu",
        "tu (nhung|cac) (xa|phuong|don vi)",
        "(xa|phuong|don vi) cu nao",
    ),
    "fact_old_units": (
        "thanh (xa|phuong|dac khu) (nao|ten gi|gi)",
        "(gop|nhap|sap xep)( lai)? thanh",
        "ten gi",
        "(gio|nay) thuoc (xa|phuong)",
        "thuoc (xa|phuong) nao",
    ),
    "fact_province": (
        "tinh nao",
        "thanh pho nao",
        "tinh moi ten",
        "tinh gi",
        "nhung tinh",
        "cac tinh",
        "con khong",
        "con la (mot )?tinh",
    ),
    "fact_centre": (
        "trung tam (chinh tri|hanh chinh)",
        "tinh ly",
        "thu phu",
        "dau nao",
        "dat tai dau",
        "dong (tai|tren)",
    ),
    "fact_province_level": ("tinh", "thanh pho"),
    "fact_effective": (
        "tu ngay nao",
        "ngay nao",
        "khi nao",
        "tu bao gio",
        "bao gio",
        "hieu luc",
        "bat dau hoat dong",
        "chinh thuc hoat dong",
    ),
    "fact_resolution": ("nghi quyet nao", "nghi quyet so may", "van ban nao"),
    "fact_old_government": (
        "(xa|chinh quyen|phuong) cu .{0,40}(con|tiep tuc)",
        "tiep tuc hoat dong",
        "con lam viec",
    ),
    # Things the structured data cannot say (found anywhere; own word boundaries).
    "fact_beyond": (
        "phan tram",
        r"\bai\b",
        "chu tich",
        "bi thu",
        "giam doc",
        "dan so",
        "dien tich",
        "tru so",
        "(tien|muc|bang|he so) luong",
        "luong (huu|co so)",
        "bien che",
        "ma buu chinh",
        "dien thoai",
        "tai sao",
        "vi sao",
        "truoc khi (sap xep|sap nhap)",
        "du kien",
        "se (bi )?sap nhap",
        "cong bo",
        "thu tuc",
        "bao hiem",
        "giay to",
        "hoa don",
        "bang lai",
    ),
    "fact_all_units": ("don vi hanh chinh", "don vi cap xa", "tong cong", "tat ca"),
    "fact_nation": ("ca nuoc", "toan quoc", "viet nam"),
    # The nouns of the units the data counts, and each unit type's words.
    "unit_nouns": ("xa", "phuong", "dac khu", "don vi", "thi tran", "tinh", "thanh pho"),
    "type_special_zone": ("dac khu",),
    "type_ward": ("phuong",),
    "type_commune": ("xa",),
    # The router's unit-fact signal (answer/router/signals.py: FACT_CUES; own word
    # boundaries; {units} stands for every language's unit nouns).
    "fact_signal": (
        r"\b(?:bao nhieu|may|so luong|tong so|tong cong)\s+(?:\w+\s+){0,3}?{units}\b",
        r"\bnhung {units}\b.{0,40}\bnao\b",
        r"\bke ten\b",
        r"\bdanh sach\b",
        r"\bgiu nguyen\b",
        r"\bkhong (?:bi |phai |thuc hien )?(?:sap xep|sap nhap)\b",
        r"\btrung tam (?:hanh chinh|chinh tri)",
        r"\btinh ly\b",
        r"\b(?:hoat dong|van hanh|co hieu luc)\s+tu\s+(?:ngay|khi)\s+nao\b",
    ),
    # A unit's office, whose street address a lookup does not give (signals.py: _OFFICE).
    "office": ("tru so", "uy ban", "ubnd", "hdnd", "dang uy"),
    # What a question asks for (answer/question.py: _CUES; each cue carries its own word
    # boundaries; {roles} in a cue stands for every language's office-holder words).
    "question_percent": (
        r"\b(?:phan tram|bao nhieu %|ty le)\b",
        r"\b(?:muc|chi tieu|muc tieu) tang truong\b",
    ),
    "question_period": (
        r"\b(?:giai doan nao|nhiem ky nao|thoi ky nao|giai doan (?:tu )?nam nao)\b",
    ),
    "question_count": (
        r"\b(?:bao nhieu|may (?:xa|phuong|don vi|dac khu|tinh|huyen|thanh pho)|so luong|tong so)\b",
    ),
    "question_person": (
        r"^ai\b",
        r"\bai (?:la|da|duoc|lam|giu|dam nhiem|phat bieu|chu tri|cong bo|ky)\b",
        r"\bla ai\b",
        r"\bnguoi nao\b",
        r"\b(?<!don )vi nao\b",
        r"\bdong chi nao\b",
        r"\bho ten\b",
        r"\b(?:chu tich|bi thu|bo truong|thu truong|giam doc|truong ban)(?: \w+){0,4} nao\b",
    ),
    "question_doc_number": (
        r"\b(?:(?:nghi quyet|ket luan|chi thi|quyet dinh|ke hoach|van ban|de an|thong tu|"
        r"nghi dinh|luat|to trinh)(?: so)? (?:nao|gi|may|bao nhieu)|theo (?:nghi quyet|van ban|"
        r"ke hoach|chi thi|ket luan) nao|so hieu)\b",
    ),
    "question_unit_members": (
        r"\b(?:gom (?:nhung|cac)|bao gom|tu (?:nhung|cac) (?:xa|phuong|don vi) nao)\b",
        r"\b(?:nhung|cac) (?:xa|phuong|don vi|thi tran)\w* (?:cu )?nao\b",
    ),
    "question_unit_target": (
        r"\b(?:thanh (?:xa|phuong|dac khu|don vi)(?: moi)? (?:nao|gi|ten (?:la )?gi)|"
        r"(?:xa|phuong|dac khu) moi (?:ten (?:la )?gi|nao|la gi)|"
        r"(?:vao|thuoc) (?:xa|phuong|dac khu|don vi) (?:moi )?nao|(?:xa|phuong) nao\b)",
    ),
    "question_date": (
        r"\b(?:ngay nao|khi nao|bao gio|thoi diem nao|ngay bao nhieu|ngay may|thang nao|nam nao)\b",
    ),
    # Words that make a facts question about units (answer/lanes/facts.py: _UNIT_WORDS).
    "unit_words": ("xa", "phuong", "dac khu", "don vi", "chinh quyen"),
    # An address question (answer/lanes/address_question.py): "where is it now" cues, "which
    # old units formed it" cues, and cues of other questions that name places.
    "address_forward": (
        r"thuoc (?:xa|phuong|dac khu|tinh|thanh pho|don vi) nao",
        r"(?:xa|phuong|tinh) nao",
        r"gio (?:la|thuoc|o)",
        "bay gio",
        "hien nay",
        "hien gio",
        r"nay (?:la|thuoc)",
        r"sau (?:sap nhap|sap xep)",
        r"dia chi (?:moi|cu)",
        r"(?:xa|phuong|thi tran) .{1,40} cu\b",
        r"thanh (?:xa|phuong|dac khu) nao",
        "sap nhap vao",
        "doi ten thanh",
    ),
    "address_reverse": (
        r"gom (?:nhung|cac) (?:xa|phuong|don vi)(?: cu)?(?: nao)?",
        "hinh thanh tu",
        r"duoc (?:hop|sap xep) tu",
        r"tu (?:nhung|cac) (?:xa|phuong) (?:cu )?nao",
    ),
    "address_not": (
        "bao nhieu",
        "so luong",
        r"dieu \d",
        r"khoan \d",
        "hieu luc",
        "co hieu luc",
        "tham quyen",
        "nhiem vu",
        "trach nhiem",
    ),
    # Text written to steer the assistant (haicap/injection.py; found or not, so their
    # order is free): asking to ignore earlier instructions, addressing the assistant,
    # and a verb asking to print a secret within 60 characters of the secret's name.
    "injection_ignore": (
        r"\bbo\s+qua\s+(?:moi|tat\s+ca|toan\s+bo|cac|nhung)?\s*"
        r"(?:huong\s+dan|chi\s+dan|chi\s+thi|quy\s+tac|yeu\s+cau|lenh)\s+"
        r"(?:truoc\s+do|truoc|o\s+tren|he\s+thong)",
    ),
    "injection_addressee": (
        r"\b(?:luu\s+y|chi\s+dan|huong\s+dan)\s+cho\s+(?:tro\s+ly|chatbot|bot|mo\s+hinh)\b",
    ),
    "secret_verb": (r"in\s+ra",),
    "secret_object": (r"bien\s+moi\s+truong", r"khoa\s+bi\s+mat"),
}


# The reform's vocabulary: glossary concept id -> this language's folded forms (single
# words or phrases). answer/vocab/glossary.py joins every language's forms of a concept
# (in registry order) so a question in one language finds passages in another.
GLOSSARY: dict[str, tuple[str, ...]] = {
    "commune_level_unit": ("don vi hanh chinh cap xa",),
    "commune_level": ("cap xa",),
    "province_level": ("cap tinh",),
    "district_level": ("cap huyen",),
    "administrative_unit": ("don vi hanh chinh",),
    "commune": ("xa",),
    "ward": ("phuong",),
    "special_zone": ("dac khu",),
    "town": ("thi tran",),
    "district": ("huyen", "quan"),
    "province": ("tinh",),
    "city": ("thanh pho",),
    "village": ("thon",),
    "arrangement": ("sap xep",),
    "merge": ("sap nhap", "hop nhat"),
    "form": ("hinh thanh", "thanh lap"),
    "dissolve": ("giai the",),
    "not_arranged": ("khong thuc hien sap xep",),
    "rename": ("doi ten",),
    "name": ("ten goi", "ten"),
    "old": ("cu",),
    "new": ("moi",),
    "after": ("sau",),
    "before": ("truoc",),
    "two_level": ("hai cap", "2 cap"),
    "local_government": ("chinh quyen dia phuong",),
    "apparatus": ("bo may",),
    "political_system": ("he thong chinh tri",),
    "streamline": ("tinh gon",),
    "implement": ("trien khai", "thuc hien"),
    "adopt": ("thong qua",),
    "sign": ("ky", "ky ten", "tm", "thay mat"),
    "issue": ("ban hanh",),
    "announce": ("cong bo",),
    "ceremony": ("buoi le", "le cong bo"),
    "attend": ("tham du",),
    "effective": ("hieu luc",),
    "operate": ("hoat dong",),
    "resolution": ("nghi quyet",),
    "directive": ("chi thi",),
    "conclusion": ("ket luan",),
    "plan": ("ke hoach",),
    "decision": ("quyet dinh",),
    "document": ("van ban",),
    "report": ("bao cao",),
    "submission": ("to trinh",),
    "regulation": ("quy dinh",),
    "article": ("dieu",),
    "clause": ("khoan",),
    "politburo": ("bo chinh tri",),
    "secretariat": ("ban bi thu",),
    "central_committee": ("ban chap hanh trung uong", "trung uong"),
    "central": ("trung uong",),
    "steering_committee": ("ban chi dao",),
    "national_assembly": ("quoc hoi",),
    "standing_committee": ("uy ban thuong vu", "ban thuong vu", "thuong vu"),
    "peoples_committee": ("uy ban nhan dan", "ubnd"),
    "peoples_council": ("hoi dong nhan dan", "hdnd"),
    "party_committee": ("tinh uy", "dang uy", "dang bo"),
    "party": ("dang",),
    "congress": ("dai hoi",),
    "government": ("chinh phu",),
    "inspection": ("kiem tra", "thanh tra"),
    "commission": ("uy ban",),
    "fatherland_front": ("mat tran to quoc",),
    "chairman": ("chu tich",),
    "vice": ("pho",),
    "permanent": ("thuong truc",),
    "head": ("truong",),
    "minister": ("bo truong",),
    "health": ("y te",),
    "propaganda": ("tuyen giao",),
    "delegation": ("doan",),
    "comrade": ("dong chi",),
    "leader": ("lanh dao",),
    "digital": ("chuyen doi so", "so hoa"),
    "transformation": ("chuyen doi",),
    "education": ("giao duc", "hoc vu", "binh dan hoc vu"),
    "movement": ("phong trao",),
    "period": ("giai doan",),
    "term": ("nhiem ky",),
    "election": ("bau cu",),
    "deputies": ("dai bieu",),
    "task": ("nhiem vu",),
    "unfinished": ("ton dong", "chua hoan thanh"),
    "growth": ("tang truong",),
    "investment": ("dau tu",),
    "expressway": ("cao toc",),
    "newspaper": ("to bao", "bao chi"),
    "personnel": ("nhan su", "can bo"),
    "population": ("dan so",),
    "area": ("dien tich",),
    "reduction": ("giam",),
    "percent": ("phan tram",),
    "people": ("nhan dan", "nguoi dan"),
    "working_session": ("lam viec", "buoi lam viec"),
    "difficulty": ("kho khan", "vuong mac"),
    "recommend": ("kien nghi", "de xuat"),
    "conference": ("hoi nghi",),
    "date": ("ngay",),
    "year": ("nam",),
}


CHARS_PER_TOKEN = 3.2  # text length per embedding token, for chunk sizes


# Letters and tone marks de/sv/en never use (ơ, đ, hook, dot below…). Acute alone is too
# weak (café, é in Swedish names); grave, tilde, hook and dot below are not.
_LETTERS = frozenset("ăâđêôơưĂÂĐÊÔƠƯ")
_TONES = frozenset({"\u0300", "\u0303", "\u0309", "\u0323"})


def has_marks(word: str) -> bool:
    """True when a word carries a mark only Vietnamese uses."""
    if any(ch in _LETTERS for ch in word):
        return True
    decomposed = unicodedata.normalize("NFD", word)
    return any(unicodedata.combining(ch) and ch in _TONES for ch in decomposed)


def detect_cues(word: str) -> Iterator[float]:
    """A capitalised marked word is often a place name quoted inside another language."""
    if has_marks(word):
        yield 0.3 if word[0].isupper() else 1.0


# A document's type named before its number ("Nghị quyết số 60", answer/extract.py reads
# it when the number itself carries no type code); as written, matched ignoring case.
DOC_TYPE_WORDS: dict[str, tuple[str, ...]] = {
    "NQ": ("nghị quyết",),
    "CT": ("chỉ thị",),
    "KL": ("kết luận",),
    "KH": ("kế hoạch",),
    "QD": ("quyết định",),
    "DA": ("đề án",),
    "TTR": ("tờ trình",),
}
NUMBER_WORDS: tuple[str, ...] = ("số",)


# An address question's frame words, as typed (matched ignoring case on the unfolded
# question): dropped before the place name is looked up, so "which ward" does not make
# "ward" part of the name (answer/lanes/address_question.py: strip_frame).
FRAME_WORDS: tuple[str, ...] = ()  # Vietnamese frame words occur in place names, so none is dropped


LANGUAGE = Language.from_tables(globals())
