#!/usr/bin/env python3
"""Checks the sample data against the published figures and computes the reference values of
the example targets, following the formulas in docs/formulas.md (an independent
re-implementation in Python, to compare with `naker-exporter once --at=...`).

    python3 Config/sample/verify.py [YYYY-MM-DD ...]
        # prints the targets as of these dates; default 2022-12-31 2024-12-31 2026-11-30 2026-12-02

Two plan periods are checked, whatever dates are given: the published 2022–2024 figures and
the reference values of the RPJMD 2019–2024 targets as of 2022-12-31 and 2024-12-31, and the
RPJMD 2025–2029 targets as of 2026-11-30 (the last day with records) and 2026-12-02.

Needs PyYAML (Debian: python3-yaml) to read Config/naker-exporter.yml for the targets; the
data checks run with the standard library alone. Exits 1 if a check fails or cannot run.
"""

import csv
import datetime as dt
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CONFIG = os.path.join(os.path.dirname(HERE), "naker-exporter.yml")
REGION = "Tabalong"
FIRST_DAY = dt.date(2021, 1, 1)
PERIOD_2024_LAST_DAY = dt.date(2024, 12, 31)   # end of the RPJMD 2019–2024 part of the data
LAST_DAY = dt.date(2026, 11, 30)               # no record is dated after this day
TODAY = dt.date(2026, 12, 2)
JOB_SEEKER_COLUMNS = {
    "id": "no_pendaftaran", "registered_on": "tanggal_daftar", "area": "kecamatan",
    "placed_on": "tanggal_penempatan", "gender": "jenis_kelamin", "education": "pendidikan",
}
failures = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)


def read(name, delimiter=",", columns=None):
    with open(os.path.join(HERE, name), encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter=delimiter))
    if columns:  # canonical name -> header in the file
        rows = [{c: r[h] for c, h in columns.items()} for r in rows]
    return rows


def day(s):
    return dt.date.fromisoformat(s) if s else None


def active(rows, d, validity, area=None, where=None):
    """Active on d: registered on or before d, not placed on or before d, card still valid."""
    n = 0
    for r in rows:
        if area and r["area"] != area:
            continue
        if where and any(r.get(k) != v for k, v in where.items()):
            continue
        reg, placed_on = r["registered_on"], r["placed_on"]
        if reg <= d and not (placed_on and placed_on <= d) and d < reg + dt.timedelta(days=validity):
            n += 1
    return n


def parse_duration_days(s):
    m = re.fullmatch(r"(\d+)d", str(s))
    return int(m.group(1)) if m else 730


try:
    import yaml
except ImportError:
    yaml = None
cfg = None
if yaml is not None:
    with open(CONFIG, encoding="utf-8") as f:
        cfg = yaml.safe_load(f)
VALIDITY = 730
if cfg:
    VALIDITY = next((parse_duration_days(s.get("validity", "730d")) for s in cfg["sources"]
                     if s["dataset"] == "job_seekers"), 730)

# ------------------------------------------------------------------------------ data checks

lf_rows = read("labour_force.csv")
js_rows = read("job_seekers.csv", ";", JOB_SEEKER_COLUMNS)
wub_rows = read("entrepreneurs.csv")
tr_rows = read("trainees.csv")
for r in lf_rows:
    for k in ("working_age_population", "labour_force", "unemployed"):
        r[k] = int(r[k])
for r in js_rows:
    r["registered_on"], r["placed_on"] = day(r["registered_on"]), day(r["placed_on"])
for r in wub_rows:
    r["registered_on"] = day(r["registered_on"])
for r in tr_rows:
    r["started_on"] = day(r["started_on"])

