"""German (de): every word haicap says, and the cue words it reads, in German.

Why one file per language: adding a language is one new file like this one plus its name
in haicap/languages/__init__.py; tests/test_languages.py checks every file has every key
with the same {placeholders}. Place names stay Vietnamese in every language.
"""

from __future__ import annotations

from collections.abc import Iterator

from haicap.languages.base import Language, words

CODE = "de"
NAME = "Deutsch"  # in the /lang keyboard


# How a reply in this language names each language (flag next to a foreign quote).
NAMES: dict[str, str] = {
    "vi": "Vietnamesisch",
    "en": "Englisch",
    "de": "Deutsch",
    "sv": "Schwedisch",
}


# The Telegram bot's strings (bot/i18n.t); HTML, values escaped by the caller.
BOT: dict[str, str] = {
    "start": (
        "Hallo {name}! Ich bin <b>haicap</b>, ein Assistent zur zweistufigen Kommunalreform in "
        "Vietnam (seit 1. Juli 2025: keine Bezirksebene mehr, 34 Provinzen, 3.321 Gemeinden).\n"
        "\n"
        "• Schicken Sie eine alte Adresse (mit oder ohne diakritische Zeichen), und ich nenne "
        "die neue Gemeinde.\n"
        "• Fragen Sie nach Resolutionen, Schlussfolgerungen und Richtlinien: Antworten mit "
        "Quellenangabe (Dokumentnummer, Artikel, Absatz, Zitat).\n"
        "\n"
        "Probieren Sie eine Frage:"
    ),
    "help": (
        "<b>Bedienung</b>\n"
        "• Schreiben Sie eine Frage oder eine alte Adresse, z. B. <i>Phường 1, Quận 3, "
        "TP.HCM</i>.\n"
        "• /where &lt;Adresse&gt; — alte Adresse → neue Verwaltungseinheit.\n"
        "• /lang — Sprache wechseln ({codes}).\n"
        "• /about — Daten, Quellen, Lizenzen.\n"
        "• /forget — Ihre gespeicherten Nachrichten und Bewertungen löschen.\n"
        "• In anderen Chats: <code>@{bot} Phường 1 Quận 3</code> eingeben.\n"
        "Die Taste 📄 zeigt die Zitate; 👍/👎 helfen, die Antworten zu verbessern."
    ),
    "about": (
        "<b>haicap</b> — Datenstand {date}.\n"
        "<b>Quellen:</b> Resolutionen des Ständigen Ausschusses der Nationalversammlung zur "
        "Neuordnung der Gemeinden, Dokumente des Zentralkomitees, offizielle Nachrichten.\n"
        "<b>Lizenzen:</b> das Modell EmbeddingGemma unter den Gemma Terms of Use; "
        "vietnamadminunits (MIT); die Rechtstexte sind öffentliche Dokumente.\n"
        "Die Antworten dienen nur zur Information; prüfen Sie die zitierten Originaltexte."
    ),
    "lang_prompt": "Sprache wählen:",
    "lang_set": "Auf Deutsch umgestellt.",
    "lang_unknown": "Diese Sprache wird nicht unterstützt. Wählen Sie: {codes}.",
    "sources_button": "📄 Quellen",
    "hide_sources_button": "🔼 Quellen ausblenden",
    "sources_heading": "Quellen",
    "vote_thanks": "Danke für Ihre Bewertung!",
    "answer_expired": "Diese Antwort ist nicht mehr gespeichert.",
    "empty": "Ihre Nachricht ist leer. Bitte schreiben Sie eine Frage oder eine alte Adresse.",
    "too_long": (
        "Ihre Nachricht ist zu lang ({length} Zeichen). Bitte fragen Sie kürzer (höchstens "
        "{limit} Zeichen)."
    ),
    "rate_limited": (
        "Sie schreiben etwas zu schnell. Bitte versuchen Sie es in etwa {seconds} s erneut."
    ),
    "error": (
        "Entschuldigung, bei Ihrer Anfrage ist ein Fehler aufgetreten. Bitte versuchen Sie es "
        "erneut."
    ),
    "knowledge_loading": (
        "Hinweis: Die Dokumente (Beschlüsse, Nachrichten) werden noch zum ersten Mal geladen; "
        "die Antwort kann unvollständig sein. Bitte fragen Sie in einigen Minuten erneut."
    ),
    "unavailable": (
        "Entschuldigung, die Dokumentsuche ist vorübergehend nicht verfügbar. Adressabfragen "
        "funktionieren weiterhin (z. B. /where Phường 1, Quận 3, TP.HCM). Bitte versuchen Sie "
        "es später erneut."
    ),
    "where_usage": "Verwendung: /where &lt;alte Adresse&gt;, z. B. /where Phường 1, Quận 3, TP.HCM",
    "where_not_found": (
        "Diese Adresse habe ich nicht erkannt. Bitte nennen Sie alte Gemeinde, Bezirk und "
        "Provinz, z. B. Phường 1, Quận 3, TP.HCM."
    ),
    "location": (
        "Ich kann keinen Ort aus Koordinaten bestimmen (kein Kartendienst). Bitte schicken Sie "
        "die alte Adresse als Text, z. B. Xã Tân Phú, Huyện Đồng Phú, Bình Phước."
    ),
    "unsupported": (
        "Ich kann nur Textnachrichten lesen. Bitte schreiben Sie eine Frage oder eine alte Adresse."
    ),
    "admin_only": "Entschuldigung, dieser Befehl ist nur für Administratoren.",
    "forget_done": "{messages} gespeicherte Nachrichten und {votes} Bewertungen gelöscht.",
    "reindex_done": "Index neu geladen: {chunks} Abschnitte.",
    "reindex_failed": "Neuladen des Index fehlgeschlagen: {error}",
    "inline_not_address": "Adresse nicht erkannt",
    "inline_usage": "Alte Adresse eingeben, z. B. Phường 1 Quận 3",
    "status_clarify": "❓ Meinten Sie:",
    "stats": "Statistik",
}


