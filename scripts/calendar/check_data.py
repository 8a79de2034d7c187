#!/usr/bin/env python3
"""Check the generated calendar data and print the expected answers for propose's tests.

    python3 gen/check_data.py [data]

Reads ONLY the generated files (no python-holidays needed), so it is also a second,
independent reader of the file format: it checks every file's invariants (header, sorted
rows, known subdivisions, dates inside @years, no duplicate rows), then computes, with the
same rules propose will use, the business-day answers quoted in NOTES.md.
"""

from __future__ import annotations

import datetime as dt
import pathlib
import sys

DATA = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else pathlib.Path(__file__).resolve().parents[2] / "catalog" / "calendars")
DAYS = {"Mon": 0, "Tue": 1, "Wed": 2, "Thu": 3, "Fri": 4, "Sat": 5, "Sun": 6}


class Country:
    def __init__(self, path: pathlib.Path):
        self.code = self.name = None
        self.years = None
        self.complete_until = None
        self.subs: dict[str, str] = {}
        self.rows: list[tuple[dt.date, bool, frozenset, str, bool]] = []
        seen = set()
        prev = None
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            where = f"{path.name}:{n}"
            if not line or line.startswith("#"):
                continue
            cols = line.split("\t")
            if line.startswith("@"):
                tag = cols[0]
                if tag == "@country":
                    self.code, self.name = cols[1], cols[2]
                elif tag == "@years":
                    self.years = (int(cols[1]), int(cols[2]))
                    self.complete_until = self.years[1]
                elif tag == "@complete-until":
                    self.complete_until = int(cols[1])
                elif tag == "@subdivision":
                    assert cols[1] not in self.subs, where
                    self.subs[cols[1]] = cols[2]
                elif tag != "@source":
                    raise SystemExit(f"{where}: unknown tag {tag}")
                continue
            assert self.code and self.years, f"{where}: row before header"
            assert len(cols) in (3, 4), f"{where}: {len(cols)} columns"
            d = dt.date.fromisoformat(cols[0])
            assert self.years[0] <= d.year <= self.years[1], where
            w = cols[1]
            national = w.startswith("*")
            codes = w[1:].split() if national else w.split()
            if national:
                assert all(c.startswith("-") for c in codes), where
                codes = [c[1:] for c in codes]
            assert codes or national, f"{where}: empty WHERE"
            for c in codes:
                assert c in self.subs, f"{where}: unknown subdivision {c}"
            assert codes == sorted(codes), f"{where}: subdivisions not sorted"
            est = len(cols) == 4
            assert not est or cols[3] == "estimated", where
            key = (d, cols[2], w)
            assert key not in seen, f"{where}: duplicate row"
            seen.add(key)
            assert prev is None or (prev[0], prev[1]) <= (d, cols[2]), f"{where}: out of order"
            prev = (d, cols[2])
            self.rows.append((d, national, frozenset(codes), cols[2], est))
        assert path.stem == self.code, path

    def holidays(self, sub: str | None, year_from: int, year_to: int):
        if sub is not None and sub not in self.subs:
            raise SystemExit(f"{self.code}: no subdivision {sub}")
        out = []
        for d, national, codes, name, est in self.rows:
            if not year_from <= d.year <= year_to:
                continue
            applies = national if sub is None else (national != (sub in codes))
            if applies:
                out.append((d, name, est))
        return out


def load_weekends():
    rules = {}
    for line in (DATA / "weekends.txt").read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        where, frm, days, _src = line.split("\t")
        start = dt.date.min if frm == "-" else dt.date.fromisoformat(frm)
        rules.setdefault(where, []).append((start, frozenset(DAYS[x] for x in days.split())))
    return rules


WEEKENDS = load_weekends()


def weekend(place: str, d: dt.date) -> frozenset:
    cc = place.split("-")[0]
    for key in (place, cc, "*"):
        if key in WEEKENDS:
            spans = [w for start, w in WEEKENDS[key] if start <= d]
            return spans[-1]
    raise AssertionError


