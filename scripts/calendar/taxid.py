#!/usr/bin/env python3
"""Tax-ID formats for propose: patterns, check-digit algorithms and example IDs.

    python3 gen/taxid.py            # writes data/tax-ids.toml (deterministic)
    python3 gen/taxid.py --check    # also cross-checks every example against python-stdnum,
                                    # if installed (dev aid only; stdnum is LGPL, not shipped)

Every ID here is SYNTHETIC: built from a run of digits with the check digits computed, so it
passes the format and checksum but is not known to belong to anyone. Not for sending to VIES.

Normalisation before matching (same in Rust): uppercase; drop spaces, dots, hyphens and
slashes; for CH and NO keep the suffix (MWST/TVA/IVA, MVA) that the normalisation glued on.
"""

from __future__ import annotations

import pathlib
import re
import sys

# ---------------------------------------------------------------------------------------------
# Check-digit algorithms. Each takes the normalised ID WITHOUT the country prefix and returns
# True/False. The names are what tax-ids.toml stores in `check`, and what Rust implements.


def digits(s):
    return [int(c) for c in s]


def luhn_ok(s: str) -> bool:
    total = 0
    for i, d in enumerate(reversed(digits(s))):
        if i % 2:
            d *= 2
            d -= 9 if d > 9 else 0
        total += d
    return total % 10 == 0


def mod11_10_ok(s: str) -> bool:
    """ISO 7064 MOD 11,10 (DE, HR)."""
    p = 10
    for d in digits(s[:-1]):
        t = (d + p) % 10 or 10
        p = (2 * t) % 11
    return (11 - p) % 10 == int(s[-1])


def check_at(s):  # "U" + 8 digits
    d = digits(s[1:])
    tot = 0
    for i, x in enumerate(d[:7]):
        if i % 2:
            x *= 2
            x = x // 10 + x % 10
        tot += x
    return (10 - (tot + 4) % 10) % 10 == d[7]


def check_be(s):
    # Officially 97 - (n mod 97); checked as (n + check) mod 97 == 0, which also accepts the
    # equivalent check + 97 (as python-stdnum does): lenient rather than reject a real number.
    return (int(s[:8]) + int(s[8:])) % 97 == 0


def check_dk(s):
    return sum(a * b for a, b in zip(digits(s), (2, 7, 6, 5, 4, 3, 2, 1))) % 11 == 0


def check_ee(s):
    return sum(a * b for a, b in zip(digits(s), (3, 7, 1, 3, 7, 1, 3, 7, 1))) % 10 == 0


def check_el(s):
    tot = sum(a * b for a, b in zip(digits(s[:8]), (256, 128, 64, 32, 16, 8, 4, 2)))
    return tot % 11 % 10 == int(s[8])


def check_fi(s):
    r = sum(a * b for a, b in zip(digits(s[:7]), (7, 9, 10, 5, 8, 4, 2))) % 11
    return r != 1 and (0 if r == 0 else 11 - r) == int(s[7])


def check_fr(s):
    key, siren = s[:2], s[2:]
    if not luhn_ok(siren):
        return False
    if key.isdigit():
        return int(key) == (12 + 3 * (int(siren) % 97)) % 97
    return True  # alphanumeric keys (new style): no published check


def check_hu(s):
    return sum(a * b for a, b in zip(digits(s), (9, 7, 3, 1, 9, 7, 3, 1))) % 10 == 0


def check_lu(s):
    return int(s[:6]) % 89 == int(s[6:])


def check_mt(s):
    tot = sum(a * b for a, b in zip(digits(s[:6]), (3, 4, 6, 7, 8, 9)))
    return (tot + int(s[6:])) % 37 == 0


def check_nl(s):  # 9 digits + "B" + 2 digits
    num = s[:9]
    w = sum(a * b for a, b in zip(digits(num[:8]), (9, 8, 7, 6, 5, 4, 3, 2)))
    if (w - int(num[8])) % 11 == 0:
        return True
    # Since 2020 (sole proprietors): ISO 7064 MOD 97-10 over "NL" + number, letters as 10..35.
    conv = "".join(str(ord(c) - 55) if c.isalpha() else c for c in "NL" + s)
    return int(conv) % 97 == 1