# The bot's command menu (bot/app.py).
BOT_COMMANDS: dict[str, str] = {
    "start": "Start, Beispielfragen",
    "where": "Alte Adresse → neue Einheit",
    "lang": "Sprache wechseln",
    "help": "Bedienung",
    "about": "Daten, Quellen, Lizenzen",
    "forget": "Meine Daten löschen",
}


# Three tappable examples: an address, a resolution, a directive.
BOT_EXAMPLES = (
    "Zu welcher Gemeinde gehört Phường 1, Quận 3, Ho-Chi-Minh-Stadt jetzt?",
    "Was regelt die Resolution 1681/NQ-UBTVQH15?",
    "Was regelt die Richtlinie 45-CT/TW des Politbüros?",
)


# The answer pipeline's own sentences (answer/steps/messages.message).
MESSAGES: dict[str, str] = {
    "answer_label": "Antwort",
    "sources_label": "Zitierte Quellen",
    "quote_intro": "Die Quelle sagt",
    "empty": (
        "Die Frage ist leer. Fragen Sie zur Verwaltungsreform 2025, z. B. „Wie viele Gemeinden "
        "hat Ca Mau nach der Neuordnung?“"
    ),
    "truncated": "(Die Frage war zu lang; nur die ersten {limit} Zeichen wurden gelesen.)",
    "out_of_scope": (
        "Entschuldigung, ich beantworte nur Fragen zur Neuordnung der Verwaltungseinheiten "
        "Vietnams 2025 und zur zweistufigen lokalen Verwaltung (Resolutionen, neue Einheiten, "
        "neue Adressen) auf Grundlage der geladenen Dokumente."
    ),
    "not_found": "Keine Passage der geladenen Dokumente beantwortet diese Frage.",
    "closest_says": "Die nächstliegende Passage sagt {markers} (sie beantwortet die Frage nicht).",
    "mention_only": (
        "Die geladenen Dokumente enthalten den Text von {docs} nicht; sie erwähnen ihn nur "
        "{markers}."
    ),
    "not_found_searched": "Gesucht wurde nach: {terms}.",
    "not_found_missing": "Kein Dokument erwähnt: {terms}.",
    "not_found_closest": "Geprüfte nächstliegende Dokumente: {docs}.",
    "store_empty": "Der Dokumentenspeicher ist leer: zuerst `haicap ingest <Ordner>` ausführen.",
    "model_missing": (
        "Das Embedding-Modell ist nicht installiert: `haicap models fetch` ausführen. "
        "(Adressfragen funktionieren trotzdem.)"
    ),
    "store_unavailable": "Der Dokumentenspeicher lässt sich nicht öffnen: {error}",
    "greeting": (
        "Hallo! Ich beantworte Fragen zur vietnamesischen Verwaltungsneuordnung 2025 (z. B. "
        "„Wie viele Gemeinden hat Ca Mau?“) und finde neue Adressen, mit zitierten Quellen."
    ),
    "help": (
        "Stellen Sie eine Frage zur Neuordnung 2025: Zahl der Gemeinden/Bezirke einer Provinz, "
        "welche alten Einheiten eine neue bilden, welche Resolution gilt, Daten… oder senden "
        "Sie eine alte Adresse. Jede Antwort zitiert ihre Quellen [1], [2]."
    ),
}