print("== labour_force.csv")
periods = sorted({r["period"] for r in lf_rows})
check(periods == ["2021-08", "2022-08", "2023-08", "2024-08", "2025-08"], f"periods {periods}")
lf = {(r["period"], r["area"]): r for r in lf_rows}
for p in periods:
    t = lf[(p, REGION)]
    kec = [r for r in lf_rows if r["period"] == p and r["area"] != REGION]
    for k in ("working_age_population", "labour_force", "unemployed"):
        check(sum(r[k] for r in kec) == t[k], f"{p} {k}: 12 kecamatan sum = Tabalong {t[k]}")
    check(len(kec) == 12, f"{p}: 12 kecamatan rows")
    print(f"     {p} Tabalong WAP {t['working_age_population']} LF {t['labour_force']} U {t['unemployed']}"
          f"  TPAK {100 * t['labour_force'] / t['working_age_population']:.4f} %"
          f"  TPT {100 * t['unemployed'] / t['labour_force']:.4f} %")
check(all(r["unemployed"] <= r["labour_force"] <= r["working_age_population"] for r in lf_rows),
      "every row: unemployed <= labour_force <= working_age_population")
check(lf[("2022-08", REGION)]["labour_force"] == 139540, "LF 2022-08 = 139,540")
check(lf[("2024-08", REGION)]["labour_force"] == 145224, "LF 2024-08 = 145,224")
for p, tpt in (("2022-08", "4.46"), ("2023-08", "3.60"), ("2024-08", "3.44")):
    t = lf[(p, REGION)]
    check(f"{100 * t['unemployed'] / t['labour_force']:.2f}" == tpt, f"TPT {p} rounds to {tpt} %")
    exact = float(tpt) / 100 * t["labour_force"]
    check(abs(t["unemployed"] - exact) <= 0.5, f"TPT {p}: unemployed {t['unemployed']} closest to {exact:.2f}")
    check(
        0.68 <= t["labour_force"] / t["working_age_population"] <= 0.72, f"TPAK {p} in 68–72 %")
t = lf[("2025-08", REGION)]  # RPJMD 2025–2029, illustrative
check(147000 <= t["labour_force"] <= 148999, f"LF 2025-08 {t['labour_force']} in 147k–148k (illustrative)")
check(0.031 <= t["unemployed"] / t["labour_force"] <= 0.035, "TPT 2025-08 in 3.1–3.5 % (illustrative)")
check(0.70 <= t["labour_force"] / t["working_age_population"] <= 0.73, "TPAK 2025-08 in 70–73 % (illustrative)")
check(all(dt.date.fromisoformat(p + "-01") <= LAST_DAY for p in periods), f"no survey period after {LAST_DAY}")

print("== job_seekers.csv")
ids = [r["id"] for r in js_rows]
check(len(ids) == len(set(ids)), f"{len(ids)} ids unique")
check(6000 <= len(js_rows) <= 9000, "6,000–9,000 registrations")
check(all(FIRST_DAY <= r["registered_on"] <= LAST_DAY for r in js_rows), f"registered {FIRST_DAY} .. {LAST_DAY}")
old = [r for r in js_rows if r["registered_on"] <= PERIOD_2024_LAST_DAY]
old_placed = [r for r in old if r["placed_on"]]
check(len(old) == 4974 and len(old_placed) == 1425,
      f"2021–2024: {len(old)} registrations, {len(old_placed)} placed (unchanged: 4974, 1425)")
check(all(r["id"].startswith(f"AK1-6309-{r['registered_on'].year}-") for r in js_rows),
      "ids AK1-6309-YEAR-NNNNNN of the registration year")
placed = [r for r in js_rows if r["placed_on"]]
check(all(10 <= (r["placed_on"] - r["registered_on"]).days <= 400 for r in placed), "placed 10–400 days later")
check(all(r["placed_on"] <= LAST_DAY for r in placed), f"no placement after {LAST_DAY}")
check(all(r["placed_on"] <= PERIOD_2024_LAST_DAY for r in old_placed),
      "2021–2024 registrations: no placement after 2024-12-31 (rows as before)")
