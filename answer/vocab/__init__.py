"""Word lists the answer steps share: provinces, stopwords, a small reform glossary."""