# The terminal chat's lines (haicap chat).
CHAT: dict[str, str] = {
    "banner": (
        "haicap chat — Fragen zur Verwaltungsneuordnung 2025. /lang xx wählt die Sprache, "
        "/reset löscht den Verlauf, /quit beendet."
    ),
    "lang_set": "Antwortsprache: {lang}",
    "lang_auto": "Antwortsprache: aus jeder Frage erkannt",
    "lang_bad": "Nicht unterstützte Sprache: {lang} ({codes} oder auto)",
    "reset": "Gesprächsverlauf gelöscht.",
}


# The facts lane's sentences (answer/lanes/facts_words.say).
FACTS: dict[str, str] = {
    "count": (
        "Nach der Neuordnung hat {province} {total} Einheiten auf Gemeindeebene: {parts}{mark}."
    ),
    "nation": (
        "Seit dem 1. Juli 2025 hat Vietnam {provinces} Provinzen und Städte und {total} "
        "Einheiten auf Gemeindeebene: {parts} (vorher: {old_provinces} Provinzen und Städte)."
    ),
    "list": "Die {count} {type} von {province}: {names}{mark}.",
    "list_none": "{province} hat keine {type}{mark}.",
    "unchanged": "Einheiten auf Gemeindeebene {where}ohne Neuordnung (unverändert): {names}{mark}.",
    "unchanged_none": (
        "In {province}{where} blieb keine Einheit auf Gemeindeebene unverändert; alle wurden "
        "neu geordnet{mark}."
    ),
    "where_district": "im früheren {district} ",
    "in_province": "von {province} ",
    "formed": "{new} ({province}) wurde gebildet aus den früheren Einheiten {old}{mark}.",
    "formed_same": (
        "{new} ({province}) blieb unverändert und wurde mit keiner anderen Einheit "
        "zusammengelegt{mark}."
    ),
    "whole": "ganz",
    "part_of": "Teil von",
    "olds_same": "{olds} gehören alle jetzt zu {new} ({province}){mark}.",
    "old_one": "{old} → {new} ({province}){mark}",
    "olds_differ": "Diese früheren Einheiten gingen in verschiedene neue Einheiten ein:",
    "merged_into": "{old} wurde mit {others} zur neuen {new} zusammengelegt{mark}.",
    "merged_from": "{new} entstand durch die Zusammenlegung der Provinzen/Städte {olds}{mark}.",
    "not_merged": "{new} wurde mit keiner anderen Provinz oder Stadt zusammengelegt{mark}.",
    "centre": (
        "Das politisch-administrative Zentrum von {new} liegt im heutigen {centre}{now}{mark}."
    ),
    "centre_unknown": (
        "Das politisch-administrative Zentrum steht in der Resolution 60-NQ/TW, die nicht "
        "eingelesen ist; ich kann es daher nicht angeben."
    ),
    "unmerged": "Nicht zusammengelegte Provinzen und Städte: {names}{mark}.",
    "operates": (
        "Die Lokalverwaltungen der neuen Einheiten auf Gemeindeebene arbeiten offiziell seit "
        "dem {date}{mark}."
    ),
    "old_continue": (
        "Die Lokalverwaltungen der früheren Gemeinden arbeiten weiter, bis die der neuen "
        "Einheiten offiziell beginnen{mark}."
    ),
    "in_force": (
        "Die Resolution {number} wurde am {date} angenommen und trat mit der Annahme in "
        "Kraft{mark}."
    ),
    "resolution": (
        "Die Neuordnung der Gemeindeebene von {province} regelt die Resolution Nr. {number} "
        "des Ständigen Ausschusses der Nationalversammlung vom {date}{mark}."
    ),
    "basis_not_ingested": (
        "Quelle: berechnet aus den Verwaltungsdaten (vietnamadminunits) gemäß Resolution "
        "{numbers}; ihr Text ist nicht eingelesen, daher kein Zitat."
    ),
    "plan_not_ingested": (
        "Quelle: Verwaltungsdaten (vietnamadminunits); die Resolution 60-NQ/TW ist nicht "
        "eingelesen, daher kein Zitat."
    ),
    "nation_plan": (
        "Die Zahl der Provinzen und Städte nach der Fusion legte die Resolution {number} "
        "fest{mark}."
    ),
    "nation_source": (
        "Quelle: Verwaltungsdaten (vietnamadminunits) über die 34 Resolutionen von 2025 zur "
        "Gemeindeebene."
    ),
    "computed_unchanged": (
        "(Aus den Daten berechnet: eine neue Einheit aus genau einer ganzen früheren Einheit "
        "gleichen Namens.)"
    ),
    "clarify_new": "{count} neue Einheiten tragen diesen Namen. Welche meinen Sie?",
    "centre_now": "",  # after the centre's name when it is the present seat
    "former_district": "früheres {d}",
}


