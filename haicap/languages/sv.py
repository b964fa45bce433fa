"""Swedish (sv): every word haicap says, and the cue words it reads, in Swedish.

Why one file per language: adding a language is one new file like this one plus its name
in haicap/languages/__init__.py; tests/test_languages.py checks every file has every key
with the same {placeholders}. Place names stay Vietnamese in every language.
"""

from __future__ import annotations

from collections.abc import Iterator

from haicap.languages.base import Language, words

CODE = "sv"
NAME = "Svenska"  # in the /lang keyboard


# How a reply in this language names each language (flag next to a foreign quote).
NAMES: dict[str, str] = {
    "vi": "vietnamesiska",
    "en": "engelska",
    "de": "tyska",
    "sv": "svenska",
}


# The Telegram bot's strings (bot/i18n.t); HTML, values escaped by the caller.
BOT: dict[str, str] = {
    "start": (
        "Hej {name}! Jag är <b>haicap</b>, en assistent för Vietnams tvånivåreform av "
        "lokalförvaltningen (sedan 1 juli 2025: ingen distriktsnivå, 34 provinser, 3 321 "
        "kommuner).\n"
        "\n"
        "• Skicka en gammal adress (med eller utan diakritiska tecken) så får du den nya "
        "kommunen.\n"
        "• Fråga om resolutioner, slutsatser och direktiv: svaren har källhänvisningar "
        "(dokumentnummer, artikel, punkt, citat).\n"
        "\n"
        "Prova en fråga:"
    ),
    "help": (
        "<b>Så använder du mig</b>\n"
        "• Skriv en fråga eller en gammal adress, t.ex. <i>Phường 1, Quận 3, TP.HCM</i>.\n"
        "• /where &lt;adress&gt; — gammal adress → ny förvaltningsenhet.\n"
        "• /lang — byt språk ({codes}).\n"
        "• /about — data, källor, licenser.\n"
        "• /forget — radera dina sparade meddelanden och röster.\n"
        "• I andra chattar: skriv <code>@{bot} Phường 1 Quận 3</code>.\n"
        "Knappen 📄 visar citaten; 👍/👎 hjälper oss att förbättra svaren."
    ),
    "about": (
        "<b>haicap</b> — data per {date}.\n"
        "<b>Källor:</b> nationalförsamlingens ständiga utskotts resolutioner om "
        "kommunindelningen, centralkommitténs dokument, officiella nyheter.\n"
        "<b>Licenser:</b> modellen EmbeddingGemma enligt Gemma Terms of Use; vietnamadminunits "
        "(MIT); lagtexterna är offentliga handlingar.\n"
        "Svaren är endast vägledande; kontrollera de citerade originaltexterna."
    ),
    "lang_prompt": "Välj språk:",
    "lang_set": "Bytte till svenska.",
    "lang_unknown": "Det språket stöds inte. Välj: {codes}.",
    "sources_button": "📄 Källor",
    "hide_sources_button": "🔼 Dölj källor",
    "sources_heading": "Källor",
    "vote_thanks": "Tack för din återkoppling!",
    "answer_expired": "Det här svaret finns inte längre sparat.",
    "empty": "Ditt meddelande är tomt. Skriv en fråga eller en gammal adress.",
    "too_long": (
        "Ditt meddelande är för långt ({length} tecken). Ställ en kortare fråga (högst {limit} "
        "tecken)."
    ),
    "rate_limited": "Du skriver lite för snabbt. Försök igen om ungefär {seconds} s.",
    "error": "Förlåt, något gick fel med din förfrågan. Försök igen.",
    "knowledge_loading": (
        "Obs: dokumenten (resolutioner, nyheter) laddas fortfarande för första gången, så "
        "svaret kan vara ofullständigt. Fråga gärna igen om några minuter."
    ),
    "unavailable": (
        "Förlåt, dokumentsökningen är tillfälligt otillgänglig. Adressuppslag fungerar "
        "fortfarande (t.ex. /where Phường 1, Quận 3, TP.HCM). Försök igen senare."
    ),
    "where_usage": (
        "Användning: /where &lt;gammal adress&gt;, t.ex. /where Phường 1, Quận 3, TP.HCM"
    ),
    "where_not_found": (
        "Jag kände inte igen adressen. Ange gammal kommun, distrikt och provins, t.ex. Phường "
        "1, Quận 3, TP.HCM."
    ),
    "location": (
        "Jag kan inte slå upp en plats från koordinater (ingen karttjänst). Skicka den gamla "
        "adressen som text, t.ex. Xã Tân Phú, Huyện Đồng Phú, Bình Phước."
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
}


# The bot's command menu (bot/app.py).
BOT_COMMANDS: dict[str, str] = {
    "start": "Starta, exempelfrågor",
    "where": "Gammal adress → ny enhet",
    "lang": "Byt språk",
    "help": "Så använder du mig",
    "about": "Data, källor, licenser",
    "forget": "Radera mina data",
}


# Three tappable examples: an address, a resolution, a directive.
BOT_EXAMPLES = (
    "Vilken stadsdel hör Phường 1, Quận 3, Ho Chi Minh-staden till nu?",
    "Vad reglerar resolution 1681/NQ-UBTVQH15?",
    "Vad gäller direktiv 45-CT/TW från politbyrån?",
)


# The answer pipeline's own sentences (answer/steps/messages.message).
MESSAGES: dict[str, str] = {
    "answer_label": "Svar",
    "sources_label": "Citerade källor",
    "quote_intro": "Källan säger",
    "empty": (
        "Frågan är tom. Fråga om 2025 års förvaltningsreform, t.ex. ”Hur många kommuner har Ca "
        "Mau efter omorganisationen?”"
    ),
    "truncated": "(Frågan var för lång; bara de första {limit} tecknen lästes.)",
    "out_of_scope": (
        "Tyvärr svarar jag bara på frågor om Vietnams omorganisation av administrativa enheter "
        "2025 och den lokala förvaltningen på två nivåer (resolutioner, nya enheter, nya "
        "adresser), utifrån de inlästa dokumenten."
    ),
    "not_found": "Inget avsnitt i de inlästa dokumenten besvarar den här frågan.",
    "closest_says": "Det närmaste avsnittet säger {markers} (det besvarar inte frågan).",
    "mention_only": (
        "De inlästa dokumenten innehåller inte texten i {docs}; de nämner den bara {markers}."
    ),
    "not_found_searched": "Sökte efter: {terms}.",
    "not_found_missing": "Inget dokument nämner: {terms}.",
    "not_found_closest": "Närmaste dokument som granskades: {docs}.",
    "store_empty": "Dokumentlagret är tomt: kör `haicap ingest <mapp>` först.",
    "model_missing": (
        "Inbäddningsmodellen är inte installerad: kör `haicap models fetch`. (Adressfrågor "
        "fungerar ändå.)"
    ),
    "store_unavailable": "Dokumentlagret kan inte öppnas: {error}",
    "greeting": (
        "Hej! Jag svarar på frågor om Vietnams administrativa omorganisation 2025 (t.ex. ”Hur "
        "många kommuner har Ca Mau?”) och slår upp nya adresser, med citerade källor."
    ),
    "help": (
        "Ställ en fråga om omorganisationen 2025: antal kommuner/valdistrikt i en provins, "
        "vilka gamla enheter som bildar en ny, vilken resolution som gäller, datum… eller "
        "skicka en gammal adress. Varje svar citerar sina källor [1], [2]."
    ),
}


# The terminal chat's lines (haicap chat).
CHAT: dict[str, str] = {
    "banner": (
        "haicap chat — fråga om 2025 års administrativa omorganisation. /lang xx väljer språk, "
        "/reset rensar historiken, /quit avslutar."
    ),
    "lang_set": "Svarsspråk: {lang}",
    "lang_auto": "Svarsspråk: avläses ur varje fråga",
    "lang_bad": "Språket stöds inte: {lang} (använd {codes} eller auto)",
    "reset": "Samtalshistoriken är rensad.",
}


# The facts lane's sentences (answer/lanes/facts_words.say).
FACTS: dict[str, str] = {
    "count": "Efter omorganisationen har {province} {total} enheter på kommunnivå: {parts}{mark}.",
    "nation": (
        "Sedan 1 juli 2025 har Vietnam {provinces} provinser och städer och {total} enheter på "
        "kommunnivå: {parts} (tidigare: {old_provinces} provinser och städer)."
    ),
    "list": "{count} {type} i {province}: {names}{mark}.",
    "list_none": "{province} har inga {type}{mark}.",
    "unchanged": (
        "Enheter på kommunnivå {where}som inte omorganiserades (oförändrade): {names}{mark}."
    ),
    "unchanged_none": (
        "I {province}{where} lämnades ingen enhet på kommunnivå oförändrad; alla "
        "omorganiserades{mark}."
    ),
    "where_district": "i tidigare {district} ",
    "in_province": "i {province} ",
    "formed": "{new} ({province}) bildades av de tidigare enheterna {old}{mark}.",
    "formed_same": (
        "{new} ({province}) lämnades oförändrad och slogs inte ihop med någon annan enhet{mark}."
    ),
    "whole": "hela",
    "part_of": "del av",
    "olds_same": "{olds} ingår alla nu i {new} ({province}){mark}.",
    "old_one": "{old} → {new} ({province}){mark}",
    "olds_differ": "De tidigare enheterna gick till olika nya enheter:",
    "merged_into": "{old} slogs samman med {others} till den nya {new}{mark}.",
    "merged_from": "{new} bildades genom sammanslagning av provinserna/städerna {olds}{mark}.",
    "not_merged": "{new} slogs inte samman med någon annan provins eller stad{mark}.",
    "centre": (
        "Det politisk-administrativa centrumet för {new} ligger i nuvarande {centre}{now}{mark}."
    ),
    "centre_unknown": (
        "Det politisk-administrativa centrumet anges i resolution 60-NQ/TW, som inte är "
        "inläst, så jag kan inte ange det."
    ),
    "unmerged": "Provinser och städer som inte slogs samman: {names}{mark}.",
    "operates": (
        "De nya enheternas lokala förvaltningar på kommunnivå arbetar officiellt från och med "
        "{date}{mark}."
    ),
    "old_continue": (
        "De tidigare kommunernas lokala förvaltningar fortsätter att arbeta tills de nya "
        "enheternas förvaltningar officiellt börjar{mark}."
    ),
    "in_force": "Resolution {number} antogs den {date} och trädde i kraft när den antogs{mark}.",
    "resolution": (
        "Omorganisationen av kommunnivån i {province} regleras av resolution nr {number} från "
        "nationalförsamlingens ständiga utskott den {date}{mark}."
    ),
    "basis_not_ingested": (
        "Källa: beräknat ur förvaltningsdata (vietnamadminunits) enligt resolution {numbers}; "
        "texten är inte inläst, så inget citeras."
    ),
    "plan_not_ingested": (
        "Källa: förvaltningsdata (vietnamadminunits); resolution 60-NQ/TW är inte inläst, så "
        "inget citeras."
    ),
    "nation_plan": (
        "Antalet provinser och städer efter sammanslagningen fastställdes i resolution "
        "{number}{mark}."
    ),
    "nation_source": (
        "Källa: förvaltningsdata (vietnamadminunits) för de 34 resolutionerna från 2025 om "
        "kommunnivån."
    ),
    "computed_unchanged": (
        "(Beräknat ur data: en ny enhet som består av exakt en hel tidigare enhet med samma namn.)"
    ),
    "clarify_new": "{count} nya enheter har det namnet. Vilken menar du?",
    "centre_now": "",  # after the centre's name when it is the present seat
    "former_district": "tidigare {d}",
}


# Unit types as (singular, plural).
UNIT_TYPES: dict[str, tuple[str, str]] = {
    "Xã": ("kommun", "kommuner"),
    "Phường": ("stadsdel", "stadsdelar"),
    "Đặc khu": ("specialzon", "specialzoner"),
}


AND = "och"  # "a, b and c"
THOUSANDS = ","  # 3.321 / 3,321


# The address answer's frames (answer/lanes/address.py); whole/part_of: see FACTS.
ADDRESS: dict[str, str] = {
    "now": "{old} ingår nu i {new}.",
    "split": (
        "{old} delades mellan {count} nya enheter: {new}. Vilken som gäller beror på var du "
        "bor (by eller gata)."
    ),
    "part": "del",
    "basis": (
        "Rättslig grund: resolution nr {number} från nationalförsamlingens ständiga utskott "
        "den {date}{where}."
    ),
    "where": ", artikel 1, punkt {n}",
    "where_article": ", artikel 1",
    "version": "Uppgifter per 1 juli 2025, då de nya enheterna trädde i kraft.",
    "version_overlay": "Uppgifter per {date}, inklusive ändringar efter 1 juli 2025.",
    "clarify": (
        "{count} tidigare enheter passar adressen. Vilken menar du? Ange gärna distrikt eller "
        "provins:"
    ),
    "not_found": (
        "Jag hittade inte den tidigare kommunen. Skriv den gamla adressen som "
        '"kommun/stadsdel, distrikt, provins", t.ex. "Phường Chiềng Lề, Thành phố Sơn La, '
        'Sơn La".'
    ),
    "formed": "{new} bildades av: {old}.",
    "unchanged": "{new} behölls oförändrad (inte sammanslagen).",
    "source_not_ingested": (
        "Källa: förvaltningsdata (vietnamadminunits) enligt resolution {numbers}; texten är "
        "inte inläst, så inget citeras."
    ),
}


MONTHS = (
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
)


SHORT_DATE = "{day} {month_name} {year}"  # /about, legal basis, facts
LONG_DATE = "{day} {month_name} {year}"  # dates read from documents


# Folded function words that tell this language apart (document detection). Words
# common in two of the languages are left out.
DETECT_WORDS = words(
    """
    och att det som ett ar pa for med av till inte om har hur manga vad vem vilken vilka
    vilket efter fran jag var nar ocksa under ska kan sig vid detta denna dessa eller
    sin sina kommun kommuner provinsen provins nya gamla blev bildades finns
    """
)


# Folded words that mark a very short question ("hej", "und?").
SHORT_SIGNALS = words(
    """
    hej tack hjalp och ignorera snalla vad hur vem vilken nar skriv dikt halla
    tjena
    """
)


# Folded function words never carrying a question's content (ignored in matching).
STOPWORDS = words(
    """
    och i pa av for till fran med om som en ett den det de dem denna detta dessa ar var
    varit blev blir bli har hade vilken vilket vilka hur manga mycket vem vems nar var
    varfor vad efter fore under over mellan inte ingen inga kan kunde ska skulle far sig
    sin sitt sina han hon vi ni jag du man ocksa bara nu snalla mig finns gor
    """
)


# Cue phrases by kind: regular expressions over folded text. Each reader joins every
# language's phrases of a kind (haicap.languages.cue_pattern) and sets the word
# boundaries, except where a kind's comment says the phrases carry their own.
CUES: dict[str, tuple[str, ...]] = {
    # The router (answer/router/signals.py): greeting, thanks and help_command are the
    # whole message; the other router kinds carry their own word boundaries.
    "greeting": ("hej", "halla", "tjena", "god (morgon|dag|kvall)"),
    "thanks": ("tack", "tack sa mycket"),
    "help_command": ("hjalp",),
    "help_question": (r"\bvad kan du\b",),
    "attack": (
        r"\bignorera\w*\b",
        r"\bglom\b.{0,40}\b(instruktion\w*|regler)\b",
    ),
    "off_topic_task": (
        r"\b(dikt|skamt|recept|skriv)\b",
        r"\boversatt\w*\b",
    ),
    "off_topic_domain": (
        r"\b(vader\w*|vadret|temperatur|fotboll|aktiekurs|film|sanger\w*|katter|hundar)\b",
    ),
    # What a unit-fact question asks (answer/lanes/fact_question.py).
    "fact_count": ("hur manga", "antalet", "antal"),
    "fact_list": ("vilka (kommuner|stadsdelar|specialzoner)", "vad heter"),
    "fact_unchanged": (
        r"oforandrad\w*",
        "inte (sammanslagna|slagits ihop|omorganiserade|slogs ihop)",
    ),
    "fact_composition": (
        "bildades",
        "slogs (ihop|samman) till",
        "bestar av",
        "vilka (tidigare|gamla)",
        "vilka kommuner slogs",
    ),
    "fact_old_units": ("blev", "tillhor nu"),
    "fact_province": (
        "vilken provins",
        "vilka provinser",
        "vilken stad",
        "fortfarande en provins",
        "finns .{0,20}kvar",
    ),
    "fact_centre": ("residensstad", r"administrativa centr\w*", "huvudort"),
    "fact_province_level": (r"provins\w*", "stad"),
    "fact_effective": ("fran och med", r"nar\b", "vilket datum", "trader i kraft", "borja"),
    "fact_resolution": ("vilken resolution", "vilket beslut"),
    "fact_old_government": ("fortsatt", "fortsatter"),
    # Things the structured data cannot say (found anywhere; own word boundaries).
    "fact_beyond": (
        "procent",
        r"\bvem\b",
        "befolkning",
        "invanare",
        "areal",
        r"\blon\b",
        "postnummer",
        "riktnummer",
        "varfor",
        "fore (sammanslagningen|omorganisationen)",
        "igen",
        "offentliggor",
    ),
    "fact_all_units": ("enheter", "totalt"),
    "fact_nation": ("hela landet", "i landet"),
    # The nouns of the units the data counts, and each unit type's words.
    "unit_nouns": (
        r"kommun\w*",
        r"stadsdel\w*",
        r"specialzon\w*",
        r"\w*enhet\w*",
        r"provins\w*",
        r"stad\w*",
        r"valdistrikt\w*",
    ),
    "type_special_zone": (r"specialzon\w*", r"sarskilda? \w*zon\w*"),
    "type_ward": (r"stadsdel\w*",),
    "type_commune": ("kommun(er)?",),
    # The router's unit-fact signal (answer/router/signals.py: FACT_CUES; own word
    # boundaries; {units} stands for every language's unit nouns).
    "fact_signal": (
        r"\bhur manga\s+(?:\w+\s+){0,3}?{units}\b",
        r"\bvilka\s+(?:\w+\s+){0,2}?{units}\b",
        r"\b(?:oforandrad\w*|inte slogs)\b",
        r"\badministrativa centrum\w*\b",
        r"\bfran vilket datum\b",
    ),
    # A unit's office, whose street address a lookup does not give (signals.py: _OFFICE).
    "office": ("kontor", "sate", r"kommitte\w*"),
    # What a question asks for (answer/question.py: _CUES; each cue carries its own word
    # boundaries; {roles} in a cue stands for every language's office-holder words).
    "question_percent": (r"\b(?:procent(?:andel)?|tillvaxtmal)\b",),
    "question_period": (r"\b(?:vilken (?:period|mandatperiod|tidsperiod)|vilka ar)\b",),
    "question_count": (r"\b(?:hur manga|hur mycket|antal(?:et)?)\b",),
    "question_person": (r"\bvem\b", r"\bvems\b", r"\b(?:vilken|vilket) (?:\w+ ){0,2}{roles}\b"),
    # "Vilken ordförande …": an office names a person.
    "person_role": ("ordforande", "sekreterare", "chef"),
    "question_doc_number": (
        r"\b(?:vilken|vilket|vilka) (?:\w+ ){0,3}(?:resolution|direktiv|plan|slutsats|beslut|"
        r"dokument)\w*\b",
    ),
    "question_unit_members": (
        r"\b(?:vilka (?:gamla |tidigare )?(?:kommuner|valdistrikt|enheter|distrikt)|bestar av)\b",
    ),
    "question_unit_target": (
        r"\b(?:(?:vilken|vilket) (?:ny |nya )?(?:kommun|valdistrikt|distrikt)\b|nya namn)",
    ),
    "question_date": (r"\b(?:vilket datum|vilken dag)\b", r"^nar\b"),
    # Words that make a facts question about units (answer/lanes/facts.py: _UNIT_WORDS).
    "unit_words": (r"kommun\w*", r"enhet\w*", r"stadsdel\w*"),
    # An address question (answer/lanes/address_question.py): "where is it now" cues, "which
    # old units formed it" cues, and cues of other questions that name places.
    "address_forward": (
        r"vilken (?:kommun|provins|stadsdel)",
        r"vilket (?:distrikt|lan)",
        r"\bnu\b",
        "ny adress",
        "tillhor",
    ),
    "address_reverse": ("bildades av", "bestod av", r"vilka (?:gamla|tidigare)"),
    "address_not": ("hur manga",),
    # Text written to steer the assistant (haicap/injection.py; found or not, so their
    # order is free): asking to ignore earlier instructions, addressing the assistant,
    # and a verb asking to print a secret within 60 characters of the secret's name.
    "injection_ignore": (
        r"\bignorera\s+(?:alla\s+|dina\s+)*(?:tidigare|ovanstaende|foregaende)\s+"
        r"(?:instruktioner|regler|anvisningar)",
    ),
    "secret_verb": (r"skriv\s+ut",),
    "secret_object": (r"hemliga\s+nycklar",),
}


# The reform's vocabulary: glossary concept id -> this language's folded forms (single
# words or phrases). answer/vocab/glossary.py joins every language's forms of a concept
# (in registry order) so a question in one language finds passages in another.
GLOSSARY: dict[str, tuple[str, ...]] = {
    "commune_level_unit": (
        "administrativa enheter pa kommunniva",
        "administrativ enhet pa kommunniva",
    ),
    "commune_level": ("kommunniva",),
    "province_level": ("provinsniva",),
    "district_level": ("distriktsniva",),
    "administrative_unit": ("administrativ enhet", "administrativa enheter"),
    "commune": ("kommun", "kommuner"),
    "ward": ("valdistrikt",),
    "special_zone": ("specialzon", "specialzoner"),
    "town": ("koping",),
    "district": ("distrikt",),
    "province": ("provins", "provinsen"),
    "city": ("stad", "staden"),
    "village": ("by", "byar"),
    "arrangement": ("arrangemang", "arrangemanget", "omorganisation"),
    "merge": ("sammanslagning", "slogs samman", "sammanslagna"),
    "form": ("bildades", "bildas", "inrattande", "inratta"),
    "dissolve": ("upplosning",),
    "not_arranged": ("genomforde inte",),
    "rename": ("namnbyte",),
    "name": ("namn", "heter"),
    "old": ("gamla", "tidigare"),
    "new": ("ny", "nya", "nybildade"),
    "after": ("efter",),
    "before": ("fore",),
    "two_level": ("tva nivaer", "tvaniva", "tvanivas"),
    "local_government": ("lokal forvaltning", "lokala forvaltningen", "forvaltningsmodell"),
    "apparatus": ("apparaten", "organisationsapparat"),
    "political_system": ("politiska systemet",),
    "streamline": ("effektivisering",),
    "implement": ("genomforande", "genomfora", "infora", "inforande"),
    "adopt": ("antogs", "antagen", "antagna", "godkand"),
    "sign": ("undertecknad", "undertecknade", "undertecknat"),
    "issue": ("utfardad", "utfardade", "utfardat"),
    "announce": ("tillkannagivande", "tillkannagav", "tillkannagivandeceremonin"),
    "ceremony": ("ceremoni", "ceremonin"),
    "attend": ("deltog", "delta"),
    "effective": ("trader i kraft", "ikrafttradande"),
    "operate": ("verksamhet", "drift"),
    "directive": ("direktiv",),
    "conclusion": ("slutsats", "slutsatsen"),
    "decision": ("beslut", "beslutet"),
    "document": ("handling",),
    "report": ("rapport",),
    "submission": ("framstallning", "framstallningen"),
    "regulation": ("foreskrift", "foreskrifter"),
    "article": ("paragraf",),
    "clause": ("klausul",),
    "politburo": ("politbyran", "politbyrans"),
    "secretariat": ("sekretariatet",),
    "central_committee": ("centralkommitte", "centralkommitten"),
    "central": ("centrala", "centralregeringen"),
    "steering_committee": ("styrkommitte", "styrgrupp"),
    "national_assembly": ("nationalforsamling", "nationalforsamlingens"),
    "standing_committee": ("standiga kommitten", "standig"),
    "peoples_committee": ("folkkommitte", "folkkommitten"),
    "peoples_council": ("folkradet", "folkrad"),
    "party_committee": ("partikommitte", "partikommitten", "partikommitteer"),
    "party": ("parti", "partiets"),
    "congress": ("kongress", "partikongress"),
    "government": ("regering", "regeringen"),
    "inspection": (
        "inspektionskommitte",
        "inspektionskommissionen",
        "inspektionskommitten",
        "inspektionsbehorden",
    ),
    "commission": ("kommitte", "kommitten", "kommissionen"),
    "fatherland_front": ("fosterlandsfront",),
    "chairman": ("ordforande",),
    "vice": ("bitradande",),
    "permanent": ("standig",),
    "minister": ("hälsominister", "halsominister"),
    "health": ("halso", "halsominister"),
    "delegation": ("delegationen",),
    "comrade": ("kamrat", "kamraterna"),
    "leader": ("ledare", "ledarna"),
    "digital": ("digitala",),
    "transformation": ("omvandling", "omvandlingen"),
    "education": ("utbildning",),
    "movement": ("rorelse", "rorelsen", "kampanj"),
    "period": ("period", "perioden"),
    "term": ("mandatperiod", "mandatperioden"),
    "election": ("val", "valet"),
    "deputies": ("ledamoter",),
    "task": ("uppgift", "uppgifter"),
    "unfinished": ("oavslutade",),
    "growth": ("tillvaxt",),
    "investment": ("investering",),
    "expressway": ("motorvag",),
    "newspaper": ("tidning", "tidningen"),
    "personnel": ("kadrer", "personalen"),
    "population": ("befolkning", "invanare"),
    "area": ("areal", "yta"),
    "reduction": ("minska", "minskning"),
    "percent": ("procent",),
    "people": ("folket", "manniskor"),
    "working_session": ("arbetsmote",),
    "difficulty": ("svarigheter",),
    "recommend": ("foreslog", "rekommenderar"),
    "conference": ("konferens",),
    "date": ("dag", "dagen"),
    "year": ("aret",),
}


CHARS_PER_TOKEN = 3.3  # text length per embedding token, for chunk sizes


def detect_cues(word: str) -> Iterator[float]:
    """å is Swedish's own; ä and ö are shared with German."""
    lower = word.lower()
    if "å" in lower:
        yield 2
    if "ä" in lower or "ö" in lower:
        yield 0.5


# A document's type named before its number ("Nghị quyết số 60", answer/extract.py reads
# it when the number itself carries no type code); as written, matched ignoring case.
# No Swedish word for a submission (tờ trình) is read.
DOC_TYPE_WORDS: dict[str, tuple[str, ...]] = {
    "NQ": ("resolution",),
    "CT": ("direktiv",),
    "KL": ("slutsats",),
    "KH": ("plan",),
    "QD": ("beslut",),
    "DA": ("projekt",),
}
NUMBER_WORDS: tuple[str, ...] = (r"nr\.?",)


# An address question's frame words, as typed (matched ignoring case on the unfolded
# question): dropped before the place name is looked up, so "which ward" does not make
# "ward" part of the name (answer/lanes/address_question.py: strip_frame).
FRAME_WORDS: tuple[str, ...] = ("jag", "bodde", "bor", "vilken", "kommun", "nu", "tidigare", "idag")


LANGUAGE = Language.from_tables(globals())