check(0.25 <= len(placed) / len(js_rows) <= 0.35, f"{len(placed)} placed = {len(placed) / len(js_rows):.1%}")
check(set(r["area"] for r in js_rows) <= set(a for _, a in lf) - {REGION}, "areas are the 12 kecamatan")
for y in range(2021, LAST_DAY.year + 1):
    n = sum(r["registered_on"].year == y for r in js_rows)
    p = sum(r["registered_on"].year == y and r["placed_on"] is not None for r in js_rows)
    print(f"     registered {y}: {n}, of which placed {p}")
# Active on a date depends only on placements dated up to it: dropping every later placement
# must not change it (2024-12-31 is checked against the published reference value).
for d, expected_active in ((dt.date(2022, 12, 31), 1838), (dt.date(2024, 12, 31), 1881)):
    n = active(js_rows, d, VALIDITY)
    cut = [dict(r, placed_on=r["placed_on"] if r["placed_on"] and r["placed_on"] <= d else None) for r in js_rows]
    check(n == expected_active and active(cut, d, VALIDITY) == n,
          f"active job seekers on {d} = {n} (reference {expected_active}; same without later placements)")
for d in (LAST_DAY, TODAY):
    print(f"     active job seekers on {d}: {active(js_rows, d, VALIDITY)}")
with open(os.path.join(HERE, "job_seekers.csv"), encoding="utf-8", newline="") as f:
    raw = list(csv.reader(f, delimiter=";"))
check(all(re.fullmatch(r"6309\d{12}", r[1]) for r in raw[1:]), "nik: 16 digits starting with 6309")
with open(os.path.join(HERE, "job_seekers.csv"), "rb") as f:
    data = f.read()
check(b'""' in data and data.count(b"\r\n") == len(js_rows) + 1, "RFC 4180 quoting present, CRLF lines")

print("== entrepreneurs.csv")
check(len({r["id"] for r in wub_rows}) == len(wub_rows), f"{len(wub_rows)} ids unique")
check(all(r["id"].startswith(f"WUB-{r['registered_on'].year}-") for r in wub_rows), "ids WUB-YEAR-NNNNN")
check(all(FIRST_DAY <= r["registered_on"] <= LAST_DAY for r in wub_rows), f"registered {FIRST_DAY} .. {LAST_DAY}")
bs = [r for r in wub_rows if r["programme"] == "bengkel-sahabat"]
n2022 = sum(dt.date(2022, 1, 4) <= r["registered_on"] <= dt.date(2022, 12, 31) for r in bs)
check(n2022 == 21816, f"bengkel-sahabat 2022-01-04..2022-12-31 = {n2022}")
n1230 = sum(dt.date(2022, 1, 4) <= r["registered_on"] <= dt.date(2022, 12, 30) for r in bs)
check(n1230 == 21779, f"bengkel-sahabat 2022-01-04..2022-12-30 = {n1230}")
n_early = sum(dt.date(2022, 1, 1) <= r["registered_on"] <= dt.date(2022, 1, 3) for r in bs)
check(n_early == 0, f"bengkel-sahabat 2022-01-01..2022-01-03 = {n_early}")
check(all(r["registered_on"] >= dt.date(2022, 1, 4) for r in bs), "no bengkel-sahabat before 2022-01-04")
for y in range(2023, LAST_DAY.year + 1):
    print(f"     bengkel-sahabat {y}: {sum(r['registered_on'].year == y for r in bs)}")
for first, last in ((2021, 2024), (2025, LAST_DAY.year)):
    n = sum(r["programme"] == "kur-mikro" and first <= r["registered_on"].year <= last for r in wub_rows)
    print(f"     kur-mikro {first}–{last}: {n}")
print(f"     on 2022-01-04: {sum(r['registered_on'] == dt.date(2022, 1, 4) for r in bs)},"
      f" on 2022-12-30: {sum(r['registered_on'] == dt.date(2022, 12, 30) for r in bs)},"
      f" on 2022-12-31: {sum(r['registered_on'] == dt.date(2022, 12, 31) for r in bs)}")