def check_pl(s):
    r = sum(a * b for a, b in zip(digits(s[:9]), (6, 5, 7, 2, 3, 4, 5, 6, 7))) % 11
    return r != 10 and r == int(s[9])


def check_pt(s):
    r = 11 - sum(a * b for a, b in zip(digits(s[:8]), (9, 8, 7, 6, 5, 4, 3, 2))) % 11
    return (0 if r > 9 else r) == int(s[8])


def check_se(s):
    return s.endswith("01") and luhn_ok(s[:10])


def check_si(s):
    r = 11 - sum(a * b for a, b in zip(digits(s[:7]), (8, 7, 6, 5, 4, 3, 2))) % 11
    return r != 11 and (0 if r == 10 else r) == int(s[7])


def check_sk(s):
    return int(s) % 11 == 0


def check_gb(s):
    if s.startswith(("GD", "HA")):
        n = int(s[2:])
        return n < 500 if s.startswith("GD") else n >= 500
    base = s[:9]
    # Mod 97 (remainder 0) or, for numbers from 100 0000 00 on, the "9755" scheme (remainder
    # 42); remainder 55 is accepted too, as python-stdnum does.
    tot = (sum(a * b for a, b in zip(digits(base[:7]), (8, 7, 6, 5, 4, 3, 2))) + int(base[7:])) % 97
    return tot == 0 or (int(base[:3]) >= 100 and tot in (42, 55))


def check_ch(s):  # "E" + 9 digits + suffix, as normalised from CHE-123.456.789 MWST
    d = digits(s[1:10])
    r = 11 - sum(a * b for a, b in zip(d[:8], (5, 4, 3, 2, 7, 6, 5, 4))) % 11
    return r != 10 and (0 if r == 11 else r) == d[8]


def check_no(s):  # 9 digits + "MVA"
    d = digits(s[:9])
    r = 11 - sum(a * b for a, b in zip(d[:8], (3, 2, 7, 6, 5, 4, 3, 2))) % 11
    return r != 10 and (0 if r == 11 else r) == d[8]


def check_au_abn(s):
    d = digits(s)
    d[0] -= 1
    return sum(a * b for a, b in zip(d, (10, 1, 3, 5, 7, 9, 11, 13, 15, 17, 19))) % 89 == 0


def check_ca_bn(s):  # 9-digit BN, optionally followed by "RT" + 4 digits
    return luhn_ok(s[:9])


def check_jp_corporate(s):  # "T" + 13 digits; first digit checks the other 12
    d = digits(s[1:])
    base = d[1:]
    tot = sum(x * (1 if n % 2 else 2) for n, x in enumerate(reversed(base), start=1))
    return 9 - tot % 9 == d[0]


GSTIN_CHARS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def gstin_check_char(s14: str) -> str:
    tot = 0
    for i, c in enumerate(s14):
        p = GSTIN_CHARS.index(c) * (2 if i % 2 else 1)
        tot += p // 36 + p % 36
    return GSTIN_CHARS[(36 - tot % 36) % 36]


def check_in_gstin(s):
    return gstin_check_char(s[:14]) == s[14]


CHECKS = {
    "luhn": luhn_ok, "iso7064-11-10": mod11_10_ok, "at": check_at, "be": check_be,
    "dk": check_dk, "ee": check_ee, "el": check_el, "fi": check_fi, "fr": check_fr,
    "hu": check_hu, "lu": check_lu, "mt": check_mt, "nl": check_nl, "pl": check_pl,
    "pt": check_pt, "se": check_se, "si": check_si, "sk": check_sk, "gb": check_gb,
    "ch": check_ch, "no": check_no, "au-abn": check_au_abn, "ca-bn": check_ca_bn,
    "jp-corporate": check_jp_corporate, "in-gstin": check_in_gstin,
}

