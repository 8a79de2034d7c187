#!/usr/bin/env python3
"""Reference implementation of propose's tax-rule resolution, over data/tax.toml.

    python3 gen/tax_resolve.py            # checks the catalog, prints the test matrix

It follows, step by step, the algorithm stated in NOTES.md ("Tax: resolution"), so the Rust
implementation and its tests can be compared with it. Python 3.11+ (tomllib).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import pathlib
import sys
import tomllib
from decimal import Decimal

HERE = pathlib.Path(__file__).resolve().parent
DATA = HERE.parents[1] / "catalog"
sys.path.insert(0, str(HERE))
import taxid  # noqa: E402

KINDS = ("business", "consumer", "public")


class IntakeError(Exception):
    """A located error in the intake (the Rust side points at the field)."""

    def __init__(self, field, message):
        super().__init__(f"{field}: {message}")
        self.field = field


@dataclasses.dataclass
class Firm:
    country: str                  # "GB-ENG"
    tax_id: str | None = None
    registrations: tuple = ()     # (place, tax_id)


@dataclasses.dataclass
class Client:
    country: str                  # "DE" or "CA-QC"
    kind: str = "business"
    tax_id: str | None = None


def load():
    cat = tomllib.loads((DATA / "tax.toml").read_text(encoding="utf-8"))
    check_catalog(cat)
    return cat


def country_of(place: str) -> str:
    return place.split("-")[0]


def expand(cat, places) -> list[str]:
    out = []
    for p in places or []:
        if p.startswith("@"):
            out += cat["groups"][p[1:]]
        else:
            out.append(p)
    return out


def in_places(cat, place: str, places) -> bool:
    """A place is in a list if the list names it, or names its country."""
    ps = expand(cat, places)
    return place in ps or country_of(place) in ps


def check_catalog(cat):
    countries = {l.split("\t")[0] for l in (DATA / "calendars" / "countries.txt").read_text().splitlines()
                 if l and not l.startswith("#")}
    for g, members in cat["groups"].items():
        for m in members:
            assert country_of(m) in countries, f"group {g}: unknown place {m}"
    for r in cat["rate"]:
        assert country_of(r["place"]) in countries, r["place"]
        for line in r["lines"]:
            assert Decimal(line["percent"]) >= 0
    rules = cat["rule"]
    ids = [r["id"] for r in rules]
    assert len(ids) == len(set(ids)), "duplicate rule ids"
    conds = {"firm", "firm_not", "client", "client_not", "same_country", "registered", "kind",
             "client_tax_id"}
    effects = {"id", "charge", "requires", "label", "wording"}
    for r in rules:
        assert set(r) <= conds | effects, f"rule {r['id']}: unknown keys {set(r) - conds - effects}"
        assert r["charge"] in ("client-place", "firm-place", "none"), r["id"]
        for k in r.get("kind", []):
            assert k in KINDS, (r["id"], k)
        for p in [*r.get("firm", []), *r.get("firm_not", []), *r.get("client", []), *r.get("client_not", [])]:
            if p.startswith("@"):
                assert p[1:] in cat["groups"], (r["id"], p)
    assert not (set(rules[-1]) & conds), "the last rule must have no conditions (catch-all)"


def rates_for(cat, place: str, date: dt.date):
    """Most specific place first; among its entries the latest `from` not after `date`."""
    for p in (place, country_of(place)):
        cands = [r for r in cat["rate"] if r["place"] == p and r.get("from", dt.date.min) <= date]
        if cands:
            return max(cands, key=lambda r: r.get("from", dt.date.min))
    raise IntakeError("client.country", f"no tax rates for {place} in tax.toml")


def tax_id_format(place: str):
    for f in taxid.FORMATS:
        if f["country"] == place:
            return f
    return None


def check_tax_id(field, place, written):
    """Step 2: a located error when the ID does not fit the country's format."""
    fmt = tax_id_format(place) or tax_id_format(country_of(place))
    if fmt is None:
        return written  # no known format: accepted as written
    if not taxid.validate(fmt, written):
        ex = taxid.pretty(fmt, taxid.make_valid(fmt))
        raise IntakeError(field, f"{written!r} is not a valid {fmt['name']} for "
                                 f"{country_of(place)} (e.g. {ex})")
    return taxid.normalise(written)


def registered(firm: Firm, place: str) -> bool:
    return any(place == p or country_of(place) == p for p, _ in firm.registrations)


