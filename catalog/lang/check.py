#!/usr/bin/env python3
"""Checks the catalog's translations in catalog/lang/L/F against the English catalog/F, and
each language's template strings, catalog/lang/L/templates.toml, against the English ones in
catalog/lang/en/templates.toml (a plural's every form against the English `other` form).

A development aid (stdlib only); the Rust loader repeats these checks in `catalog check`.
Prints one finding per line as `FILE: PATH: what is wrong` and exits 1 when there are any,
0 (with "0 findings") when there are none.

Usage: python3 catalog/lang/check.py [LANG ...]   (default: every language below)
       python3 catalog/lang/check.py --self-test  (shows that each check can fail)
"""

import json
import re
import sys
import tomllib
from collections import Counter
from pathlib import Path

LANGS = ["de", "fr", "ja"]
FILES = ["models.toml", "processes.toml", "scenarios.toml", "tiers.toml", "texts.toml", "firm.toml", "terms.toml",
         "pricing.toml", "tax.toml"]

# Keys whose string values are not client-facing text: ids, codes, enum values, numbers
# written as strings, addresses. They are not translated and must not appear in a
# translation, except `id`, which every array-of-tables element keeps for matching.
NON_TEXT = {
    "id", "applies_to", "inherits", "version", "website", "email", "default_currency",
    "default_locale", "country", "place", "tax_id", "multiplier", "cost_multiplier",
    "deposit_percent", "payment_percent",
}

# Keys that are not text in one file only (the Rust loader's NOT_TEXT_IN): prices,
# percentages, codes, country lists, legal references.
NON_TEXT_IN = {
    "pricing.toml": {
        "base_currency", "hours_per_day", "fx_date", "rate", "cost", "sizes", "code", "fx", "tax_percent",
        "risk_premium_percent", "risk_premium", "tm_low_percent", "tm_high_percent", "role",
        "overage_percent", "min_hours", "discount_percent", "onboarding_base", "transition_fee",
        "fee_cost_percent", "billing_starts", "monthly", "onboarding", "policy",
    },
    "tax.toml": {
        "groups", "place", "from", "source", "local", "percent", "firm", "firm_not", "client",
        "client_not", "kind", "charge", "requires",
    },
}

# Values that may equal the English source: proper nouns and acronyms only.
# Cognates spelt as in English in a language ("Phase" in German and French).
SAME_AS_SOURCE = {"CatDev", "Phase", "DATE", "Ref. {ref}", "Ref. {hash}", "GST", "HST", "IGST", "GST/HST", "QST", "Moms",
                  "24/7 Premium",  # the top service level's name, as German writes it too
                  "ZATCA", "Applications", "TB", "Server", "Cluster", "application", "cluster", "applications", "clusters", "",
                  "h",  # the hour's symbol, as French writes it too
                  # the terminal quote's arithmetic, punctuated alike in German
                  "; ", "{label}: {expr} = {value}", " × {value} ({label})",
                  # the comma between a cover title's engagement names, as German and French write it
                  ", ",
                  # terms.toml's law.named: a law the intake names, as it stands in German and Japanese
                  "{name}"}

# Template strings that may equal the English ones: a word both languages write alike
# ("Name" in German; "Total", "Date", "Signature" in French; "Option" in both), and the
# punctuation that joins a list, leads in an item or writes a term in parentheses.
SAME_IN_TEMPLATES = {
    "{name}", "{name}, {title}",  # the client's contact, addressed as English does
    "Phase", "Option", "Option {number}: {name}", "Name", "Total", "Date", "Signature", "Revision",
    "{label}: {value}", "{engagement}: {payment}", "{start} –<br>{end}",
    "; ", ".", "**{title}.** ", "{title} ({months})",  " ({start} – {end}).", "{item} ({name})",
    " (", ")",  # around the consultant's contact details on the cover
    "{tax}",  # a tax named in a sentence, where the language needs no article
}

# The catalog's bound on every text (README, "Errors and limits"), in characters.
MAX_TEXT = 2000

PLACEHOLDER = re.compile(r"\{[^{}]*\}")
HEADER_MARK = "Sample texts shipped with propose"


