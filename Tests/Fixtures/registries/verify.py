#!/usr/bin/env python3
"""Independent check of the registries fixture: re-reads the four CSVs, re-applies the row rules
of docs/formulas.md ("Which rows are accepted") and compares with EXPECTED.md.

    python3 Tests/Fixtures/registries/verify.py

It does not import generate.py and does not trust its table: the rules are implemented again
here, every rule is evaluated on every row (not just the first that fails), and each rejected
row must break exactly one. It also checks the promises that make the same rows mean the same
in a CSV file, a spreadsheet and a database table (no quoting needed, no blank rows, duplicate
ids dated strictly later, ...), and recomputes the reference values of the targets in
naker-exporter.yml (needs PyYAML, Debian: python3-yaml). Exits 1 if any check fails.
"""

import csv
import datetime as dt
import io
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REGION = "Tabalong"
FILES = {
    "labour_force.csv": ("labour_force",
                         ["period", "area", "working_age_population", "labour_force", "unemployed"]),
    "job_seekers.csv": ("job_seekers",
                        ["id", "nik", "nama", "registered_on", "area", "placed_on", "gender", "education"]),
    "entrepreneurs.csv": ("entrepreneurs",
                          ["id", "registered_on", "area", "programme", "sector", "status", "nama_usaha"]),
    "trainees.csv": ("trainees", ["id", "started_on", "institution", "programme", "area", "completed"]),
}
REQUIRED = {
    "labour_force": ["period", "area", "working_age_population", "labour_force", "unemployed"],
    "job_seekers": ["id", "registered_on", "area"],
    "entrepreneurs": ["id", "registered_on", "area"],
    "trainees": ["id", "started_on", "institution"],
}
DATE = {"job_seekers": "registered_on", "entrepreneurs": "registered_on", "trainees": "started_on"}
IGNORED = {"job_seekers": ["nik", "nama"], "entrepreneurs": ["nama_usaha"]}
COUNTS = ["working_age_population", "labour_force", "unemployed"]
failures = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)


def iso_date(s):
    """A real date written exactly YYYY-MM-DD, else None."""
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", s):
        return None
    try:
        return dt.date(int(s[:4]), int(s[5:7]), int(s[8:]))
    except ValueError:
        return None


def problems(dataset, row, seen):
    """Every rule the row breaks (seen: keys of the rows accepted so far)."""
    out = [("missing", c) for c in REQUIRED[dataset] if row[c] == ""]
    if dataset == "labour_force":
        if row["period"] and not re.fullmatch(r"[0-9]{4}-(0[1-9]|1[0-2])", row["period"]):
            out.append(("bad_period", "period"))
        n = {}
        for c in COUNTS:
            if row[c] == "":
                continue
            if re.fullmatch(r"[0-9]+", row[c]):
                n[c] = int(row[c])
            else:
                out.append(("bad_count", c))
        if "labour_force" in n and "working_age_population" in n and n["labour_force"] > n["working_age_population"]:
            out.append(("labour_force_above_working_age", "labour_force"))
        if "unemployed" in n and "labour_force" in n and n["unemployed"] > n["labour_force"]:
            out.append(("unemployed_above_labour_force", "unemployed"))
        if (row["period"], row["area"]) in seen:
            out.append(("duplicate_period_area", "area"))
        return out
    d = None
    if row[DATE[dataset]]:
        d = iso_date(row[DATE[dataset]])
        if d is None:
            out.append(("bad_date", DATE[dataset]))
    if dataset == "job_seekers" and row["placed_on"]:
        p = iso_date(row["placed_on"])
        if p is None:
            out.append(("bad_date", "placed_on"))
        elif d is not None and p < d:
            out.append(("placed_before_registered", "placed_on"))
    if row["id"] and row["id"] in seen:
        out.append(("duplicate_id", "id"))
    return out


def key(dataset, row):
    return (row["period"], row["area"]) if dataset == "labour_force" else row["id"]