# Unit types as (singular, plural).
UNIT_TYPES: dict[str, tuple[str, str]] = {
    "Xã": ("Gemeinde", "Gemeinden"),
    "Phường": ("Stadtbezirk", "Stadtbezirke"),
    "Đặc khu": ("Sonderzone", "Sonderzonen"),
}


AND = "und"  # "a, b and c"
THOUSANDS = "."  # 3.321 / 3,321


# The address answer's frames (answer/lanes/address.py); whole/part_of: see FACTS.
ADDRESS: dict[str, str] = {
    "now": "{old} gehört jetzt zu {new}.",
    "split": (
        "{old} wurde auf {count} neue Einheiten aufgeteilt: {new}. Welche für Sie gilt, hängt "
        "von der genauen Lage ab (Dorf oder Straße)."
    ),
    "part": "Teil",
    "basis": (
        "Rechtsgrundlage: Resolution Nr. {number} des Ständigen Ausschusses der "
        "Nationalversammlung vom {date}{where}."
    ),
    "where": ", Artikel 1, Absatz {n}",
    "where_article": ", Artikel 1",
    "version": "Datenstand: 1. Juli 2025, Inkrafttreten der neuen Einheiten.",
    "version_overlay": "Datenstand: {date}, einschließlich Änderungen nach dem 1. Juli 2025.",
    "clarify": (
        "{count} frühere Einheiten passen zu dieser Adresse. Welche meinen Sie? Bitte Bezirk "
        "oder Provinz ergänzen:"
    ),
    "not_found": (
        "Ich habe diese frühere Gemeinde nicht gefunden. Bitte die alte Adresse als "
        '"Gemeinde/Bezirk, Kreis, Provinz" angeben, z. B. "Phường Chiềng Lề, Thành phố Sơn '
        'La, Sơn La".'
    ),
    "formed": "{new} wurde gebildet aus: {old}.",
    "unchanged": "{new} blieb unverändert (nicht zusammengelegt).",
    "source_not_ingested": (
        "Quelle: Verwaltungsdaten (vietnamadminunits) gemäß Resolution {numbers}; ihr Text ist "
        "nicht eingelesen, daher kein Zitat."
    ),
}