print("== trainees.csv")
check(len({r["id"] for r in tr_rows}) == len(tr_rows), f"{len(tr_rows)} ids unique")
check(all(r["id"].split("-")[1] == str(r["started_on"].year) for r in tr_rows), "ids PREFIX-YEAR-NNNN")
check(all(FIRST_DAY <= r["started_on"] <= LAST_DAY for r in tr_rows), f"started {FIRST_DAY} .. {LAST_DAY}")
for inst in ("BLK Tanjung", "LPK Karya Mandiri"):
    per_year = {y: sum(r["institution"] == inst and r["started_on"].year == y for r in tr_rows)
                for y in range(2021, LAST_DAY.year + 1)}
    print(f"     {inst}: {per_year}")
    if inst == "BLK Tanjung":
        check(per_year[2021] == 288 and per_year[2022] == 368, "BLK Tanjung 2021 = 288, 2022 = 368")

latest = max([r["registered_on"] for r in js_rows] + [r["placed_on"] for r in js_rows if r["placed_on"]]
             + [r["registered_on"] for r in wub_rows] + [r["started_on"] for r in tr_rows])
check(latest <= LAST_DAY, f"no record dated after {LAST_DAY} (latest {latest})")

# ------------------------------------------------------------------------------ bad-rows


def reference_validate(path, dataset, delimiter, columns):
    """Line-by-line validation by the rules for bad rows (the fixtures have no quoted line breaks)."""
    with open(path, "rb") as f:
        lines = f.read().split(b"\n")
    if lines[-1] == b"":
        lines.pop()
    header = next(csv.reader([lines[0].decode().rstrip("\r")], delimiter=delimiter))
    index = {c: header.index(columns.get(c, c)) for c in DATASETS[dataset]}
    accepted, rejected, seen = 0, {}, set()
    for no, line in enumerate(lines[1:], start=2):
        # Bytes that are not UTF-8 survive as lone surrogates; only the columns the rules read
        # must be text (the config's targets group by none beyond the label columns).
        text = line.rstrip(b"\r").decode("utf-8", errors="surrogateescape")
        fields = next(csv.reader([text], delimiter=delimiter))
        if len(fields) != len(header):
            rejected[no] = "fields"
            continue
        row = {c: fields[i] for c, i in index.items()}
        if any(re.search("[\udc80-\udcff]", row[c]) for c in READ[dataset] if c in row):
            rejected[no] = "utf8"
            continue
        reason = row_problem(dataset, row, seen)
        if reason:
            rejected[no] = reason
        else:
            accepted += 1
            if "id" in row:
                seen.add(row["id"])
    return accepted, rejected


DATASETS = {
    "labour_force": ["period", "area", "working_age_population", "labour_force", "unemployed"],
    "job_seekers": ["id", "registered_on", "area", "placed_on", "gender", "education"],
    "entrepreneurs": ["id", "registered_on", "area", "programme", "sector", "status"],
    "trainees": ["id", "started_on", "institution", "programme", "area", "completed"],
}
REQUIRED = {"labour_force": DATASETS["labour_force"], "job_seekers": ["id", "registered_on", "area"],
            "entrepreneurs": ["id", "registered_on", "area"], "trainees": ["id", "started_on", "institution"]}


# Columns a load reads: the required ones, the dates, and those the metrics are labelled by.
READ = {"labour_force": DATASETS["labour_force"], "job_seekers": ["id", "registered_on", "area", "placed_on"],
        "entrepreneurs": ["id", "registered_on", "area", "programme"], "trainees": ["id", "started_on", "institution"]}


def strict_date(s):
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", s):
        return None
    try:
        return dt.date.fromisoformat(s)
    except ValueError:
        return None