# ---------------------------------------------------------------------------------------------
# Formats. `prefix` is what the written ID starts with (the VIES prefix: EL for Greece);
# `pattern` matches what follows the prefix after normalisation (anchored both ends).
# `check` names the algorithm above, or "" for format only.
# `valid` / `invalid`: examples as a person would write them (normalisation applies).

FORMATS = [
    # --- EU member states (VIES formats) ---
    dict(country="AT", name="UID-Nummer (VAT ID)", prefix="AT", pattern=r"U[0-9]{8}", check="at"),
    dict(country="BE", name="BTW/TVA number", prefix="BE", pattern=r"[01][0-9]{9}", check="be"),
    dict(country="BG", name="VAT ID (ИН по ДДС)", prefix="BG", pattern=r"[0-9]{9,10}", check=""),
    dict(country="CY", name="VAT ID", prefix="CY", pattern=r"[0-59][0-9]{7}[A-Z]", check=""),
    dict(country="CZ", name="DIČ", prefix="CZ", pattern=r"[0-9]{8,10}", check=""),
    dict(country="DE", name="USt-IdNr.", prefix="DE", pattern=r"[1-9][0-9]{8}", check="iso7064-11-10"),
    dict(country="DK", name="CVR/SE number", prefix="DK", pattern=r"[1-9][0-9]{7}", check="dk"),
    dict(country="EE", name="KMKR number", prefix="EE", pattern=r"10[0-9]{7}", check="ee"),
    dict(country="GR", name="ΑΦΜ (VAT ID)", prefix="EL", pattern=r"[0-9]{9}", check="el"),
    dict(country="ES", name="NIF/IVA", prefix="ES", pattern=r"[0-9A-Z][0-9]{7}[0-9A-Z]", check=""),
    dict(country="FI", name="ALV number", prefix="FI", pattern=r"[0-9]{8}", check="fi"),
    dict(country="FR", name="numéro de TVA intracommunautaire", prefix="FR",
         pattern=r"[0-9A-HJ-NP-Z]{2}[0-9]{9}", check="fr"),
    dict(country="HR", name="OIB", prefix="HR", pattern=r"[0-9]{11}", check="iso7064-11-10"),
    dict(country="HU", name="közösségi adószám", prefix="HU", pattern=r"[0-9]{8}", check="hu"),
    dict(country="IE", name="VAT number", prefix="IE",
         pattern=r"[0-9]{7}[A-W][A-IW]?|[0-9][A-Z+*][0-9]{5}[A-W]", check=""),
    dict(country="IT", name="Partita IVA", prefix="IT",
         pattern=r"[0-9]{7}(00[1-9]|0[1-9][0-9]|100|12[01]|888|999)[0-9]", check="luhn"),
    dict(country="LT", name="PVM mokėtojo kodas", prefix="LT", pattern=r"[0-9]{9}|[0-9]{12}", check=""),
    dict(country="LU", name="numéro d'identification TVA", prefix="LU", pattern=r"[0-9]{8}", check="lu"),
    dict(country="LV", name="PVN numurs", prefix="LV", pattern=r"[0-9]{11}", check=""),
    dict(country="MT", name="VAT number", prefix="MT", pattern=r"[1-9][0-9]{7}", check="mt"),
    dict(country="NL", name="btw-identificatienummer", prefix="NL", pattern=r"[0-9]{9}B(0[1-9]|[1-9][0-9])", check="nl"),
    dict(country="PL", name="NIP", prefix="PL", pattern=r"[0-9]{10}", check="pl"),
    dict(country="PT", name="NIF", prefix="PT", pattern=r"[1-9][0-9]{8}", check="pt"),
    dict(country="RO", name="CIF/CUI", prefix="RO", pattern=r"[1-9][0-9]{1,9}", check=""),
    dict(country="SE", name="momsregistreringsnummer", prefix="SE", pattern=r"[0-9]{10}01", check="se"),
    dict(country="SI", name="ID za DDV", prefix="SI", pattern=r"[1-9][0-9]{7}", check="si"),
    dict(country="SK", name="IČ DPH", prefix="SK", pattern=r"[1-9][0-9][2-47-9][0-9]{7}", check="sk"),
    # --- Europe outside the EU ---
    dict(country="GB", name="VAT registration number", prefix="GB",
         pattern=r"[0-9]{9}|[0-9]{12}|GD[0-4][0-9]{2}|HA[5-9][0-9]{2}", check="gb"),
    dict(country="CH", name="UID/MWST-Nr.", prefix="CH", pattern=r"E[0-9]{9}(MWST|TVA|IVA)", check="ch"),
    dict(country="LI", name="MWST-Nr. (Liechtenstein)", prefix="", pattern=r"[0-9]{5}", check=""),
    dict(country="NO", name="organisasjonsnummer + MVA", prefix="NO", pattern=r"[0-9]{9}MVA", check="no"),
    # --- elsewhere ---
    dict(country="AU", name="ABN", prefix="", pattern=r"[1-9][0-9]{10}", check="au-abn"),
    dict(country="CA", name="GST/HST registration number (BN + RT)", prefix="",
         pattern=r"[0-9]{9}RT[0-9]{4}", check="ca-bn"),
    dict(country="CA-QC", name="QST registration number", prefix="", pattern=r"[0-9]{10}TQ[0-9]{4}", check=""),
    dict(country="JP", name="Qualified Invoice Issuer registration number", prefix="",
         pattern=r"T[1-9][0-9]{12}", check="jp-corporate"),
    dict(country="IN", name="GSTIN", prefix="",
         pattern=r"(0[1-9]|[12][0-9]|3[0-8]|97|99)[A-Z]{3}[ABCFGHJLPTK][A-Z][0-9]{4}[A-Z][1-9A-Z]Z[0-9A-Z]", check="in-gstin"),
    dict(country="SA", name="VAT registration number (TIN)", prefix="", pattern=r"3[0-9]{13}3", check=""),
    dict(country="AE", name="Tax Registration Number (TRN)", prefix="", pattern=r"100[0-9]{12}", check=""),
    dict(country="BH", name="VAT account number", prefix="", pattern=r"[0-9]{15}", check=""),
    dict(country="OM", name="VAT registration number", prefix="OM", pattern=r"[0-9]{10}", check=""),
    dict(country="NZ", name="GST number (IRD number)", prefix="", pattern=r"[0-9]{8,9}", check=""),
    dict(country="SG", name="GST registration number", prefix="",
         pattern=r"[0-9]{8}[A-Z]|[0-9]{9}[A-Z]|[STRM][0-9]{2}[A-Z]{2}[0-9]{4}[A-Z]|M[0-9]{8}[A-Z]|M[0-9]-?[0-9]{7}-?[0-9A-Z]", check=""),
    dict(country="KR", name="business registration number", prefix="", pattern=r"[0-9]{10}", check=""),
    dict(country="ZA", name="VAT vendor number", prefix="", pattern=r"4[0-9]{9}", check=""),
    dict(country="IL", name="VAT file number (osek)", prefix="", pattern=r"[0-9]{9}", check=""),
]