MONTHS = (
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
)


SHORT_DATE = "{day}. {month_name} {year}"  # /about, legal basis, facts
LONG_DATE = "{day}. {month_name} {year}"  # dates read from documents


# Folded function words that tell this language apart (document detection). Words
# common in two of the languages are left out.
DETECT_WORDS = words(
    """
    der die das und ist nicht ein eine einen einem eines des dem zu mit von im auf fur
    welche welcher welches wie was wer wo sich bei nach auch es wird werden sind hat
    haben oder als aus uber zum zur vom ich sie wir wurde wurden gemeinde gemeinden
    provinz bezirk neue neuen alte viele wieviele
    """
)


# Folded words that mark a very short question ("hej", "und?").
SHORT_SIGNALS = words(
    """
    hallo danke hilfe und ignoriere bitte was wie wer welche wann schreibe gedicht guten
    tag moin servus
    """
)


# Folded function words never carrying a question's content (ignored in matching).
STOPWORDS = words(
    """
    der die das den dem des ein eine einer einen einem eines und oder aber nicht kein
    keine ist sind war waren wird werden wurde wurden hat haben hatte welche welcher
    welches welchen welchem wie viele viel wer wen wem wessen wann wo warum was mit von
    vom zu zum zur im in an am auf aus bei nach fur uber unter vor seit bis durch es er
    sie wir ihr ich du man sich auch nur noch schon sehr gibt geben bitte mir dieser
    diese dieses als so um betrifft alle allen aller
    """
)


