"""Old address → new (1 July 2025) commune-level unit, with its legal basis.

Why a package of its own: `haicap where` and the chat's address route must start fast
and work offline, so nothing here imports torch, sentence-transformers, pandas or the
`vietnamadminunits` parser (whose street path calls an online geocoder). Import the
submodules you need; this file stays empty on purpose.
"""
