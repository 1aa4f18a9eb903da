#!/usr/bin/env python3
"""Builds assets/gazetteers/countries.tsv, the starter gazetteer of country names in Arabic,
Persian and English, from Debian's iso-codes package (ISO 3166-1 and its translations,
LGPL-2.1-or-later; see assets/gazetteers/LICENSE-iso-codes).

    apt-get install iso-codes
    python3 tools/gazetteer/build.py > assets/gazetteers/countries.tsv

Each line is `form<TAB>GPE<TAB>iso3166:XX`. Every name iso-codes gives (name, common name,
official name) is a form in each language; a name with a comma ("Iran, Islamic Republic of",
«إيران، الجمهوريّة الإسلاميّة الإيرانيّة») also gives the part before the comma, its short name.
"""

import gettext
import json
import sys

SOURCE = "/usr/share/iso-codes/json/iso_3166-1.json"
LANGUAGES = ["ar", "fa"]


def forms(name):
    out = [name.strip()]
    for comma in ("،", ","):
        if comma in name:
            out.append(name.split(comma, 1)[0].strip())
    return [f for f in out if f]


def main():
    with open(SOURCE, encoding="utf-8") as f:
        countries = json.load(f)["3166-1"]
    translations = {
        lang: gettext.translation("iso_3166-1", localedir="/usr/share/locale", languages=[lang])
        for lang in LANGUAGES
    }
    version = "unknown"
    try:
        with open("/usr/share/doc/iso-codes/changelog.Debian.gz", "rb") as f:
            import gzip

            version = gzip.decompress(f.read()).decode().split("(", 1)[1].split(")", 1)[0]
    except (OSError, IndexError):
        pass
    out = sys.stdout
    out.write("# Country names in English, Arabic and Persian: Hamesh's starter gazetteer.\n")
    out.write(f"# Built by tools/gazetteer/build.py from Debian's iso-codes {version}\n")
    out.write("# (ISO 3166-1 and its translations), LGPL-2.1-or-later: see LICENSE-iso-codes.\n")
    out.write("# form\tlabel\tentity\n")
    seen = set()
    for c in countries:
        entity = f"iso3166:{c['alpha_2']}"
        english = [c[k] for k in ("name", "common_name", "official_name") if k in c]
        names = list(english)
        for t in translations.values():
            names += [t.gettext(n) for n in english]
        for name in names:
            for form in forms(name):
                key = (form, entity)
                if key in seen:
                    continue
                seen.add(key)
                out.write(f"{form}\tGPE\t{entity}\n")


if __name__ == "__main__":
    main()