def row_problem(dataset, row, seen):
    for c in REQUIRED[dataset]:
        if row[c] == "":
            return "missing"
    if dataset == "labour_force":
        m = re.fullmatch(r"(\d{4})-(\d{2})", row["period"])
        if not m or not 1 <= int(m.group(2)) <= 12:
            return "date"
        n = {}
        for c in ("working_age_population", "labour_force", "unemployed"):
            if not re.fullmatch(r"-?\d+", row[c]):
                return "number"
            n[c] = int(row[c])
            if n[c] < 0:
                return "negative"
        if n["labour_force"] > n["working_age_population"]:
            return "lf>wap"
        if n["unemployed"] > n["labour_force"]:
            return "u>lf"
        return None
    date_col = "started_on" if dataset == "trainees" else "registered_on"
    d = strict_date(row[date_col])
    if d is None:
        return "date"
    if dataset == "job_seekers" and row["placed_on"]:
        p = strict_date(row["placed_on"])
        if p is None:
            return "date"
        if p < d:
            return "placed<registered"
    if row["id"] in seen:
        return "duplicate"
    return None


print("== bad-rows/ against bad-rows/EXPECTED.md")
with open(os.path.join(HERE, "bad-rows", "EXPECTED.md"), encoding="utf-8") as f:
    expected_md = f.read()
sections = re.split(r"^## ", expected_md, flags=re.M)[1:]
expected = {}
for sec in sections:
    name = sec.split()[0].strip("`")
    if not name.endswith(".csv"):
        continue
    acc = int(re.search(r"accepted:\s*\*{0,2}(\d+)", sec).group(1))
    lines = [int(m) for m in re.findall(r"^\|\s*(\d+)\s*\|", sec, flags=re.M)]
    expected[name] = (acc, lines)
for name, dataset, delim, cols in (
    ("labour_force.csv", "labour_force", ",", {}),
    ("job_seekers.csv", "job_seekers", ";", JOB_SEEKER_COLUMNS),
    ("entrepreneurs.csv", "entrepreneurs", ",", {}),
    ("trainees.csv", "trainees", ",", {}),
):
    acc, rej = reference_validate(os.path.join(HERE, "bad-rows", name), dataset, delim, cols)
    e_acc, e_lines = expected.get(name, (None, None))
    check(acc == e_acc and sorted(rej) == sorted(e_lines),
          f"bad-rows/{name}: accepted {acc}, rejected lines {sorted(rej)} {rej}")

# ------------------------------------------------------------------------------ targets


def latest_period(area, d):
    ps = [p for (p, a) in lf if a == area and dt.date.fromisoformat(p + "-01") <= d]
    return max(ps) if ps else None


def evaluate(t, d, validity):
    ind, goal = t["indicator"], float(t["goal"])
    where = {k: str(v) for k, v in (t.get("where") or {}).items()}
    out = {}
    if ind in ("entrepreneurs", "trainees"):
        rows, col = (wub_rows, "registered_on") if ind == "entrepreneurs" else (tr_rows, "started_on")
        start, end = t["start"], t["end"]
        match = [r[col] for r in rows if all(r.get(k) == v for k, v in where.items())]
        upto = min(end, d)
        value = sum(start <= x <= upto for x in match)
        ms = sorted((k, float(v)) for k, v in (t.get("milestones") or {}).items())
        if ms:
            pts = [(start - dt.timedelta(days=1), 0.0)] + ms + [(end, goal)]
            if d <= pts[0][0]:
                expected_v = 0.0
            elif d >= end:
                expected_v = goal
            else:
                for (d0, v0), (d1, v1) in zip(pts, pts[1:]):
                    if d0 <= d <= d1:
                        expected_v = v0 + (v1 - v0) * (d - d0).days / (d1 - d0).days
                        break
        else:
            frac = ((d - start).days + 1) / ((end - start).days + 1)
            expected_v = goal * min(1.0, max(0.0, frac))
        if d < start + dt.timedelta(days=90):
            rate = value / max(1, (d - start).days + 1)
        else:
            lo = d - dt.timedelta(days=90)
            rate = sum(lo < x <= d and start <= x <= end for x in match) / 90
        out["projected"] = value + rate * max(0, (end - d).days)
    else:
        area = t.get("area")
        if ind == "job_seekers_active":
            value = active(js_rows, d, validity, None if area in (None, REGION) else area, where)
        else:
            area = area or REGION
            p = latest_period(area, d)
            r = lf[(p, area)]
            if ind == "labour_force_participation":
                value = r["labour_force"] / r["working_age_population"]
            elif ind == "open_unemployment":
                value = r["unemployed"] / r["labour_force"]
            else:  # unemployment_proxy: for the region's own area all registrations count
                n = active(js_rows, d, validity, None if area == REGION else area, where)
                value = n / r["labour_force"]
                out["active"] = n
            out["period"] = p
        expected_v = goal
    out["value"], out["expected"] = value, expected_v
    direction = t.get("direction", "at_least")
    out["progress"] = value / goal if direction == "at_least" else 2 - value / goal
    out["pace"] = value / expected_v if expected_v else None
    return out