# Synthetic examples: (country, valid as written, invalid as written, why invalid).
# Valid ones are produced by make_valid() from a stem; they are checked below.


def make_valid(fmt) -> str:
    """A deterministic synthetic ID that passes the pattern and check."""
    cc, check = fmt["country"], fmt["check"]
    stems = {
        "AT": "U1234567", "BE": "01234567", "BG": "123456786", "CY": "10012345Y", "CZ": "12345679",
        "DE": "12345678", "DK": "1234567", "EE": "10123456", "GR": "12345678", "ES": "B1234567",
        "FI": "1234567", "FR": "12345678", "HR": "1234567890", "HU": "1234567", "IE": "1234567",
        "IT": "1234567001", "LT": "123456715", "LU": "123456", "LV": "40003123453", "MT": "123456",
        "NL": "12345678", "PL": "123456789", "PT": "12345678", "RO": "1234565", "SE": "123456789",
        "SI": "1234567", "SK": "212345678", "GB": "1234567", "CH": "11640781", "LI": "12345",
        "NO": "12345678", "AU": "512345678", "CA": "12345678", "CA-QC": "1234567890",
        "JP": "123456789012", "IN": "29ABCCX1234D1Z", "SA": "30012345678900", "AE": "100123456789012",
        "BH": "200012345678903", "OM": "1100123456", "NZ": "49091850", "SG": "200312345H",
        "KR": "1234567890", "ZA": "4123456789", "IL": "512345679",
    }
    s = stems[cc]
    if check == "":
        # ES: company NIF = letter + 7 digits + control character (not checked here).
        body = s + {"ES": "4", "IE": "T", "CA-QC": "TQ0001", "SA": "3"}.get(cc, "")
        return (fmt["prefix"] + body) if fmt["prefix"] else body
    # Append check digits by search (deterministic: smallest that passes; bump the stem if none).
    base = s
    for bump in range(1000):
        b = base if bump == 0 else base[:-1] + str((int(base[-1]) + bump) % 10)
        for tail in tails(fmt):
            body = b + tail if cc not in ("CA", "SE", "NO", "CH", "NL", "JP", "FR") else arrange(cc, b, tail)
            if body is None:
                continue
            if re.fullmatch(fmt["pattern"], body) and CHECKS[check](body):
                return fmt["prefix"] + body
    raise SystemExit(f"no valid example for {cc}")


