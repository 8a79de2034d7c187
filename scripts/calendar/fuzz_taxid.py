#!/usr/bin/env python3
"""Dev aid: compare gen/taxid.py's checks with python-stdnum (LGPL, not shipped) on random IDs."""
import random, re, sys
sys.path.insert(0, __import__("os").path.dirname(__file__))
import taxid
from stdnum import get_cc_module

random.seed(7)
MODS = {"GR": ("gr", "vat"), "CA": ("ca", "bn"), "AU": ("au", "abn"), "JP": ("jp", "cn"),
        "IN": ("in", "gstin"), "CH": ("ch", "vat"), "NO": ("no", "mva"), "GB": ("gb", "vat")}
for fmt in taxid.FORMATS:
    if not fmt["check"] or "-" in fmt["country"]:
        continue
    cc = fmt["country"]
    mod = get_cc_module(*MODS.get(cc, (cc.lower(), "vat")))
    valid_seen = mism = n = 0
    ex = taxid.normalise(taxid.make_valid(fmt))
    for _ in range(20000):
        # mutate 1-2 digit positions of the example, keeping the pattern
        s = list(ex)
        for i in random.sample([i for i, c in enumerate(s) if c.isdigit()], 2):
            s[i] = random.choice("0123456789")
        w = "".join(s)
        body = taxid.split_prefix(fmt, w)
        if body is None or not re.fullmatch(fmt["pattern"], body):
            continue
        n += 1
        ours = taxid.validate(fmt, w)
        theirs_in = w[:9] if cc == "CA" else w[1:] if cc == "JP" else w
        theirs = mod.is_valid(theirs_in)
        valid_seen += ours
        if ours != theirs:
            mism += 1
            if mism <= 2:
                print(f"  {cc}: {w} ours={ours} stdnum={theirs}")
    print(f"{cc}: {n} tried, {valid_seen} valid, {mism} disagreements")