def text_of(value, skip=NON_TEXT):
    """The client-facing part of a source value, or None when it has none (keys in `skip`
    are not text)."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        out = {}
        for key, val in value.items():
            if key == "id" and isinstance(val, str):
                out[key] = val
            elif key not in skip:
                kept = text_of(val, skip)
                if kept is not None:
                    out[key] = kept
        return out if any(k != "id" for k in out) else None
    if isinstance(value, list):
        if value and all(isinstance(v, str) for v in value):
            return list(value)
        if value and all(isinstance(v, dict) for v in value):
            kept = [text_of(v, skip) for v in value]
            if all(k is None for k in kept):
                return None
            # Elements are matched by id or position, so every element stays.
            return [k if k is not None else ({"id": v["id"]} if "id" in v else {}) for k, v in zip(kept, value)]
        return None
    return None


class Checker:
    def __init__(self):
        self.findings = []

    def find(self, where, path, message):
        self.findings.append(f"{where}: {path or '(top)'}: {message}")

    def compare(self, where, path, src, tr, lang):
        if isinstance(src, dict):
            if not isinstance(tr, dict):
                self.find(where, path, f"expected a table, found {type(tr).__name__}")
                return
            for key in src:
                if key not in tr:
                    self.find(where, f"{path}.{key}".lstrip("."), "missing: add the translation")
            for key in tr:
                if key not in src:
                    self.find(where, f"{path}.{key}".lstrip("."),
                              "extra key (not a text key of the source): remove it")
            for key in src:
                if key in tr:
                    sub = f"{path}.{key}".lstrip(".")
                    if key == "id":
                        if tr[key] != src[key]:
                            self.find(where, sub, f"id {tr[key]!r} where the source has "
                                      f"{src[key]!r}: keep the source's order and ids")
                    else:
                        self.compare(where, sub, src[key], tr[key], lang)
        elif isinstance(src, list):
            if not isinstance(tr, list):
                self.find(where, path, f"expected an array, found {type(tr).__name__}")
                return
            if len(tr) != len(src):
                self.find(where, path, f"{len(tr)} items where the source has {len(src)}")
            for i, (s, t) in enumerate(zip(src, tr)):
                label = f"{path}[{i}]"
                if isinstance(s, dict) and "id" in s:
                    label = f"{path}[{i}:{s['id']}]"
                self.compare(where, label, s, t, lang)
        else:
            self.compare_text(where, path, src, tr, lang)

    def compare_text(self, where, path, src, tr, lang):
        if not isinstance(tr, str):
            self.find(where, path, f"expected a string, found {type(tr).__name__}")
            return
        if not tr.strip() and src.strip():
            self.find(where, path, "empty: write the translation")
            return
        if len(tr) > MAX_TEXT:
            self.find(where, path, f"{len(tr)} characters, above the catalog's limit of {MAX_TEXT}: "
                      "shorten it")
        if tr == src and src not in SAME_AS_SOURCE:
            self.find(where, path, f"identical to the English source {src!r}: translate it "
                      "(or list it in SAME_AS_SOURCE if it is a proper noun)")
        want, got = Counter(PLACEHOLDER.findall(src)), Counter(PLACEHOLDER.findall(tr))
        if want != got:
            self.find(where, path, f"placeholders {sorted(got.elements())} where the source has "
                      f"{sorted(want.elements())}: keep each {{placeholder}} verbatim")
        self.typography(where, path, tr, lang)

    def compare_templates(self, where, src, tr, lang):
        """A language's template strings against the English ones: the same tables and keys,
        each a text or plural forms as in English, checked as texts are."""
        for section in sorted(set(src) | set(tr)):
            if section not in tr or section not in src:
                what = "missing: add the table" if section not in tr else "extra table: remove it"
                self.find(where, section, what)
                continue
            for key in sorted(set(src[section]) | set(tr[section])):
                path = f"{section}.{key}"
                if key not in tr[section] or key not in src[section]:
                    what = "missing: add the translation" if key not in tr[section] else "extra key: remove it"
                    self.find(where, path, what)
                    continue
                english, text = src[section][key], tr[section][key]
                if isinstance(english, str):
                    if text == english and english in SAME_IN_TEMPLATES:
                        continue
                    self.compare_text(where, path, english, text, lang)
                elif not isinstance(text, dict):
                    self.find(where, path, "expected plural forms, as the English has")
                else:
                    for form, value in text.items():
                        self.compare_text(where, f"{path}.{form}", english["other"], value, lang)

    def typography(self, where, path, text, lang):
        if lang == "fr":
            if re.search(r"(?<=\S) [;:!?»]|« ", text):
                self.find(where, path, "ordinary space before ; : ! ? » or after «: "
                          "use a narrow no-break space (U+202F)")
            if re.search(r"[^\s\u00a0\u202f\d][;:!?»]|«[^\u00a0\u202f]", text):
                self.find(where, path, "no no-break space before ; : ! ? » or after «")
            if re.search(r"\u00a0[;:!?»%]|«\u00a0", text):
                self.find(where, path, "a no-break space (U+00A0) before ; : ! ? » % or after «: "
                          "French sets a narrow one (U+202F)")
            if re.search(r"\d ?%", text):
                self.find(where, path, "a percentage without a narrow no-break space: write 7,5\u202f%")
        if lang == "de" and '"' in text:
            self.find(where, path, "straight quotes: use „…“")
        if lang == "ja":
            if re.search(r"[\u3040-\u30ff\u4e00-\u9fff][,.]|[,.][\u3040-\u30ff\u4e00-\u9fff]", text):
                self.find(where, path, "ASCII , or . next to Japanese text: use 、 or 。")
            if re.search(r"[\u3040-\u30ff\u4e00-\u9fff、。] [\u3040-\u30ff\u4e00-\u9fff]", text):
                self.find(where, path, "space between Japanese words: remove it")


def self_test():
    """Feeds each kind of defect to the checks and fails unless each one is found."""
    source = text_of({
        "id": "x", "email": "a@b.c", "title": "Next steps", "line": "Valid until {valid_until}.",
        "items": ["One", "Two"], "rows": [{"id": "a", "name": "Alpha"}, {"id": "b", "name": "Beta"}],
    })
    good = {"id": "x", "title": "Nächste Schritte", "line": "Gültig bis {valid_until}.",
            "items": ["Eins", "Zwei"], "rows": [{"id": "a", "name": "Alfa"}, {"id": "b", "name": "Beta2"}]}
    defects = {
        "missing": lambda t: t.pop("title"),
        "extra key": lambda t: t.update(email="a@b.c"),
        "id 'b'": lambda t: t.update(rows=list(reversed(t["rows"]))),
        "1 items": lambda t: t["items"].pop(),
        "placeholders": lambda t: t.update(line="Gültig bis {valid}."),
        "identical": lambda t: t.update(title="Next steps"),
        "empty": lambda t: t.update(title=" "),
        "characters": lambda t: t.update(title="x" * (MAX_TEXT + 1)),
        "straight quotes": lambda t: t.update(title='"Schritte"'),
    }
    clean = Checker()
    clean.compare("self", "", source, good, "de")
    failures = [f"a clean translation has findings: {clean.findings}"] if clean.findings else []
    for expected, damage in defects.items():
        translated = json.loads(json.dumps(good))
        damage(translated)
        checker = Checker()
        checker.compare("self", "", source, translated, "de")
        if not any(expected in f for f in checker.findings):
            failures.append(f"{expected!r} not found; findings: {checker.findings}")
    english = {"scope": {"why": "Why:", "days": {"one": "{n} day", "other": "{n} days"}}}
    for expected, translated in [
        ("missing", {"scope": {"why": "Warum:"}}),
        ("extra key", {"scope": {"why": "Warum:", "days": {"other": "{n} Tage"}, "x": "y"}}),
        ("placeholders", {"scope": {"why": "Warum:", "days": {"one": "ein Tag", "other": "{n} Tage"}}}),
        ("expected plural forms", {"scope": {"why": "Warum:", "days": "{n} Tage"}}),
    ]:
        checker = Checker()
        checker.compare_templates("self", english, translated, "de")
        if not any(expected in f for f in checker.findings):
            failures.append(f"templates: {expected!r} not found; findings: {checker.findings}")
    for lang, text, expected in [
        ("fr", "Prochaines étapes : signer", "ordinary space"),
        ("fr", "Prochaines étapes: signer", "no no-break space"),
        ("fr", "Prochaines étapes\u00a0: signer", "narrow one"),
        ("fr", "«\u00a0Pilote\u202f»", "narrow one"),
        ("fr", "taux de 15\u00a0%", "narrow one"),
        ("fr", "taux de 15%", "percentage"),
        ("ja", "次の手順,署名", "ASCII"),
        ("ja", "次の 手順", "space between"),
    ]:
        checker = Checker()
        checker.typography("self", "", text, lang)
        if not any(expected in f for f in checker.findings):
            failures.append(f"{lang} {text!r}: {expected!r} not found")
    for failure in failures:
        print(failure)
    print("self-test " + ("failed" if failures else "passed"))
    return 1 if failures else 0


def main(argv):
    if argv == ["--self-test"]:
        return self_test()
    root = Path(__file__).resolve().parent
    catalog = root.parent
    langs = argv or LANGS
    checker = Checker()
    for lang in langs:
        for name in FILES:
            where = f"{lang}/{name}"
            path = root / lang / name
            if not path.is_file():
                checker.find(where, "", "file missing")
                continue
            raw = path.read_text(encoding="utf-8")
            if not raw.startswith("#") or HEADER_MARK not in raw.split("\n\n", 1)[0]:
                checker.find(where, "", f"the comment header must come first and say "
                             f"{HEADER_MARK!r}")
            try:
                translated = tomllib.loads(raw)
            except tomllib.TOMLDecodeError as err:
                checker.find(where, "", f"does not parse: {err}")
                continue
            with open(catalog / name, "rb") as f:
                source = text_of(tomllib.load(f), NON_TEXT | NON_TEXT_IN.get(name, set())) or {}
            checker.compare(where, "", source, translated, lang)
        where = f"{lang}/templates.toml"
        try:
            english = tomllib.loads((root / "en" / "templates.toml").read_text(encoding="utf-8"))
            strings = tomllib.loads((root / lang / "templates.toml").read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as err:
            checker.find(where, "", f"cannot be read: {err}")
            continue
        checker.compare_templates(where, english, strings, lang)
    for finding in checker.findings:
        print(finding)
    print(f"{len(checker.findings)} findings")
    return 1 if checker.findings else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