class Calendar:
    def __init__(self, place: str, extra=(), public=True):
        cc, _, sub = place.partition("-")
        self.place = place
        self.country = Country(DATA / "holidays" / f"{cc}.txt")
        hol = self.country.holidays(sub or None, *self.country.years) if public else []
        self.holidays = {d for d, _, _ in hol} | set(extra)
        self.named = hol

    def is_business_day(self, d):
        return d.weekday() not in weekend(self.place, d) and d not in self.holidays

    def on_or_after(self, d):
        while not self.is_business_day(d):
            d += dt.timedelta(days=1)
        return d

    def end_of(self, start, days):
        d = self.on_or_after(start)
        for _ in range(1, days):
            d = self.on_or_after(d + dt.timedelta(days=1))
        return d


def main():
    files = sorted((DATA / "holidays").glob("*.txt"))
    total_rows = 0
    for f in files:
        c = Country(f)
        total_rows += len(c.rows)
    print(f"checked {len(files)} files, {total_rows} rows: format OK")

    D = dt.date

    def show(label, cal, start, days):
        end = cal.end_of(start, days)
        skipped = sorted(h for h in cal.named if start <= h[0] <= end)
        print(f"{label}: {days} business days from {start} ({start:%a}) end {end} ({end:%a}); "
              f"holidays inside: " + ", ".join(f"{d} {n}{' (est.)' if e else ''}" for d, n, e in skipped))
        return end

    print("\n# Expected answers (from the committed data)")
    de = Calendar("DE")
    assert show("DE Easter 2026", de, D(2026, 4, 1), 5) == D(2026, 4, 9)
    de_by = Calendar("DE-BY")
    show("DE-BY Corpus Christi 2026", de_by, D(2026, 6, 3), 3)
    kw = Calendar("KW")
    assert weekend("KW", D(2026, 3, 20)) == {4, 5}
    show("KW Eid al-Fitr 2026", kw, D(2026, 3, 18), 4)
    show("KW Eid al-Adha 2026", kw, D(2026, 5, 25), 3)
    ae = Calendar("AE")
    print(f"AE weekend 2021-06-04 (Fri): {sorted(weekend('AE', D(2021, 6, 4)))}; "
          f"2026-03-06 (Fri): {sorted(weekend('AE', D(2026, 3, 6)))}  (0=Mon .. 6=Sun)")
    for place in ("CA", "CA-QC", "CA-ON", "GB", "GB-ENG", "GB-SCT", "JP", "CH", "CH-GE", "CH-ZH",
                  "US", "US-CA", "KW", "SA", "AE", "DE", "DE-BY", "AU-NSW", "IN"):
        cal = Calendar(place)
        h = [f"{d:%m-%d}{'~' if e else ''}" for d, n, e in cal.country.holidays(
            place.partition('-')[2] or None, 2026, 2026)]
        print(f"{place:7} 2026: {len(set(h))} holidays: {' '.join(sorted(set(h)))}")
    gb = Calendar("GB-SCT")
    eng = Calendar("GB-ENG")
    print("GB-SCT only 2026:", sorted(d for d in gb.holidays - eng.holidays if d.year == 2026))
    print("GB-ENG only 2026:", sorted(d for d in eng.holidays - gb.holidays if d.year == 2026))
    qc, on = Calendar("CA-QC"), Calendar("CA-ON")
    print("CA-QC only 2026:", sorted(d for d in qc.holidays - on.holidays if d.year == 2026))
    print("CA-ON only 2026:", sorted(d for d in on.holidays - qc.holidays if d.year == 2026))
    jp = Calendar("JP")
    show("JP Golden Week 2026", jp, D(2026, 4, 28), 5)
    # `holidays = false`: weekends only
    show("DE Easter 2026, holidays = false", Calendar("DE", public=False), D(2026, 4, 1), 5)


if __name__ == "__main__":
    main()
