"""Function words (folded) of every question language, ignored when matching.

Why the union: a question's language may be mis-guessed and questions mix languages, so
a word that is a function word in any of them never carries a question's content. The
lists live per language in haicap/languages; this is their union, computed once.
"""

from __future__ import annotations

from haicap.languages import all_stopwords

ALL = all_stopwords()