# Cue phrases by kind: regular expressions over folded text. Each reader joins every
# language's phrases of a kind (haicap.languages.cue_pattern) and sets the word
# boundaries, except where a kind's comment says the phrases carry their own.
CUES: dict[str, tuple[str, ...]] = {
    # The router (answer/router/signals.py): greeting, thanks and help_command are the
    # whole message; the other router kinds carry their own word boundaries.
    "greeting": ("hallo", "guten (morgen|tag|abend)", "moin", "servus"),
    "thanks": ("danke", "danke schon", "vielen dank"),
    "help_command": ("hilfe",),
    "help_question": (r"\bwas kannst du\b",),
    "attack": (
        r"\bignorier\w*\b",
        r"\bvergiss\w*\b.{0,40}\b(anweisung\w*|regeln|vorgaben)\b",
    ),
    "off_topic_task": (
        r"\b(gedicht|witz|rezept|liedtext|schreib\w*)\b",
        r"\bubersetze\w*\b",
    ),
    "off_topic_domain": (
        r"\b(wetter\w*|temperatur|fussball|bundesliga|aktienkurs|kinofilm|film|katzen|"
        r"hunde)\b",
    ),
    # What a unit-fact question asks (answer/lanes/fact_question.py).
    "fact_count": ("wie ?viele", "anzahl"),
    "fact_list": (
        "welche (gemeinden|stadtbezirke|bezirke|sonderzonen)",
        "wie hei(ss|ß)en",
        "namen",
    ),
    "fact_unchanged": (
        "unverandert",
        "nicht (zusammengelegt|neu geordnet|umgeordnet|fusioniert)",
    ),
    "fact_composition": ("aus welchen", "gebildet", "zusammengesetzt"),
    "fact_old_units": (
        "wurden zu",
        "gehoren jetzt",
        "zu welche[rm] (gemeinde|bezirk)",
        "zusammengelegt",
    ),
    "fact_province": (
        r"welche[rn]? provinz\w*",
        "mit welcher",
        "welche[rn]? stadt",
        "noch eine provinz",
        "gibt es .{0,20}noch",
    ),
    "fact_centre": ("verwaltungszentrum", "hauptstadt", "verwaltungssitz"),
    "fact_province_level": (r"provinz\w*", "stadt"),
    "fact_effective": ("ab wann", "seit wann", r"wann\b", "in kraft"),
    "fact_resolution": ("welche[rs]? (beschluss|resolution)",),
    "fact_old_government": ("weiter",),
    # Things the structured data cannot say (found anywhere; own word boundaries).
    "fact_beyond": (
        "prozent",
        r"\bwer\b",
        "bevolkerung",
        "flache",
        r"\bsitz\b",
        "gehalt",
        "postleitzahl",
        "telefon",
        "warum",
        "vor der",
        "erneut",
        "veroffentlicht",
    ),
    "fact_all_units": ("einheiten", "insgesamt"),
    "fact_nation": ("landesweit", "ganz vietnam"),
    # The nouns of the units the data counts, and each unit type's words.
    "unit_nouns": (
        r"gemeinde\w*",
        r"stadtbezirk\w*",
        r"stadtteil\w*",
        r"bezirk\w*",
        r"sonder\w*",
        r"\w*einheit\w*",
        r"provinz\w*",
        "stadte?",
    ),
    "type_special_zone": (r"sonder\w*zonen?",),
    "type_ward": (r"stadtbezirk\w*", r"stadtteil\w*"),
    "type_commune": ("gemeinden?", r"landgemeinde\w*"),
    # The router's unit-fact signal (answer/router/signals.py: FACT_CUES; own word
    # boundaries; {units} stands for every language's unit nouns).
    "fact_signal": (
        r"\bwie viele\s+(?:\w+\s+){0,3}?{units}\b",
        r"\b(?:welche|nenne)\s+(?:\w+\s+){0,2}?{units}\b",
        r"\b(?:unverandert|nicht zusammengelegt)\b",
        r"\bverwaltungszentrum\b",
        r"\bab wann\b",
    ),
    # A unit's office, whose street address a lookup does not give (signals.py: _OFFICE).
    "office": ("sitz", "amt", r"verwaltung\w*", r"komitee\w*"),
    # What a question asks for (answer/question.py: _CUES; each cue carries its own word
    # boundaries; {roles} in a cue stands for every language's office-holder words).
    "question_percent": (r"\b(?:prozent(?:satz)?|wachstumsziel|\w*quote)\b",),
    "question_period": (
        r"\b(?:welche[nrms]? (?:zeitraum|periode|amtszeit|jahre)|fur welchen zeitraum)\b",
    ),
    "question_count": (r"\b(?:wie viele?|anzahl)\b",),
    "question_person": (
        r"\bwer\b",
        r"\bwem\b",
        r"\bwessen\b",
        r"\bwelche[rnms]? (?:\w+ ){0,2}{roles}\b",
    ),
    # "Welcher Vorsitzende …": an office names a person.
    "person_role": ("ministerin", "leiter", r"vorsitzende\w*", r"sekretar\w*"),
    "question_doc_number": (
        r"\bwelche[rsnm]? (?:\w+ ){0,3}(?:richtlinie|resolution|beschluss|plan|plans|"
        r"schlussfolgerung|entscheidung|dokument|direktive)\b",
    ),
    "question_unit_members": (
        r"\b(?:(?:welche|aus welchen) (?:alten |ehemaligen |fruheren )?(?:gemeinden|bezirke|"
        r"einheiten|stadtbezirke)|besteht)\b",
    ),
    "question_unit_target": (
        r"\b(?:(?:welche[rnms]?|zu welcher|in welche) (?:neuen? )?(?:gemeinde|stadtbezirk|"
        r"bezirk)\b|neuer? name)",
    ),
    "question_date": (
        r"\b(?:wann|an welchem (?:tag|datum)|welche[sm]? datum|seit wann)\b",
        r"^wann\b",
    ),
    # Words that make a facts question about units (answer/lanes/facts.py: _UNIT_WORDS).
    "unit_words": (r"gemeinde\w*", r"einheit\w*", r"stadtbezirk\w*"),
    # An address question (answer/lanes/address_question.py): "where is it now" cues, "which
    # old units formed it" cues, and cues of other questions that name places.
    "address_forward": (
        "wo bin ich",
        r"welche[rs]? (?:gemeinde|bezirk|provinz)",
        r"\bjetzt\b",
        "neue adresse",
        r"gehort .{0,30}heute",
    ),
    "address_reverse": ("gebildet aus", "bestand aus", "aus welchen"),
    "address_not": ("wie viele",),
    # Text written to steer the assistant (haicap/injection.py; found or not, so their
    # order is free): asking to ignore earlier instructions, addressing the assistant,
    # and a verb asking to print a secret within 60 characters of the secret's name.
    "injection_ignore": (
        r"\bignorier(?:e|en|t)?\s+(?:alle\s+|die\s+|deine\s+|ihre\s+)*"
        r"(?:vorherigen|bisherigen|vorigen|obigen)\s+(?:anweisungen|regeln|instruktionen)",
    ),
    "secret_verb": ("gib",),
}