def metric_number(x):
    """As the exporter writes a sample value: integers plain, others shortest round-trip."""
    return str(int(x)) if float(x).is_integer() else repr(float(x))


def region_metric_lines(d):
    """Reference lines of the region's own families as of d (per-area families carry only the
    12 kecamatan; the region's figures are naker_region_*)."""
    p = latest_period(REGION, d)
    n = active(js_rows, d, VALIDITY)
    lines = [f'naker_region_job_seekers_active{{region="{REGION}"}} {n}']
    if p:
        r = lf[(p, REGION)]
        lines = [f'naker_region_labour_force{{region="{REGION}"}} {r["labour_force"]}',
                 f'naker_region_open_unemployment_ratio{{region="{REGION}"}} '
                 f'{metric_number(r["unemployed"] / r["labour_force"])}'] + lines
        lines.append(f'naker_region_unemployment_proxy_ratio{{region="{REGION}"}} '
                     f'{metric_number(n / r["labour_force"])}')
    return lines


# Reference values in README.md, as written there (compared at the precision written).
REFERENCE = {
    # RPJMD 2019–2024: the published period.
    dt.date(2022, 12, 31): {
        "wub_2019_2024": {"value": "21816", "expected": "6665.15", "progress": "2.1816"},
        "tpt_2024": {"value": "0.044597", "progress": "0.8851"},
        "tpak_2024": {"value": "0.701358", "progress": "0.9741"},
        "blk_tanjung_2021_2024": {"value": "656", "expected": "850", "progress": "0.328", "pace": "0.7718"},
        "proxy_pengangguran_2024": {"active": "1838", "value": "0.013172", "progress": "0.9463"},
        "pencari_kerja_aktif": {"value": "1838", "progress": "1.081"},
    },
    dt.date(2024, 12, 31): {
        "wub_2019_2024": {"value": "25122", "expected": "10000", "progress": "2.5122"},
        "tpt_2024": {"value": "0.034402", "progress": "1.1399"},
        "tpak_2024": {"value": "0.712088", "progress": "0.9890"},
        "blk_tanjung_2021_2024": {"value": "1460", "expected": "2000", "progress": "0.73", "pace": "0.73"},
        "proxy_pengangguran_2024": {"active": "1881", "value": "0.012952", "progress": "0.9638"},
        "pencari_kerja_aktif": {"value": "1881", "progress": "1.0595"},
    },
    # RPJMD 2025–2029: illustrative, on the last day with records and today.
    LAST_DAY: {
        "wub_2025_2029": {"value": "3958", "expected": "3828.04", "progress": "0.3958", "pace": "1.0339"},
        "blk_tanjung_2025_2029": {"value": "736", "expected": "899.23", "progress": "0.2944", "pace": "0.8185"},
        "tpt_2029": {"value": "0.033097", "progress": "0.8968"},
    },
    TODAY: {
        "wub_2025_2029": {"value": "3958", "expected": "3838.99", "progress": "0.3958", "pace": "1.0310"},
        "blk_tanjung_2025_2029": {"value": "736", "expected": "901.86", "progress": "0.2944", "pace": "0.8161"},
        "tpt_2029": {"value": "0.033097", "progress": "0.8968"},
    },
}
# RPJMD 2025–2029 on LAST_DAY and TODAY: exactly one target behind plan (a pace_below 0.9
# alert fires for it).
BEHIND = {"blk_tanjung_2025_2029": True, "wub_2025_2029": False}
ALERTS = {"BLKTanjung2025BehindPlan": "blk_tanjung_2025_2029", "WUB2025BehindPlan": "wub_2025_2029"}


