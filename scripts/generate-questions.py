#!/usr/bin/env python3
"""Writes a questions CSV for `kring import questions` with N rows (default 100000) in the demo
municipality's postcodes (9901-9925), deterministic from a fixed seed. With --bad LINE, that
line (counting the header as line 1) gets an unknown postcode.

    python3 scripts/generate-questions.py 100000 > /tmp/vragen.csv
"""
import random
import sys

POSTCODES = ["9901", "9902", "9903", "9904", "9905", "9911", "9912", "9913", "9914", "9915",
             "9921", "9922", "9923", "9924", "9925"]
THEMES = ["eenzaamheid", "bewegen", "geldzaken", "opvoeden", "taal", "dagstructuur", "mantelzorg",
          "psychisch-welzijn", "huishouden", "werk-en-meedoen", "digitale-vaardigheden", "gezondheid"]
DAYS = ["ma", "di", "wo", "do", "vr", "za", "zo"]
PARTS = ["ochtend", "middag", "avond"]
LANGUAGES = ["nl", "ar", "tr", "ti", "pl", "en"]


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    bad = int(sys.argv[sys.argv.index("--bad") + 1]) if "--bad" in sys.argv else None
    rng = random.Random(4)
    out = sys.stdout
    out.write("postcode,themes,text,availability,languages,name,phone,max_travel_m,individual_only,urgency,external_id\n")
    for i in range(n):
        line = i + 2
        postcode = "1234" if line == bad else rng.choice(POSTCODES) + "AB"
        themes = "|".join(rng.sample(THEMES, rng.randint(1, 2)))
        slots = "|".join(f"{rng.choice(DAYS)}-{rng.choice(PARTS)}" for _ in range(rng.randint(1, 3)))
        languages = "|".join(rng.sample(LANGUAGES, rng.randint(1, 2)))
        reach = rng.choice(["lopen", "fiets", "ov", "1500"])
        alone = "ja" if rng.random() < 0.1 else "nee"
        urgency = rng.choice(["laag", "normaal", "normaal", "hoog"])
        out.write(f"{postcode},{themes},Vraag nummer {i} over {themes.split('|')[0]},{slots},{languages},"
                  f"Bewoner {i},06{rng.randint(10000000, 99999999)},{reach},{alone},{urgency},B-{i}\n")


if __name__ == "__main__":
    main()