# The reform's vocabulary: glossary concept id -> this language's folded forms (single
# words or phrases). answer/vocab/glossary.py joins every language's forms of a concept
# (in registry order) so a question in one language finds passages in another.
GLOSSARY: dict[str, tuple[str, ...]] = {
    "commune_level_unit": (
        "verwaltungseinheiten auf gemeindeebene",
        "verwaltungseinheit auf gemeindeebene",
    ),
    "commune_level": ("gemeindeebene", "basisebene"),
    "province_level": ("provinzebene",),
    "district_level": ("bezirksebene",),
    "administrative_unit": ("verwaltungseinheit", "verwaltungseinheiten"),
    "commune": ("gemeinde", "gemeinden"),
    "ward": ("stadtbezirk", "stadtteil", "bezirk", "bezirke"),
    "special_zone": ("sonderzone", "sonderverwaltungszone"),
    "town": ("kleinstadt",),
    "district": ("kreis", "landkreis"),
    "province": ("provinz",),
    "city": ("stadt",),
    "village": ("dorf",),
    "arrangement": ("anordnung", "neuordnung", "umstrukturierung", "gestaltung"),
    "merge": ("fusion", "fusionieren", "zusammenlegung"),
    "form": ("gebildet", "gegrundet", "grundung"),
    "dissolve": ("auflosung", "aufgelost"),
    "not_arranged": ("nicht umgestellt",),
    "rename": ("umbenennung", "umbenannt"),
    "name": ("namen", "heisst"),
    "old": ("alt", "alte", "alten", "ehemalige"),
    "new": ("neu", "neue", "neuen"),
    "after": ("nach",),
    "before": ("vor",),
    "two_level": ("zweistufig", "zweistufigen"),
    "local_government": ("lokale regierung", "lokalen regierung"),
    "apparatus": ("apparat", "apparats"),
    "political_system": ("politischen systems", "politische system"),
    "streamline": ("straffung", "rationalisierung"),
    "implement": ("umsetzung", "umsetzen", "umzusetzen", "einfuhrung"),
    "adopt": ("verabschiedet", "angenommen", "beschlossen"),
    "sign": ("unterzeichnet", "unterschrieben"),
    "issue": ("erlassen", "herausgegeben", "herausgeben"),
    "announce": ("bekanntgabe", "bekannt geben", "verkundet"),
    "ceremony": ("zeremonie", "feier"),
    "attend": ("teilgenommen", "teilnahme"),
    "effective": ("inkrafttreten", "in kraft"),
    "operate": ("betrieb", "tatigkeit"),
    "resolution": ("resolutionen", "beschluss"),
    "directive": ("richtlinie", "direktive"),
    "conclusion": ("schlussfolgerung",),
    "plan": ("planen",),
    "decision": ("entscheidung",),
    "document": ("dokument", "dokumente"),
    "report": ("bericht", "berichts"),
    "submission": ("vorlage",),
    "regulation": ("vorschrift", "vorschriften"),
    "article": ("artikel",),
    "clause": ("absatz",),
    "politburo": ("politbureau", "politburos"),
    "secretariat": ("sekretariat", "sekretariats"),
    "central_committee": ("zentralkomitee", "zentralkomitees", "zentralen exekutivkomitees"),
    "central": ("zentral", "zentrale", "zentralen"),
    "steering_committee": ("lenkungsausschuss", "lenkungsausschusses"),
    "national_assembly": ("nationalversammlung",),
    "standing_committee": ("standiger ausschuss", "standige ausschuss", "standigen ausschuss"),
    "peoples_committee": ("volkskomitee", "volkskomitees"),
    "peoples_council": ("volksrat", "volksrate", "volksrat"),
    "party_committee": (
        "parteikomitee",
        "parteikomitees",
        "provinzparteikomitee",
        "provinzparteikomitees",
    ),
    "party": ("partei",),
    "congress": ("parteitag", "parteitage", "parteitagen"),
    "government": ("regierung", "zentralregierung"),
    "inspection": ("inspektion", "inspektions", "inspektionskommission"),
    "commission": ("kommission", "ausschuss", "komitee"),
    "fatherland_front": ("vaterlandische front",),
    "chairman": ("vorsitzender", "vorsitzende", "prasident"),
    "vice": ("stellvertretender", "stellvertretende", "vize"),
    "permanent": ("standiger", "standige"),
    "head": ("leiter", "chef", "chefin"),
    "minister": ("ministerin",),
    "health": ("gesundheit",),
    "propaganda": ("propaganda und bildung",),
    "comrade": ("genosse", "genossin"),
    "leader": ("fuhrung", "provinzfuhrer"),
    "digital": ("digitale", "digitalen"),
    "education": ("bildung",),
    "movement": ("bewegung", "kampagne"),
    "period": ("zeitraum", "periode"),
    "term": ("amtszeit",),
    "election": ("wahl", "wahlen"),
    "deputies": ("abgeordneten",),
    "task": ("aufgabe", "aufgaben"),
    "unfinished": ("unerledigt", "unerledigten"),
    "growth": ("wachstum", "wachstumsziele"),
    "investment": ("investition", "investitionen"),
    "expressway": ("schnellstrasse",),
    "newspaper": ("zeitung",),
    "personnel": ("personal", "kader"),
    "population": ("bevolkerung", "einwohner"),
    "area": ("flache",),
    "reduction": ("reduzierung",),
    "percent": ("prozent",),
    "people": ("volk", "volkes"),
    "working_session": ("arbeitssitzung",),
    "difficulty": ("schwierigkeiten", "hindernisse"),
    "recommend": ("empfiehlt", "vorschlagen"),
    "conference": ("konferenz",),
    "date": ("datum", "tag"),
    "year": ("jahr",),
}