def tails(fmt):
    cc = fmt["country"]
    if cc in ("BE", "MT", "LU", "GB", "AU"):
        return [f"{i:02d}" for i in range(100)]
    if cc == "IN":
        return list(GSTIN_CHARS)
    return [str(i) for i in range(10)]


def arrange(cc, b, tail):
    if cc == "CA":
        return b + tail + "RT0001"
    if cc == "SE":
        return b + tail + "01"
    if cc == "NO":
        return b + tail + "MVA"
    if cc == "CH":
        return "E" + b + tail + "MWST"
    if cc == "NL":
        return b + tail + "B01"
    if cc == "JP":
        return "T" + tail + b
    if cc == "FR":
        siren = b + tail
        return f"{(12 + 3 * (int(siren) % 97)) % 97:02d}" + siren
    return None


def normalise(s: str) -> str:
    return re.sub(r"[\s.\-/]", "", s.upper())


def split_prefix(fmt, written: str):
    n = normalise(written)
    p = fmt["prefix"]
    if p and not n.startswith(p):
        return None
    return n[len(p):]


def validate(fmt, written: str) -> bool:
    body = split_prefix(fmt, written)
    if body is None or not re.fullmatch(fmt["pattern"], body):
        return False
    return CHECKS[fmt["check"]](body) if fmt["check"] else True


def pretty(fmt, valid: str) -> str:
    """How the ID is usually written (for docs and init comments)."""
    cc = fmt["country"]
    b = split_prefix(fmt, valid)
    if cc == "CH":
        return f"CHE-{b[1:4]}.{b[4:7]}.{b[7:10]} {b[10:]}"
    if cc == "NO":
        return f"NO {b[:9]} MVA"
    if cc == "AU":
        return f"{b[:2]} {b[2:5]} {b[5:8]} {b[8:]}"
    if cc == "CA":
        return f"{b[:9]} RT {b[11:]}"
    if cc == "CA-QC":
        return f"{b[:10]} TQ {b[12:]}"
    if cc == "GB" and len(b) == 9:
        return f"GB {b[:3]} {b[3:7]} {b[7:]}"
    return valid