def same(actual, written):
    decimals = len(written.split(".")[1]) if "." in written else 0
    return f"{actual:.{decimals}f}" == written


def target_line(t, o):
    extra = "".join(f" {k}={v}" for k, v in o.items() if k in ("period", "active"))
    proj = f" projected={o['projected']:.4f}" if "projected" in o else ""
    pace = f"{o['pace']:.6f}" if o["pace"] is not None else "-"
    return (f"   {t['name']:<24} value={o['value']:.6g} expected={o['expected']:.6g}"
            f" capaian={o['progress']:.6f} pace={pace}{proj}{extra}")


if cfg is None:
    check(False, "target checks: PyYAML is not installed (Debian: python3-yaml), so they did not run")
else:
    targets = {t["name"]: t for t in cfg["targets"]}
    dates = [dt.date.fromisoformat(a) for a in sys.argv[1:]] or sorted(REFERENCE)
    print(f"== targets of {os.path.relpath(CONFIG)}")
    for d in dates:
        print(f"-- as of {d}")
        for t in cfg["targets"]:
            print(target_line(t, evaluate(t, d, VALIDITY)))
        for line in region_metric_lines(d):
            print(f"   {line}")

    print("== reference values (README.md)")
    for d, refs in REFERENCE.items():
        for name, ref in refs.items():
            if name not in targets:
                check(False, f"{d} {name}: target missing from the config")
                continue
            o = evaluate(targets[name], d, VALIDITY)
            got = {k: o.get(k) for k in ref}
            ok = all(got[k] is not None and same(got[k], v) for k, v in ref.items())
            check(ok, f"{d} {name}: " + ", ".join(
                f"{k} {got[k] if got[k] is None else format(got[k], '.6g')} (README {v})" for k, v in ref.items()))

    print("== RPJMD 2025–2029: pace_below 0.9")
    for name, behind in BEHIND.items():
        for d in (LAST_DAY, TODAY):
            if name not in targets:
                check(False, f"{name}: target missing from the config")
                break
            o = evaluate(targets[name], d, VALIDITY)
            pace = o["pace"]
            wanted = "behind plan (pace < 0.9: the alert fires)" if behind else "on track (pace ≥ 0.9: no alert)"
            check(pace is not None and (pace < 0.9) == behind,
                  f"{name} as of {d}: value {o['value']:.6g}, expected {o['expected']:.2f},"
                  f" capaian {o['progress']:.4f}, pace {'-' if pace is None else format(pace, '.4f')};"
                  f" must be {wanted}")
    rules = {a["name"]: a for a in cfg.get("alerts") or []}
    for alert, target in ALERTS.items():
        a = rules.get(alert) or {}
        check(a.get("target") == target and a.get("when") == "pace_below" and float(a.get("threshold", 0)) == 0.9
              and "leadership" in (a.get("receivers") or []),
              f"alert {alert}: pace_below 0.9 on {target}, receivers [leadership]")
    check(str((rules.get("BLKTanjung2025BehindPlan") or {}).get("for")) == "0", "BLKTanjung2025BehindPlan: for 0")

if failures:
    print(f"\n{len(failures)} check(s) FAILED")
    for f in failures:
        print(f"  - {f}")
    sys.exit(1)
print("\nall checks passed")