CHARS_PER_TOKEN = 3.8  # text length per embedding token, for chunk sizes


def detect_cues(word: str) -> Iterator[float]:
    """ß and ü are German's own; ä and ö are shared with Swedish."""
    lower = word.lower()
    if "ß" in lower or "ü" in lower:
        yield 2
    if "ä" in lower or "ö" in lower:
        yield 0.5


# A document's type named before its number ("Nghị quyết số 60", answer/extract.py reads
# it when the number itself carries no type code); as written, matched ignoring case.
DOC_TYPE_WORDS: dict[str, tuple[str, ...]] = {
    "NQ": ("beschluss",),
    "CT": ("richtlinie", "direktive"),
    "KL": ("schlussfolgerung",),
    "KH": ("plan",),
    "QD": ("entscheidung",),
    "DA": ("projekt",),
    "TTR": ("vorlage",),
}
NUMBER_WORDS: tuple[str, ...] = (r"nr\.?",)


# An address question's frame words, as typed (matched ignoring case on the unfolded
# question): dropped before the place name is looked up, so "which ward" does not make
# "ward" part of the name (answer/lanes/address_question.py: strip_frame).
FRAME_WORDS: tuple[str, ...] = (
    "wohnte", "wohne", "ich", "bin", "jetzt", "welche", "welcher", "gemeinde", "heute", "früher",
)  # fmt: skip


LANGUAGE = Language.from_tables(globals())