def matches(cat, rule, firm: Firm, client: Client) -> bool:
    fc, cp = firm.country, client.country
    if "firm" in rule and not in_places(cat, fc, rule["firm"]):
        return False
    if "firm_not" in rule and in_places(cat, fc, rule["firm_not"]):
        return False
    if "client" in rule and not in_places(cat, cp, rule["client"]):
        return False
    if "client_not" in rule and in_places(cat, cp, rule["client_not"]):
        return False
    if "same_country" in rule and (country_of(fc) == country_of(cp)) != rule["same_country"]:
        return False
    if "registered" in rule and registered(firm, cp) != rule["registered"]:
        return False
    if client.kind not in rule.get("kind", KINDS):
        return False
    if "client_tax_id" in rule and (client.tax_id is not None) != rule["client_tax_id"]:
        return False
    return True


def resolve(cat, firm: Firm, client: Client, date: dt.date, override=None, wh_override=None):
    # Step 1: places and kind.
    if client.kind not in KINDS:
        raise IntakeError("client.kind", f"{client.kind!r}: expected business, consumer or public")
    # Step 2: tax IDs (the firm's were checked when the catalog loaded).
    if client.tax_id is not None:
        client = dataclasses.replace(client, tax_id=check_tax_id("client.tax_id", client.country, client.tax_id))
    # Step 3: the first matching rule.
    rule = next(r for r in cat["rule"] if matches(cat, r, firm, client))
    # Step 4: requirements.
    if "client_tax_id" in rule.get("requires", []) and client.tax_id is None:
        raise IntakeError("client.tax_id", f"rule {rule['id']} needs the client's VAT ID "
                                           f"(`tax_id` in [client])")
    # Step 5: lines.
    if rule["charge"] == "client-place":
        place = client.country
    elif rule["charge"] == "firm-place":
        place = firm.country
    else:
        place = None
    lines = [(l["label"], Decimal(l["percent"])) for l in rates_for(cat, place, date)["lines"]] if place else []
    wording = rule.get("wording", "")
    # Step 6: the intake's override replaces the lines (the reason is printed instead).
    if override is not None:
        pct, reason = override
        if not reason:
            raise IntakeError("proposal.tax_reason", "overriding the tax needs a reason")
        label = lines[0][0] if lines else rules_label(cat, rule)
        lines, wording = [(label, Decimal(pct))], reason
    # The IDs printed: the firm's for the place charged (a registration's) or its own.
    firm_id = firm.tax_id
    if place and rule["id"] == "registered":
        ids = [t for p, t in firm.registrations if p == country_of(place) or p == place]
        firm_id = " / ".join(ids)
    # Step 7: import note (rule charged nothing, firm abroad, client business/public).
    note = ""
    if rule["charge"] == "none" and country_of(firm.country) != country_of(client.country):
        for n in cat.get("import_note", []):
            if in_places(cat, client.country, n["client"]) and client.kind in n.get("kind", KINDS):
                note = n["wording"]
                break
    # Step 8: withholding.
    wh = None
    if country_of(firm.country) != country_of(client.country) and client.kind in ("business", "public"):
        for w in cat.get("withholding", []):
            if in_places(cat, client.country, w["client"]):
                wh = (w["label"], Decimal(w["percent"]), w["authority"])
                break
    if wh_override is not None:
        pct, reason = wh_override
        if not reason:
            raise IntakeError("proposal.withholding_reason", "overriding the withholding needs a reason")
        wh = (wh[0] if wh else "Withholding tax", Decimal(pct), reason)
    return dict(rule=rule["id"], lines=lines, label=rule.get("label", ""), wording=wording,
                firm_id=firm_id, client_id=client.tax_id, import_note=note, withholding=wh)


def rules_label(cat, rule):
    return rule.get("label") or "Tax"


def fmt_result(r):
    lines = " + ".join(f"{l} {p}%" for l, p in r["lines"]) or f"{r['label']} 0% (no lines)"
    wh = f"; withholding {r['withholding'][0]} {r['withholding'][1]}%" if r["withholding"] else ""
    return f"[{r['rule']}] {lines}{wh}"