def load(name):
    dataset, header = FILES[name]
    with open(os.path.join(HERE, name), "rb") as f:
        raw = f.read()
    check(not raw.startswith(b"\xef\xbb\xbf"), f"{name}: no byte-order mark")
    check(b"\r" not in raw and raw.endswith(b"\n"), f"{name}: LF line ends, last line ended")
    try:
        text = raw.decode("utf-8")
        check(True, f"{name}: valid UTF-8")
    except UnicodeDecodeError:
        check(False, f"{name}: valid UTF-8")
        text = raw.decode("utf-8", errors="replace")
    lines = text.split("\n")[:-1]
    check('"' not in text, f"{name}: no quote character anywhere (nothing needs quoting)")
    check(all(line.strip(",") != "" for line in lines), f"{name}: no blank row")
    fields = [line.split(",") for line in lines]
    check(fields[0] == header, f"{name}: canonical header {','.join(header)}")
    check(all(len(f) == len(header) for f in fields), f"{name}: every row has {len(header)} fields")
    check(all(v == v.strip() for f in fields for v in f), f"{name}: no leading or trailing spaces")
    parsed = list(csv.reader(io.StringIO(text)))  # an RFC 4180 reader sees the same fields
    check(parsed == fields, f"{name}: csv module and a plain split agree")
    check(20 <= len(lines) - 1 <= 60, f"{name}: {len(lines) - 1} rows (20–60)")
    return dataset, [(no, dict(zip(header, f))) for no, f in enumerate(fields[1:], start=2)]


def validate(dataset, rows):
    accepted, rejected, seen = [], {}, set()
    for no, row in rows:
        ps = problems(dataset, row, seen)
        if not ps:
            accepted.append((no, row))
            seen.add(key(dataset, row))
        else:
            check(len(ps) == 1, f"{dataset} line {no}: exactly one problem {ps}")
            rejected[no] = ps[0][0]
    return accepted, rejected


def parse_expected():
    with open(os.path.join(HERE, "EXPECTED.md"), encoding="utf-8") as f:
        md = f.read()
    out = {}
    for sec in re.split(r"^## ", md, flags=re.M)[1:]:
        title = sec.split("\n", 1)[0].strip()
        if title.endswith(".csv"):
            acc = int(re.search(r"accepted: \*\*(\d+)\*\* \(lines ([\d, ]+)\) — rejected: \*\*(\d+)\*\*", sec).group(1))
            acc_lines = [int(x) for x in re.search(r"\(lines ([\d, ]+)\)", sec).group(1).split(",")]
            n_rej = int(re.search(r"rejected: \*\*(\d+)\*\*", sec).group(1))
            rej = {int(a): b for a, b in re.findall(r"^\| (\d+) \| `([a-z_]+)` \|", sec, flags=re.M)}
            out[title] = (acc, acc_lines, n_rej, rej)
        elif title.startswith("Targets"):
            out["targets"] = [line.split("|")[1:-1] for line in sec.splitlines()
                              if line.startswith("| `")]
    return out