def corrupt(fmt, valid: str) -> tuple[str, str]:
    """An invalid example: wrong check digit if there is a check, else wrong length."""
    if fmt["check"]:
        # Change the last digit that keeps the pattern but breaks the check.
        n = normalise(valid)
        idxs = [i for i, c in enumerate(n) if c.isdigit()]
        for i in reversed(idxs):
            for d in "0123456789":
                cand = n[:i] + d + n[i + 1:]
                if cand != n and split_prefix(fmt, cand) is not None and \
                        re.fullmatch(fmt["pattern"], split_prefix(fmt, cand)) and not validate(fmt, cand):
                    return cand, "check digit"
    n = normalise(valid)
    for cand, why in ((n + "X", "trailing letter"), (n[:-1], "length"), (n + "0", "length")):
        if not validate(fmt, cand):
            return cand, why
    raise SystemExit(f"no invalid example for {fmt['country']}")


def toml_str(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def main() -> int:
    out = pathlib.Path(__file__).resolve().parents[2] / "catalog" / "tax-ids.toml"
    lines = [
        "# Tax-ID formats by country. SAMPLE DATA: formats as published by the tax authorities",
        "# (EU: the VIES formats), check digits where the algorithm is public. Not a validation",
        "# service: a well-formed ID may still be unregistered; check VIES / the authority.",
        "# Generated by gen/taxid.py; the examples are synthetic (computed check digits).",
        "#",
        "# Matching: normalise (uppercase; drop spaces . - /), require `prefix`, then the rest must",
        "# match `pattern` in full (anchored), then pass `check` (named algorithm) if not empty.",
        "",
    ]
    check_stdnum = "--check" in sys.argv
    for fmt in FORMATS:
        valid = make_valid(fmt)
        assert validate(fmt, valid), (fmt["country"], valid)
        assert validate(fmt, pretty(fmt, valid)), (fmt["country"], pretty(fmt, valid))
        bad, why = corrupt(fmt, valid)
        assert not validate(fmt, bad), (fmt["country"], bad)
        fmt["valid"], fmt["pretty"], fmt["invalid"], fmt["why"] = valid, pretty(fmt, valid), bad, why
        lines += [
            "[[tax_id]]",
            f"country = {toml_str(fmt['country'])}",
            f"name = {toml_str(fmt['name'])}",
            f"prefix = {toml_str(fmt['prefix'])}",
            f"pattern = {toml_str(fmt['pattern'])}",
            f"check = {toml_str(fmt['check'])}",
            f"example = {toml_str(fmt['pretty'])}",
            f"invalid = {toml_str(bad)}  # {why}",
            "",
        ]
    out.write_text("\n".join(lines), encoding="utf-8", newline="\n")
    print(f"wrote {out} ({len(FORMATS)} formats)")
    if check_stdnum:
        cross_check()
    return 0


def cross_check():
    try:
        from stdnum import get_cc_module
    except ImportError:
        print("python-stdnum not installed: skipped the cross-check")
        return
    mods = {"GR": ("gr", "vat"), "CA": ("ca", "bn"), "AU": ("au", "abn"), "JP": ("jp", "cn"),
            "IN": ("in", "gstin"), "CH": ("ch", "vat"), "NO": ("no", "mva"), "GB": ("gb", "vat")}
    agree = disagree = 0
    for fmt in FORMATS:
        cc = fmt["country"]
        if "-" in cc:
            continue
        c, kind = mods.get(cc, (cc.lower(), "vat"))
        try:
            mod = get_cc_module(c, kind)
        except Exception:
            mod = None
        if mod is None:
            print(f"  {cc}: no python-stdnum module")
            continue
        v = fmt["valid"]
        if cc == "CA":
            v = v[:9]
        if cc == "JP":
            v = v[1:]
        ok_valid = mod.is_valid(v)
        bad = fmt["invalid"] if cc not in ("CA", "JP") else None
        ok_bad = (not mod.is_valid(bad)) if bad else True
        if ok_valid and ok_bad:
            agree += 1
        else:
            disagree += 1
        print(f"  {cc}: stdnum says valid={ok_valid} for {fmt['valid']}, "
              f"invalid-rejected={ok_bad} for {fmt['invalid']}")
    print(f"python-stdnum agrees on {agree}, disagrees on {disagree}")


if __name__ == "__main__":
    sys.exit(main())
