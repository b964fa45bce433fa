"""English (en): every word haicap says, and the cue words it reads, in English.

Why one file per language: adding a language is one new file like this one plus its name
in haicap/languages/__init__.py; tests/test_languages.py checks every file has every key
with the same {placeholders}. Place names stay Vietnamese in every language.
"""

from __future__ import annotations

from collections.abc import Iterator

from haicap.languages.base import Language, words

CODE = "en"
NAME = "English"  # in the /lang keyboard


# How a reply in this language names each language (flag next to a foreign quote).
NAMES: dict[str, str] = {
    "vi": "Vietnamese",
    "en": "English",
    "de": "German",
    "sv": "Swedish",
}


# The Telegram bot's strings (bot/i18n.t); HTML, values escaped by the caller.
BOT: dict[str, str] = {
    "start": (
        "Hello {name}! I am <b>haicap</b>, an assistant for Vietnam's two-tier "
        "local-government reform (since 1 July 2025: no district level, 34 provinces, 3,321 "
        "communes).\n"
        "\n"
        "• Send an old address (with or without diacritics) to get the new commune.\n"
        "• Ask about resolutions, conclusions and directives: answers come with citations "
        "(document number, article, clause, quoted text).\n"
        "\n"
        "Try a question:"
    ),
    "help": (
        "<b>How to use</b>\n"
        "• Type a question or an old address, e.g. <i>Phường 1, Quận 3, TP.HCM</i>.\n"
        "• /where &lt;address&gt; — old address → new administrative unit.\n"
        "• /lang — change language ({codes}).\n"
        "• /about — data, sources, licences.\n"
        "• /forget — delete your stored messages and votes.\n"
        "• In other chats: type <code>@{bot} Phường 1 Quận 3</code>.\n"
        "The 📄 button shows the quoted sources; 👍/👎 help improve the answers."
    ),
    "about": (
        "<b>haicap</b> — data as of {date}.\n"
        "<b>Sources:</b> resolutions of the National Assembly Standing Committee arranging "
        "commune-level units, Party Central Committee documents, official news.\n"
        "<b>Licences:</b> the EmbeddingGemma model under the Gemma Terms of Use; "
        "vietnamadminunits (MIT); the legal texts are public documents.\n"
        "Answers are for information only; check the cited original texts."
    ),
    "lang_prompt": "Choose a language:",
    "lang_set": "Switched to English.",
    "lang_unknown": "That language is not supported. Choose: {codes}.",
    "sources_button": "📄 Sources",
    "hide_sources_button": "🔼 Hide sources",
    "sources_heading": "Sources",
    "vote_thanks": "Thank you for your feedback!",
    "answer_expired": "This answer is no longer stored.",
    "empty": "Your message is empty. Please type a question or an old address.",
    "too_long": (
        "Your message is too long ({length} characters). Please ask a shorter question (at "
        "most {limit} characters)."
    ),
    "rate_limited": "You are sending messages a bit fast. Please try again in about {seconds} s.",
    "error": "Sorry, something went wrong while handling your request. Please try again.",
    "knowledge_loading": (
        "Note: the documents (resolutions, news) are still loading for the first time, so this "
        "answer may be incomplete. Please ask again in a few minutes."
    ),
    "unavailable": (
        "Sorry, document search is temporarily unavailable. Address lookups still work (e.g. "
        "/where Phường 1, Quận 3, TP.HCM). Please try again later."
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
}


# The bot's command menu (bot/app.py).
BOT_COMMANDS: dict[str, str] = {
    "start": "Start, example questions",
    "where": "Old address → new unit",
    "lang": "Change language",
    "help": "How to use",
    "about": "Data, sources, licences",
    "forget": "Delete my data",
}


# Three tappable examples: an address, a resolution, a directive.
BOT_EXAMPLES = (
    "Which ward is Phường 1, Quận 3, Ho Chi Minh City in now?",
    "Which province's communes does Resolution 1681/NQ-UBTVQH15 arrange?",
    "Directive 45-CT/TW of the Politburo: what is it about?",
)


# The answer pipeline's own sentences (answer/steps/messages.message).
MESSAGES: dict[str, str] = {
    "answer_label": "Answer",
    "sources_label": "Quoted sources",
    "quote_intro": "The source says",
    "empty": (
        "The question is empty. Ask about the 2025 administrative reform, e.g. “How many "
        "communes does Ca Mau have after the arrangement?”"
    ),
    "truncated": "(The question was too long; only its first {limit} characters were read.)",
    "out_of_scope": (
        "Sorry, I only answer questions about Vietnam's 2025 administrative-unit arrangement "
        "and two-tier local government (resolutions, new units, new addresses), based on the "
        "loaded documents."
    ),
    "not_found": "No passage in the loaded documents answers this question.",
    "closest_says": "The closest passage found says {markers} (it does not answer the question).",
    "mention_only": (
        "The loaded documents do not contain the text of {docs}; they only mention it {markers}."
    ),
    "not_found_searched": "Searched for: {terms}.",
    "not_found_missing": "No document mentions: {terms}.",
    "not_found_closest": "Closest documents examined: {docs}.",
    "store_empty": (
        "The document store is empty: run `haicap ingest <folder>` to load documents first."
    ),
    "model_missing": (
        "The embedding model is not installed: run `haicap models fetch`. (Address questions "
        "still work.)"
    ),
    "store_unavailable": "The document store cannot be opened: {error}",
    "greeting": (
        "Hello! I answer questions about Vietnam's 2025 administrative arrangement (e.g. “How "
        "many wards does Ca Mau have?”, “Which resolution arranges Hanoi's communes?”) and "
        "look up new addresses, with quoted sources."
    ),
    "help": (
        "Ask a question about the 2025 arrangement: how many communes/wards a province has, "
        "which old units form a new one, which resolution rules it, issue dates… or send an "
        "old address to get the new unit. Every answer cites its sources [1], [2]."
    ),
}


# The terminal chat's lines (haicap chat).
CHAT: dict[str, str] = {
    "banner": (
        "haicap chat — ask about the 2025 administrative arrangement. /lang xx sets the "
        "language, /reset clears the history, /quit leaves."
    ),
    "lang_set": "Reply language: {lang}",
    "lang_auto": "Reply language: detected from each question",
    "lang_bad": "Unsupported language: {lang} (use {codes} or auto)",
    "reset": "Conversation history cleared.",
}


# The facts lane's sentences (answer/lanes/facts_words.say).
FACTS: dict[str, str] = {
    "count": "After the arrangement, {province} has {total} commune-level units: {parts}{mark}.",
    "nation": (
        "Since 1 July 2025 Vietnam has {provinces} provinces and cities and {total} "
        "commune-level units: {parts} (before: {old_provinces} provinces and cities)."
    ),
    "list": "The {count} {type} of {province}: {names}{mark}.",
    "list_none": "{province} has no {type}{mark}.",
    "unchanged": (
        "Commune-level units {where}that were not rearranged (left unchanged): {names}{mark}."
    ),
    "unchanged_none": (
        "In {province}{where} no commune-level unit was left unchanged; all were rearranged{mark}."
    ),
    "where_district": "in the former {district} ",
    "in_province": "of {province} ",
    "formed": "{new} ({province}) was formed from the former units {old}{mark}.",
    "formed_same": "{new} ({province}) was left unchanged, not merged with any other unit{mark}.",
    "whole": "all of",
    "part_of": "part of",
    "olds_same": "{olds} all became part of {new} ({province}){mark}.",
    "old_one": "{old} → {new} ({province}){mark}",
    "olds_differ": "These former units went to different new units:",
    "merged_into": "{old} was merged with {others} into the new {new}{mark}.",
    "merged_from": "{new} was formed by merging the provinces/cities {olds}{mark}.",
    "not_merged": "{new} was not merged with any other province or city{mark}.",
    "centre": "The political-administrative centre of {new} is in the present {centre}{now}{mark}.",
    "centre_unknown": (
        "The political-administrative centre is set out in Resolution 60-NQ/TW, which has not "
        "been ingested, so I cannot state it."
    ),
    "unmerged": "Provinces and cities that were not merged: {names}{mark}.",
    "operates": (
        "The local governments of the new commune-level units officially operate from {date}{mark}."
    ),
    "old_continue": (
        "The local governments of the former communes keep working until those of the new "
        "units officially start{mark}."
    ),
    "in_force": "Resolution {number} was adopted on {date} and took effect on adoption{mark}.",
    "resolution": (
        "The arrangement of {province}'s commune-level units is set out in Resolution No. "
        "{number} of the National Assembly Standing Committee of {date}{mark}."
    ),
    "basis_not_ingested": (
        "Source: computed from the administrative-unit data (vietnamadminunits) per Resolution "
        "{numbers}; its text has not been ingested, so nothing is quoted."
    ),
    "plan_not_ingested": (
        "Source: the administrative-unit data (vietnamadminunits); Resolution 60-NQ/TW has not "
        "been ingested, so nothing is quoted."
    ),
    "nation_plan": (
        "The number of provinces and cities after the merger was set by Resolution {number}{mark}."
    ),
    "nation_source": (
        "Source: the administrative-unit data (vietnamadminunits), over the 34 resolutions of "
        "2025 arranging the commune level."
    ),
    "computed_unchanged": (
        "(Computed from the data: a new unit made of one whole former unit of the same name.)"
    ),
    "clarify_new": "{count} new units have that name. Which one do you mean?",
    "centre_now": "",  # after the centre's name when it is the present seat
    "former_district": "former {d}",
}


# Unit types as (singular, plural).
UNIT_TYPES: dict[str, tuple[str, str]] = {
    "Xã": ("commune", "communes"),
    "Phường": ("ward", "wards"),
    "Đặc khu": ("special zone", "special zones"),
}


AND = "and"  # "a, b and c"
THOUSANDS = ","  # 3.321 / 3,321


# The address answer's frames (answer/lanes/address.py); whole/part_of: see FACTS.
ADDRESS: dict[str, str] = {
    "now": "{old} is now part of {new}.",
    "split": (
        "{old} was split between {count} new units: {new}. Which one applies depends on where "
        "exactly you live (village or street)."
    ),
    "part": "part",
    "basis": (
        "Legal basis: Resolution No. {number} of the National Assembly Standing Committee of "
        "{date}{where}."
    ),
    "where": ", Article 1, clause {n}",
    "where_article": ", Article 1",
    "version": "Data as of 1 July 2025, when the new units took effect.",
    "version_overlay": "Data as of {date}, including changes after 1 July 2025.",
    "clarify": (
        "{count} former units match this address. Which one do you mean? Please add the "
        "district or province:"
    ),
    "not_found": (
        "I could not find that former commune or ward. Please write the old address as "
        '"commune/ward, district, province", e.g. "Phường Chiềng Lề, Thành phố Sơn La, Sơn '
        'La".'
    ),
    "formed": "{new} was formed from: {old}.",
    "unchanged": "{new} was kept as it was (not merged).",
    "source_not_ingested": (
        "Source: the administrative-unit data (vietnamadminunits) per Resolution {numbers}; "
        "its text has not been ingested, so nothing is quoted."
    ),
}


MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


SHORT_DATE = "{day} {month_name} {year}"  # /about, legal basis, facts
LONG_DATE = "{month_name} {day}, {year}"  # dates read from documents


# Folded function words that tell this language apart (document detection). Words
# common in two of the languages are left out.
DETECT_WORDS = words(
    """
    the and of to in is are what which who whom how many much does do was were for on
    with by that this these from after before be it as at an a or have has did when
    where why will would can could should province provinces commune communes district
    new old into about under their its there been not
    """
)


# Folded words that mark a very short question ("hej", "und?").
SHORT_SIGNALS = words(
    """
    hello hi hey thanks thank help ignore please what about and who how which when where
    write poem tell me
    """
)


# Folded function words never carrying a question's content (ignored in matching).
STOPWORDS = words(
    """
    a an the of in on at to for from by with about into over after before is are was
    were be been being do does did has have had what which who whom whose when where why
    how many much and or but not no this that these those it its their there they he she
    his her we you your our i me my can could will would should shall may might must as
    than then so such any some all each per also only just please tell me now new
    """
)


# Cue phrases by kind: regular expressions over folded text. Each reader joins every
# language's phrases of a kind (haicap.languages.cue_pattern) and sets the word
# boundaries, except where a kind's comment says the phrases carry their own.
CUES: dict[str, tuple[str, ...]] = {
    # The router (answer/router/signals.py): greeting, thanks and help_command are the
    # whole message; the other router kinds carry their own word boundaries.
    "greeting": ("hello", "hi", "hey", "good (morning|afternoon|evening)"),
    "thanks": ("thanks", "thank you", "thx"),
    "help_command": ("help", "start"),
    "help_question": (r"\b(what can you do|how do i use)\b",),
    "attack": (
        r"\b(ignore|disregard|forget|override|bypass)\b.{0,40}\b(instruction|instructions|"
        r"prompt|prompts|rules|guidelines|above|previous|prior|system)\b",
        r"\bsystem prompt\b|\bsystem override\b|\byou are now\b|\bact as\b",
        r"\bpretend (to be|you)\b|\bjailbreak\b",
        r"\bdeveloper mode\b|\bdo anything now\b|\breveal (your|the) (prompt|instructions)\b",
    ),
    "off_topic_task": (
        r"\b(write|compose|generate|make)\b.{0,30}\b(poem|poems|song|story|essay|joke|"
        r"limerick|haiku|code|script|program|function|email|letter)\b",
        r"\b(poem|poetry|limerick|haiku|lyrics|recipe|joke)\b",
        r"\btranslate\b",
    ),
    "off_topic_domain": (
        r"\b(weather|forecast|temperature|football|soccer|world cup|gold price|bitcoin|"
        r"crypto\w*|stock price|movie|movies|film|singer|cats|dogs|kittens|puppies)\b",
    ),
    # What a unit-fact question asks (answer/lanes/fact_question.py).
    "fact_count": ("how many", "number of"),
    "fact_list": (
        "(which|what) (communes|wards|special zones|units)",
        "what are (they|their names|the names)",
        "what (are|is) (they|it|its|their) called",
        "names? of",
        r"list\b",
    ),
    "fact_unchanged": (
        "unchanged",
        "not (been )?(merged|rearranged|reorgani[sz]ed|arranged)",
        "left as (it|they) (was|were)",
        "kept as (it|they)",
    ),
    "fact_composition": (
        "formed from",
        "made up",
        "make (it|them) up",
        "combined to (create|form)",
        "merged to form",
        "which former",
        "what former",
        "which old",
        "consist",
    ),
    "fact_old_units": ("became", "merged into", "now (in|part of)", "which (new )?(commune|ward)"),
    "fact_province": (
        "which provinces?",
        "what province",
        "which city",
        "which cities",
        "provinces and cities",
        "unmerged",
        "no longer exists",
        "still (exist|a province)",
    ),
    "fact_centre": ("capital", r"administrative cent\w*", "political-administrative", "seat"),
    "fact_province_level": ("provinces?", "city", "cities"),
    "fact_effective": (
        r"when\b",
        "what date",
        "which date",
        "effective",
        "take effect",
        "in force",
        "start(ed)? operating",
    ),
    "fact_resolution": ("which resolution", "what resolution"),
    "fact_old_government": ("continue", "old (communes|authorities|governments)"),
    # Things the structured data cannot say (found anywhere; own word boundaries).
    "fact_beyond": (
        "percent",
        r"\bwho\b",
        "population",
        r"\barea\b",
        "headquarter",
        "salary",
        "staff",
        "postal",
        "phone",
        r"\bwhy\b",
        "before the",
        "again",
        "made public",
        "published",
        "procedure",
        "insurance",
        "documents? (must|need)",
        "invoice",
    ),
    "fact_all_units": ("commune-level", "commune level", "units", "in total", "overall"),
    "fact_nation": ("vietnam", "the country", "nationwide"),
    # The nouns of the units the data counts, and each unit type's words.
    "unit_nouns": (
        "communes?",
        "wards?",
        "special zones?",
        "units?",
        "commune-level",
        "towns?",
        "provinces?",
        "cit(?:y|ies)",
    ),
    "type_special_zone": ("special (administrative )?zones?",),
    "type_ward": ("wards?",),
    "type_commune": ("communes?",),
    # The router's unit-fact signal (answer/router/signals.py: FACT_CUES; own word
    # boundaries; {units} stands for every language's unit nouns).
    "fact_signal": (
        r"\bhow many\s+(?:[\w-]+\s+){0,3}?{units}\b",
        r"\b(?:which|list the)\s+(?:\w+\s+){0,2}?{units}\b",
        r"\b(?:unchanged|not merged|left as they were)\b",
        r"\badministrative cent(?:re|er)\b",
        r"\bfrom what date\b",
    ),
    # A unit's office, whose street address a lookup does not give (signals.py: _OFFICE).
    "office": ("office", "headquarters?", "committee"),
    # What a question asks for (answer/question.py: _CUES; each cue carries its own word
    # boundaries; {roles} in a cue stands for every language's office-holder words).
    "question_percent": (r"\b(?:percent(?:age)?|growth (?:target|rate)|rate)\b",),
    "question_period": (
        r"\b(?:which|what) (?:time )?(?:period|years|timeframe|time frame|term)\b",
    ),
    "question_count": (r"\b(?:how many|how much|number of)\b",),
    "question_person": (r"\bwho\b", r"\bwhose\b", r"\bwhich (?:\w+ ){0,2}{roles}\b"),
    # "Which deputy minister …": an office names a person.
    "person_role": (
        r"\w*minister",
        "chairman",
        "chairwoman",
        "chair",
        "secretary",
        "director",
        "leader",
        "official",
    ),
    "question_doc_number": (
        r"\b(?:which|what) (?:\w+ ){0,3}(?:resolution|directive|plan|conclusion|decision|"
        r"document|decree|law|regulation|submission)s?\b",
    ),
    "question_unit_members": (
        r"\b(?:which (?:old |former )?(?:communes|wards|units|towns)|consists? of|made up of|"
        r"comprises?|formed from)\b",
    ),
    "question_unit_target": (
        r"\b(?:(?:into|which|what) (?:new )?(?:commune|ward|special zone|unit)\b|"
        r"what is the (?:new )?(?:commune|ward)|called now|new name)",
    ),
    "question_date": (
        r"\b(?:when (?:was|were|did|is|will|does|do|are)|what date|which date|what day|"
        r"which day|on what date)\b",
        r"^when\b",
    ),
    # Words that make a facts question about units (answer/lanes/facts.py: _UNIT_WORDS).
    "unit_words": (r"commune\w*", "wards?", "units?", r"local government\w*"),
    # An address question (answer/lanes/address_question.py): "where is it now" cues, "which
    # old units formed it" cues, and cues of other questions that name places.
    "address_forward": (
        r"which (?:commune|ward|province|unit)",
        r"what (?:commune|ward|province) ",
        "new address",
        r"(?:old|former) (?:commune|ward|address|district)",
        r"\bnow\b",
        "belong to",
        "part of which",
    ),
    "address_reverse": (
        "formed from",
        "made up of",
        r"(?:which|what) (?:former|old) (?:communes|wards|units)",
    ),
    "address_not": ("how many", r"article \d", "effective"),
    # Text written to steer the assistant (haicap/injection.py; found or not, so their
    # order is free): asking to ignore earlier instructions, addressing the assistant,
    # and a verb asking to print a secret within 60 characters of the secret's name.
    "injection_ignore": (
        r"\b(?:ignore|disregard|forget)\s+(?:all\s+|any\s+|the\s+|your\s+)*"
        r"(?:previous|prior|earlier|above|preceding|system)\s+"
        r"(?:instructions?|rules|prompts?|directions|guidelines)",
    ),
    "injection_addressee": (
        r"(?:^|\n)\s*(?:system|assistant)\s*:",
        r"\bnote\s+(?:to|for)\s+the\s+(?:assistant|ai|bot|model)\b",
    ),
    "secret_verb": ("print", "reveal", "show", "output", "leak"),
    "secret_object": (
        "tokens?",
        r"api[\s_-]?keys?",
        "secrets?",
        "passwords?",
        r"environment\s+variables?",
    ),
}


# The reform's vocabulary: glossary concept id -> this language's folded forms (single
# words or phrases). answer/vocab/glossary.py joins every language's forms of a concept
# (in registry order) so a question in one language finds passages in another.
GLOSSARY: dict[str, tuple[str, ...]] = {
    "commune_level_unit": (
        "commune level unit",
        "commune level units",
        "commune level administrative unit",
        "commune level administrative units",
    ),
    "commune_level": ("commune level",),
    "province_level": ("provincial level",),
    "district_level": ("district level",),
    "administrative_unit": ("administrative unit", "administrative units"),
    "commune": ("commune", "communes"),
    "ward": ("ward", "wards"),
    "special_zone": ("special zone", "special zones", "special administrative zone"),
    "town": ("township", "town"),
    "district": ("district", "districts"),
    "province": ("province",),
    "city": ("city",),
    "village": ("village",),
    "arrangement": (
        "arrangement",
        "arrange",
        "arranged",
        "arranging",
        "reorganization",
        "reorganisation",
        "restructuring",
    ),
    "merge": ("merge", "merged", "merger", "merging"),
    "form": ("formed", "form", "established", "establish", "created"),
    "dissolve": ("dissolve", "dissolved"),
    "not_arranged": ("not arranged",),
    "rename": ("rename", "renamed"),
    "name": ("name", "named", "called"),
    "old": ("old", "former", "previous"),
    "new": ("new",),
    "after": ("after",),
    "before": ("before",),
    "two_level": ("two level", "two tier"),
    "local_government": ("local government",),
    "apparatus": ("apparatus",),
    "political_system": ("political system",),
    "streamline": ("streamline", "streamlining"),
    "implement": ("implement", "implementation", "implementing", "rolling out", "roll out"),
    "adopt": ("adopted", "passed", "approved"),
    "sign": ("signed", "sign", "signatory"),
    "issue": ("issued", "issue", "promulgated"),
    "announce": ("announce", "announced", "announcement"),
    "ceremony": ("ceremony",),
    "attend": ("attended", "attend", "attending"),
    "effective": ("effective", "in force", "takes effect"),
    "operate": ("operate", "operation", "operating"),
    "resolution": ("resolution", "resolutions"),
    "directive": ("directive",),
    "conclusion": ("conclusion",),
    "plan": ("plan", "plans"),
    "decision": ("decision",),
    "document": ("document",),
    "report": ("report",),
    "submission": ("submission",),
    "regulation": ("regulate", "regulates", "regulation", "provision"),
    "article": ("article",),
    "clause": ("clause",),
    "politburo": ("politburo",),
    "secretariat": ("secretariat",),
    "central_committee": ("central committee",),
    "central": ("central",),
    "steering_committee": ("steering committee",),
    "national_assembly": ("national assembly",),
    "standing_committee": ("standing committee", "standing"),
    "peoples_committee": ("peoples committee", "people s committee"),
    "peoples_council": ("peoples council", "people s council"),
    "party_committee": ("party committee",),
    "party": ("party",),
    "congress": ("congress",),
    "government": ("government",),
    "inspection": ("inspection",),
    "commission": ("commission", "committee"),
    "fatherland_front": ("fatherland front",),
    "chairman": ("chairman", "chairwoman", "chair", "president"),
    "vice": ("vice", "deputy"),
    "permanent": ("permanent", "standing"),
    "head": ("head", "chief", "director"),
    "minister": ("minister",),
    "health": ("health",),
    "propaganda": ("propaganda",),
    "delegation": ("delegation",),
    "comrade": ("comrade",),
    "leader": ("leader", "leaders"),
    "digital": ("digital",),
    "transformation": ("transformation",),
    "education": ("education",),
    "movement": ("movement", "campaign"),
    "period": ("period", "time frame", "timeframe"),
    "term": ("term",),
    "election": ("election", "elections"),
    "deputies": ("deputies", "delegates"),
    "task": ("task", "tasks"),
    "unfinished": ("unfinished", "pending", "outstanding"),
    "growth": ("growth",),
    "investment": ("investment",),
    "expressway": ("expressway", "highway"),
    "newspaper": ("newspaper",),
    "personnel": ("personnel", "cadres", "cadre"),
    "population": ("population",),
    "area": ("area",),
    "reduction": ("reduction", "reduce", "reduced"),
    "percent": ("percent",),
    "people": ("people", "citizens"),
    "working_session": ("working session",),
    "difficulty": ("difficulties", "obstacles"),
    "recommend": ("recommend", "proposed", "propose"),
    "conference": ("conference",),
    "date": ("date", "day"),
    "year": ("year",),
}


CHARS_PER_TOKEN = 3.8  # text length per embedding token, for chunk sizes


def detect_cues(word: str) -> Iterator[float]:
    """English has no letter of its own; only its function words count."""
    yield from ()


# A document's type named before its number ("Nghị quyết số 60", answer/extract.py reads
# it when the number itself carries no type code); as written, matched ignoring case.
DOC_TYPE_WORDS: dict[str, tuple[str, ...]] = {
    "NQ": ("resolution",),
    "CT": ("directive",),
    "KL": ("conclusion",),
    "KH": ("plan",),
    "QD": ("decision",),
    "DA": ("project",),
    "TTR": ("submission",),
}
NUMBER_WORDS: tuple[str, ...] = (r"no\.?",)


# An address question's frame words, as typed (matched ignoring case on the unfolded
# question): dropped before the place name is looked up, so "which ward" does not make
# "ward" part of the name (answer/lanes/address_question.py: strip_frame).
FRAME_WORDS: tuple[str, ...] = (
    "which", "what", "is", "old", "former", "in", "now", "lived", "live", "living", "where",
    "does", "part", "of", "currently", "new", "called", "was", "did", "belong", "belongs",
)  # fmt: skip


LANGUAGE = Language.from_tables(globals())
