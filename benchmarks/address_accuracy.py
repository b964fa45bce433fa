"""Accuracy of the address resolver against the dvhcvn-20250701 reference, per variant.

    .venv/bin/python benchmarks/address_accuracy.py [--step N] [--variants full,folded,...]

Columns: found ok = the right old unit found; new=ref = our new units equal the
reference's; prov ok = the right new province; ambig+ / ambig- = "ambiguous" with /
without the right unit among the candidates; wrong = a different unit "found"; none =
not found; uniq ok = found ok among addresses whose text names one unit only; basis =
found answers carrying a legal basis; split = reference splits listed in full.
Where our data and the reference differ, the resolutions support ours (see
retrieval/address/DATA_NOTES.md and tests/test_address_legal.py).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from address_sweep import VARIANTS, load_reference, score_variant, table

from retrieval.address.gazetteer import get_gazetteer
from retrieval.address.resolver import Resolver


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--step", type=int, default=1, help="take every N-th reference unit")
    parser.add_argument("--variants", default=",".join(VARIANTS), help="comma-separated variants")
    parser.add_argument("--examples", action="store_true", help="print a few misses per variant")
    args = parser.parse_args()
    started = time.perf_counter()
    resolver = Resolver(get_gazetteer(None, None))
    units, unplaced = load_reference(resolver.gazetteer)
    print(
        f"reference units: {len(units) + len(unplaced)} "
        f"({len(unplaced)} former names not in our data)"
    )
    differ = sum(
        1 for r in units if {e.new_code for e in resolver.gazetteer.new_of(r.target)} != r.new_codes
    )
    print(
        f"old units whose new units differ from the reference: {differ} "
        "(all decided by the resolutions)"
    )
    scores = []
    for variant in args.variants.split(","):
        scores.append(score_variant(resolver, variant.strip(), units, step=args.step))
    print()
    print(table(scores))
    if args.examples:
        for score in scores:
            for kind, examples in score.examples.items():
                print(f"\n{score.variant} / {kind}:")
                for example in examples:
                    print(f"  {example}")
    print(f"\n{time.perf_counter() - started:.1f} s in all")
    return 0


if __name__ == "__main__":
    sys.exit(main())