def main():
    expected = parse_expected()
    data = {}
    for name in FILES:
        print(f"== {name}")
        dataset, rows = load(name)
        accepted, rejected = validate(dataset, rows)
        data[dataset] = [r for _, r in accepted]
        e_acc, e_lines, e_nrej, e_rej = expected[name]
        check(len(accepted) == e_acc and [no for no, _ in accepted] == e_lines,
              f"{name}: accepted {len(accepted)} (EXPECTED {e_acc})")
        check(len(rejected) == e_nrej and rejected == e_rej,
              f"{name}: rejected {len(rejected)} (EXPECTED {e_nrej}), the same lines with the same reason codes")
        by_code = {}
        for code in rejected.values():
            by_code[code] = by_code.get(code, 0) + 1
        print("     " + ", ".join(f"{c} {n}" for c, n in sorted(by_code.items())))

        if dataset == "labour_force":
            firsts = {}
            for no, r in rows:
                firsts.setdefault((r["period"], r["area"]), []).append((no, r))
            dups = [v for v in firsts.values() if len(v) > 1]
            check(len(dups) == 1 and len(dups[0]) == 2 and dups[0][0][1] == dups[0][1][1]
                  and rejected.get(dups[0][1][0]) == "duplicate_period_area",
                  "labour_force: one duplicate (period, area), value for value the same as its first row")
            check({r["period"] for r in data[dataset]} == {"2023-08", "2024-08"}, "accepted periods 2023-08, 2024-08")
            for p in ("2023-08", "2024-08"):
                areas = [r["area"] for r in data[dataset] if r["period"] == p]
                check(REGION in areas and len(areas) >= 4, f"{p}: {REGION} and {len(areas) - 1} kecamatan")
            need = {"missing": 5, "bad_period": 2, "bad_count": 3, "labour_force_above_working_age": 1,
                    "unemployed_above_labour_force": 1, "duplicate_period_area": 1}
            check(all(by_code.get(c, 0) >= n for c, n in need.items()), "every labour_force rule is broken")
            vals = {r[c] for no, r in rows if no in rejected for c in COUNTS}
            check({"abc", "1.5", "-5"} <= vals, "bad numbers abc, 1.5 and -5 present")
            continue

        date_col = DATE[dataset]
        # Every required column is missing once, and each bad date form is there.
        missing_cols = sorted(c for no, r in rows if rejected.get(no) == "missing" for c in REQUIRED[dataset] if r[c] == "")
        check(missing_cols == sorted(REQUIRED[dataset]), f"{dataset}: each required column empty once {missing_cols}")
        bad = {r[date_col] for no, r in rows if rejected.get(no) == "bad_date"}
        check({"2023-02-30", "2023/01/05", "05-01-2023"} <= bad and any(re.fullmatch(r"\d{4}-13-\d{2}", b) for b in bad),
              f"{dataset}: bad dates (month 13, 2023-02-30, 2023/01/05, 05-01-2023) in {date_col}")
        # Duplicate ids: the CSV rule (first in file order) and the database rule (earliest-dated)
        # keep the same row; rejected rows' ids occur nowhere else.
        by_id = {}
        for no, r in rows:
            by_id.setdefault(r["id"], []).append((no, r))
        dup_lines = [no for no, c in rejected.items() if c == "duplicate_id"]
        check(len(dup_lines) >= 1, f"{dataset}: a duplicate id")
        for id_, occ in by_id.items():
            if len(occ) == 1:
                continue
            firsts_no, first = occ[0]
            check(rejected.get(firsts_no) is None and all(rejected.get(no) == "duplicate_id" for no, _ in occ[1:]),
                  f"{dataset}: id {id_!r} occurs {len(occ)} times: accepted first, then duplicates only")
            dates = [iso_date(r[date_col]) for _, r in occ]
            check(None not in dates and all(dates[0] < d for d in dates[1:]),
                  f"{dataset}: id {id_} — the later rows are dated strictly later {[str(d) for d in dates]}")
            earliest = min(occ, key=lambda x: iso_date(x[1][date_col]))
            check(earliest[0] == firsts_no, f"{dataset}: id {id_} — earliest-dated row = first row (line {firsts_no})")
        # The same accepted set whatever order a database returns the rows in, under its rule.
        def db_rule(ordered):
            keep = {}
            for no, r in ordered:
                if any(p[0] != "duplicate_id" for p in problems(dataset, r, set())):
                    continue
                d = iso_date(r[date_col])
                if r["id"] not in keep or d < keep[r["id"]][1]:
                    keep[r["id"]] = (no, d)
            return sorted(no for no, _ in keep.values())
        csv_rule = [no for no, _ in accepted]
        check(db_rule(rows) == csv_rule and db_rule(list(reversed(rows))) == csv_rule
              and db_rule(sorted(rows, key=lambda x: x[1][date_col])) == csv_rule,
              f"{dataset}: the database rule (earliest-dated, any row order) accepts the same lines")
        check(all(dt.date(2023, 1, 1) <= iso_date(r[date_col]) <= dt.date(2024, 12, 31) for r in data[dataset]),
              f"{dataset}: accepted rows dated 2023–2024")
        check(len({r["area"] for r in data[dataset] if r["area"]}) >= 5, f"{dataset}: several kecamatan")
        if dataset == "job_seekers":
            check(all(re.fullmatch(r"6309[0-9]{12}", r["nik"]) for _, r in rows), "nik: 16 digits starting 6309")
            check(len({r["nik"] for r in data[dataset]}) == len(data[dataset]), "nik: unique among accepted rows")
            placed = {r[p] for no, r in rows if rejected.get(no) == "bad_date" for p in ["placed_on"] if r[p]}
            check(len(placed) >= 1, f"bad placed_on dates {sorted(placed)}")
            check("placed_before_registered" in by_code, "a placement before its registration")
            check(any(r["placed_on"] == r["registered_on"] for r in data[dataset]), "one placed on the day it registered")

    print("== non-ASCII text")
    ignored = any(not r[c].isascii() for ds, cols in IGNORED.items() for r in data[ds] for c in cols)
    kept = any(not v.isascii() for ds, rows in data.items() for r in rows
               for c, v in r.items() if c not in IGNORED.get(ds, []))
    check(ignored and kept, "non-ASCII text in an ignored and in a kept column of accepted rows")

    # ------------------------------------------------------------------------------ targets

    print("== targets of naker-exporter.yml against EXPECTED.md")
    try:
        import yaml
    except ImportError:
        yaml = None
    check(yaml is not None, "PyYAML available (Debian: python3-yaml) for the target checks")
    if yaml is not None:
        with open(os.path.join(HERE, "naker-exporter.yml"), encoding="utf-8") as f:
            cfg = yaml.safe_load(f)
        check([s["csv"]["path"] for s in cfg["sources"]] == list(FILES), "the config reads the four files")
        check(all("columns" not in s for s in cfg["sources"]), "no columns: mapping (canonical headers)")
        validity = next(int(str(s.get("validity", "730d"))[:-1]) for s in cfg["sources"] if s["dataset"] == "job_seekers")

        def as_date(x):
            return x if isinstance(x, dt.date) else dt.date.fromisoformat(str(x))

        def active(d):
            n = 0
            for r in data["job_seekers"]:
                reg = iso_date(r["registered_on"])
                pl = iso_date(r["placed_on"]) if r["placed_on"] else None
                n += reg <= d and not (pl and pl <= d) and d < reg + dt.timedelta(days=validity)
            return n

        got = {}
        for t in cfg["targets"]:
            goal = float(t["goal"])
            for d in (dt.date(2023, 12, 31), dt.date(2024, 12, 31)):
                if t["indicator"] in ("entrepreneurs", "trainees"):
                    col = DATE[t["indicator"]]
                    ds = [iso_date(r[col]) for r in data[t["indicator"]]
                          if all(r[k] == str(v) for k, v in (t.get("where") or {}).items())]
                    s, e = as_date(t["start"]), as_date(t["end"])
                    value = sum(s <= x <= min(e, d) for x in ds)
                    exp = goal * min(1, max(0, ((d - s).days + 1) / ((e - s).days + 1)))
                    if (d - s).days < 90:
                        rate = value / ((d - s).days + 1)
                    else:
                        rate = sum((d - x).days < 90 and x <= d and s <= x <= e for x in ds) / 90
                    proj = value + rate * max(0, (e - d).days)
                else:
                    value, exp, proj = active(d), goal, None
                prog = value / goal if t.get("direction", "at_least") == "at_least" else 2 - value / goal
                got[(t["name"], str(d))] = (value, exp, prog, value / exp if exp else None, proj)
        rows = expected.get("targets", [])
        check(len(rows) == len(got), f"{len(rows)} target lines in EXPECTED.md")
        for cells in rows:
            name, d = cells[0].strip().strip("`"), cells[1].strip()
            want = [None if c.strip() == "—" else float(c) for c in cells[2:]]
            have = got.get((name, d))
            ok = have is not None and all((w is None and h is None) or (w is not None and h is not None and abs(w - h) < 1e-6)
                                          for w, h in zip(want, have))
            check(ok, f"{name} as of {d}: value {have[0] if have else None}, expected, capaian, pace, projected as in EXPECTED.md")

    print()
    print("all checks passed" if not failures else f"{len(failures)} check(s) FAILED")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