def main():
    cat = load()
    D = dt.date(2026, 4, 6)
    gb = Firm("GB-ENG", "GB123456727")
    gb_reg = Firm("GB-ENG", "GB123456727", (("DE", "DE123456788"), ("CA", "123456782RT0001"),
                                              ("CA-QC", "1234567890TQ0001")))
    us = Firm("US-NY", None, (("CA", "123456782RT0001"), ("CA-QC", "1234567890TQ0001")))
    de = Firm("DE-BE", "DE123456788")
    fr = Firm("FR", "FR11123456782")
    ca_on = Firm("CA-ON", "123456782RT0001")
    cases = [
        ("UK firm -> German business (reverse charge)", gb, Client("DE", "business", "DE 123 456 788")),
        ("UK firm -> German consumer (no registration)", gb, Client("DE", "consumer")),
        ("UK firm with DE registration -> German consumer", gb_reg, Client("DE-BY", "consumer")),
        ("German firm -> German consumer (domestic)", de, Client("DE", "consumer")),
        ("French firm -> German consumer (Art. 45)", fr, Client("DE", "consumer")),
        ("French firm -> German business", fr, Client("DE", "business", "DE123456788")),
        ("French firm -> German public body without VAT ID", fr, Client("DE", "public")),
        ("UK firm -> Swiss business", gb, Client("CH-GE", "business", "CHE-116.407.810 MWST")),
        ("UK firm -> Swiss consumer", gb, Client("CH", "consumer")),
        ("UK firm -> Quebec business (not registered)", gb, Client("CA-QC", "business")),
        ("UK firm registered in CA+QC -> Quebec business", gb_reg, Client("CA-QC", "business")),
        ("UK firm registered in CA+QC -> Ontario business", gb_reg, Client("CA-ON", "business")),
        ("Ontario firm -> Quebec business (domestic)", ca_on, Client("CA-QC", "business")),
        ("Ontario firm -> UK business (export)", ca_on, Client("GB", "business", "GB123456727")),
        ("UK firm -> Japanese business", gb, Client("JP", "business", "T7123456789012")),
        ("UK firm -> Kuwaiti business", gb, Client("KW", "business")),
        ("UK firm -> Saudi business", gb, Client("SA", "business", "300123456789003")),
        ("UK firm -> Indian business", gb, Client("IN-MH", "business", "29ABCCX1234D1ZJ")),
        ("UK firm -> UK business (domestic)", gb, Client("GB-SCT", "business", "GB123456727")),
        ("US firm -> US client (domestic, no sales tax)", us, Client("US-CA", "business")),
        ("US firm -> Hawaii client", us, Client("US-HI", "business")),
        ("US firm -> Quebec business (registered)", us, Client("CA-QC", "business")),
        ("US firm -> German business (reverse charge, no firm VAT ID)", us, Client("DE", "business", "DE123456788")),
        ("US firm -> UK business", us, Client("GB", "business", "GB123456727")),
        ("US firm -> Kuwaiti business", us, Client("KW", "business")),
        ("US firm -> Japanese business", us, Client("JP", "business")),
        ("German firm -> Canary Islands business (outside EU VAT)", de, Client("ES-CN", "business")),
        ("German firm -> US business (export)", de, Client("US", "business")),
        ("German firm -> Estonian business", de, Client("EE", "business", "EE101234568")),
        ("Estonian firm -> Estonian consumer, 2025-06-30", Firm("EE", "EE101234568"), Client("EE", "consumer")),
    ]
    print(f"{len(cat['rule'])} rules, {len(cat['rate'])} rate entries, "
          f"{len(cat.get('withholding', []))} withholding entries: catalog OK\n")
    for label, firm, client in cases:
        date = dt.date(2025, 6, 30) if "2025-06-30" in label else D
        try:
            r = resolve(cat, firm, client, date)
            print(f"{label}:\n    {fmt_result(r)}")
            if r["wording"]:
                print(f"    wording: {r['wording']}")
            if r["import_note"]:
                print(f"    import note: {r['import_note']}")
            ids = ", ".join(x for x in (f"firm {r['firm_id']}" if r["firm_id"] else "",
                                        f"client {r['client_id']}" if r["client_id"] else "") if x)
            if ids:
                print(f"    IDs printed: {ids}")
        except IntakeError as e:
            print(f"{label}:\n    ERROR at {e.field}: {e}")
    print("\n# Located errors")
    for label, firm, client in [
        ("German business without VAT ID", gb, Client("DE", "business")),
        ("bad German VAT ID (check digit)", gb, Client("DE", "business", "DE123456780")),
        ("bad German VAT ID (format)", gb, Client("DE", "business", "DE12345678")),
        ("Swiss UID without MWST suffix", gb, Client("CH", "business", "CHE-116.407.810")),
        ("unknown kind", gb, Client("DE", "charity", "DE123456788")),
    ]:
        try:
            resolve(cat, firm, client, D)
            print(f"{label}: no error?!")
        except IntakeError as e:
            print(f"{label}: error at {e.field}: {e}")
    r = resolve(cat, gb, Client("IN", "business"), D, wh_override=("10", "India-UK DTAA art. 13"))
    print(f"\nwithholding override: {fmt_result(r)} ({r['withholding'][2]})")
    r = resolve(cat, de, Client("DE", "public"), D, override=("0", "Exempt: Art. 151 of Directive 2006/112/EC"))
    print(f"tax override: {fmt_result(r)}; wording: {r['wording']}")


if __name__ == "__main__":
    main()
