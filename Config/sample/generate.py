#!/usr/bin/env python3
"""Deterministic generator of the naker-exporter sample data for Kabupaten Tabalong.

Every record is SYNTHETIC: no row describes a real person or business. The generator is
tuned so that the aggregates reproduce the figures published for Tabalong (see README.md):

  * 21,816 Bengkel Sahabat WUB registered 2022-01-04 .. 2022-12-31
  * BLK Tanjung trainees 288 (2021) and 368 (2022)
  * labour force 139,540 (Aug 2022) and 145,224 (Aug 2024)
  * TPT 4.46 % (Aug 2022), 3.60 % (Aug 2023), 3.44 % (Aug 2024)

The records run from 2021-01-01 to 2026-11-30 (LAST_DAY, the data closing before today's
2026-12-02) and cover two plan periods: the regent's RPJMD 2019–2024 (records 2021–2024) and
RPJMD 2025–2029 (records 2025-01-01 .. 2026-11-30, all figures illustrative). Each period of
each dataset has its own fixed-seed random.Random, so adding the second period left every row
of the first byte-for-byte as it was (its rows come first in every file), and the output is
byte-identical on every run. Usage:

    python3 Config/sample/generate.py          # writes the CSVs next to this file

The files in bad-rows/ are fixed test fixtures, written here verbatim (see BAD_ROWS).
"""

import csv
import datetime as dt
import io
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
REGION = "Tabalong"

# The 12 kecamatan (districts) of Kabupaten Tabalong with a synthetic two-digit code used in
# the synthetic NIK, and a weight roughly proportional to population (Murung Pudak and
# Tanjung, the urban centres, are the largest).
KECAMATAN = [
    # name,          code, weight
    ("Banua Lawas", "01", 16.5),
    ("Kelua", "02", 24.0),
    ("Tanta", "03", 20.5),
    ("Tanjung", "04", 40.5),
    ("Haruai", "05", 21.5),
    ("Murung Pudak", "06", 46.0),
    ("Muara Uya", "07", 24.5),
    ("Muara Harus", "08", 8.0),
    ("Pugaan", "09", 8.5),
    ("Upau", "10", 7.5),
    ("Jaro", "11", 10.5),
    ("Bintang Ara", "12", 11.0),
]
AREAS = [k[0] for k in KECAMATAN]
AREA_WEIGHTS = [k[2] for k in KECAMATAN]
AREA_CODE = {k[0]: k[1] for k in KECAMATAN}
URBAN = {"Tanjung", "Murung Pudak"}

FIRST_DAY = dt.date(2021, 1, 1)
# Last day of the first part of the data (RPJMD 2019–2024). Registrations of 2021–2024 carry
# only placements up to this day, exactly as when the sample ended here.
PERIOD_2024_LAST_DAY = dt.date(2024, 12, 31)
# The second part (RPJMD 2025–2029) runs from 2025-01-01 to LAST_DAY, the last day with any
# record (the data closing before today, 2026-12-02).
LAST_DAY = dt.date(2026, 11, 30)

# Approximate national holidays and cuti bersama (illustrative; only used to spread the
# registry dates over working days).
HOLIDAYS = {
    dt.date.fromisoformat(d)
    for d in """
    2021-01-01 2021-02-12 2021-03-11 2021-04-02 2021-05-12 2021-05-13 2021-05-14
    2021-05-26 2021-06-01 2021-07-20 2021-08-11 2021-08-17 2021-10-20 2021-12-24
    2022-02-01 2022-02-28 2022-03-03 2022-04-15 2022-04-29 2022-05-02 2022-05-03
    2022-05-04 2022-05-05 2022-05-06 2022-05-16 2022-05-26 2022-06-01 2022-08-17
    2022-12-26
    2023-01-23 2023-03-22 2023-03-23 2023-04-07 2023-04-19 2023-04-20 2023-04-21
    2023-04-24 2023-04-25 2023-05-01 2023-05-18 2023-06-01 2023-06-02 2023-06-29
    2023-06-30 2023-07-19 2023-08-17 2023-09-28 2023-12-25 2023-12-26
    2024-01-01 2024-02-08 2024-02-09 2024-02-14 2024-03-11 2024-03-12 2024-03-29
    2024-04-08 2024-04-09 2024-04-10 2024-04-11 2024-04-12 2024-04-15 2024-05-01
    2024-05-09 2024-05-10 2024-05-23 2024-05-24 2024-06-17 2024-06-18 2024-09-16
    2024-11-27 2024-12-25 2024-12-26
    2025-01-01 2025-01-27 2025-01-28 2025-01-29 2025-03-28 2025-03-31 2025-04-01
    2025-04-02 2025-04-03 2025-04-04 2025-04-07 2025-04-18 2025-05-01 2025-05-12
    2025-05-13 2025-05-29 2025-05-30 2025-06-06 2025-06-09 2025-06-27 2025-08-18
    2025-09-05 2025-12-25 2025-12-26
    2026-01-01 2026-01-16 2026-02-16 2026-02-17 2026-03-18 2026-03-19 2026-03-20
    2026-03-23 2026-03-24 2026-04-03 2026-05-01 2026-05-14 2026-05-15 2026-05-27
    2026-05-28 2026-06-01 2026-06-16 2026-08-17 2026-08-25 2026-12-24 2026-12-25
    """.split()
}


def days(first, last):
    d = first
    while d <= last:
        yield d
        d += dt.timedelta(days=1)


def working_days(first, last):
    return [d for d in days(first, last) if d.weekday() < 5 and d not in HOLIDAYS]


def apportion(total, weights):
    """Split the integer total proportionally to weights (largest remainder, ties by index)."""
    s = sum(weights)
    quotas = [total * w / s for w in weights]
    parts = [int(q) for q in quotas]
    rest = total - sum(parts)
    order = sorted(range(len(weights)), key=lambda i: (-(quotas[i] - parts[i]), i))
    for i in order[:rest]:
        parts[i] += 1
    return parts


def write_csv(name, header, rows, delimiter=",", lineterminator="\n"):
    buf = io.StringIO(newline="")
    w = csv.writer(buf, delimiter=delimiter, lineterminator=lineterminator, quoting=csv.QUOTE_MINIMAL)
    w.writerow(header)
    w.writerows(rows)
    with open(os.path.join(HERE, name), "w", encoding="utf-8", newline="") as f:
        f.write(buf.getvalue())
    return len(rows)


# --------------------------------------------------------------------------------------------
# labour_force.csv — Sakernas-style August estimates (Tabalong row + 12 kecamatan rows)
# --------------------------------------------------------------------------------------------

# period: (working-age population, labour force, unemployed) for the whole region.
# Published: LF 2022-08 and 2024-08; TPT 2022/2023/2024 (unemployed = the integer closest to
# TPT x LF). Illustrative: every WAP, LF 2021-08 and 2023-08, unemployed 2021-08.
LABOUR_FORCE_TOTALS = {
    "2021-08": (196412, 136871, round(0.0485 * 136871)),  # illustrative TPT 4.85 %
    "2022-08": (198957, 139540, round(0.0446 * 139540)),  # 6223 -> 4.4597 % ~ 4.46 %
    "2023-08": (201486, 142318, round(0.0360 * 142318)),  # 5123 -> 3.5997 % ~ 3.60 %
    "2024-08": (203941, 145224, round(0.0344 * 145224)),  # 4996 -> 3.4402 % ~ 3.44 %
}
# RPJMD 2025–2029 (all illustrative): TPAK 71.57 %, TPT 3.31 %.
LABOUR_FORCE_TOTALS_2025 = {
    "2025-08": (206318, 147655, round(0.0331 * 147655)),  # 4887 -> 3.3097 %
}


def labour_force_period(rng, period, wap, lf, unemp, tpak, tpt):
    """The Tabalong row and 12 kecamatan rows that add up to it exactly."""
    wap_w = [w * rng.uniform(0.985, 1.015) for w in AREA_WEIGHTS]
    wap_k = apportion(wap, wap_w)
    lf_k = apportion(lf, [p * tpak[a] * rng.uniform(0.99, 1.01) for a, p in zip(AREAS, wap_k)])
    un_k = apportion(unemp, [p * tpt[a] * rng.uniform(0.95, 1.05) for a, p in zip(AREAS, lf_k)])
    rows = [[period, REGION, wap, lf, unemp]]
    for a, w, l, u in zip(AREAS, wap_k, lf_k, un_k):
        assert u <= l <= w, (period, a)
        rows.append([period, a, w, l, u])
    return rows


def labour_force():
    rng = random.Random(630901)
    # Fixed per-kecamatan propensities: participation (TPAK) and unemployment (TPT) relative
    # to the regional figure; towns have more open unemployment, farm areas more participation.
    tpak = {a: rng.uniform(0.95, 1.05) * (0.97 if a in URBAN else 1.0) for a in AREAS}
    tpt = {a: rng.uniform(0.7, 1.1) * (1.45 if a in URBAN else 1.0) for a in AREAS}
    rows = []
    # The 2025– periods keep the kecamatan propensities but draw their noise from their own
    # generator, so the 2021–2024 rows are the same as before they were added.
    for totals, period_rng in ((LABOUR_FORCE_TOTALS, rng), (LABOUR_FORCE_TOTALS_2025, random.Random(630911))):
        for period, (wap, lf, unemp) in totals.items():
            assert dt.date.fromisoformat(period + "-01") <= LAST_DAY, period
            rows += labour_force_period(period_rng, period, wap, lf, unemp, tpak, tpt)
    return write_csv(
        "labour_force.csv", ["period", "area", "working_age_population", "labour_force", "unemployed"], rows
    )


# --------------------------------------------------------------------------------------------
# job_seekers.csv — AK/I (kartu kuning) registrations, a spreadsheet export: ';' and CRLF
# --------------------------------------------------------------------------------------------

MALE = """Ahmad Muhammad Rahmat Fajar Rizky Budi Hendra Agus Yusuf Rudi Arif Syahrul Gusti Fauzan
Iwan Abdul Hairul Rusdi Taufik Dedi Wahyu Irfan Ilham Riduan Hamdani Zainal Saipul Jumberi
Anang Aldi Bayu Dimas Eko Galih Hadi Joko Rahmadi Sofyan Yudi Zulkifli Amat Fahmi""".split()
FEMALE = """Siti Nur Rahmah Fitri Dewi Aulia Nurul Rina Wahyuni Normila Rusmini Hafsah Salmah Ani
Maya Lestari Putri Aisyah Zahra Mariani Halimah Jamilah Khadijah Mahmudah Nordiana Rabiatul
Selvia Yuliani Erna Herlina Intan Kartini Lina Mega Novita Ratna Sri Tika Winda Zakiah""".split()
FAMILY = """Hidayat Rahman Saputra Ramadhan Pratama Wijaya Hakim Fadillah Maulana Setiawan Anshari
Hasanah Sari Rahmawati Nor Arsyad Hamdi Ridwan Ilmi Mahmud Syarif Fauzi Husaini Ansyari
Rizali Effendi Kurniawan Susanti Noorhayati Baihaqi Irawan Firdaus Jannah Wardani Safitri""".split()
NICK = {"L": "Iyan Udin Ijai Amang Utuh Ancah".split(), "P": "Imah Itah Galuh Aluh Inur".split()}
TITLES = {"S1": [", S.Pd.", ", S.E.", ", S.Kom.", ", S.T.", ", S.H."], "D3": [", A.Md."], "S2": [", M.Pd."]}
EDUCATION = [("SD", 7), ("SMP", 12), ("SMA", 30), ("SMK", 26), ("D3", 8), ("S1", 15), ("S2", 2)]
JOB_SEEKERS_PER_YEAR = {2021: 1153, 2022: 1318, 2023: 1262, 2024: 1241}
JOB_SEEKERS_2025 = {2025: 1236, 2026: 1149}   # 2026: up to LAST_DAY (2026-11-30) only
# School graduation (May–June) and university graduation drive registrations mid-year.
JOB_SEEKER_MONTH = [0.8, 0.9, 1.0, 0.9, 1.0, 1.6, 1.7, 1.4, 1.0, 0.9, 0.8, 0.7]
PLACEMENT_RATE = 0.315


def person_name(rng, gender, education):
    first = rng.choice(MALE if gender == "L" else FEMALE)
    r = rng.random()
    if r < 0.15:
        name = first
    elif r < 0.8:
        name = f"{first} {rng.choice(FAMILY)}"
    else:
        name = f"{first} {rng.choice(MALE if gender == 'L' else FEMALE)} {rng.choice(FAMILY)}"
    if rng.random() < 0.012:  # a nickname in quotes: needs RFC 4180 quoting in the file
        name = f'{first} "{rng.choice(NICK[gender])}" {rng.choice(FAMILY)}'
    if education in TITLES and rng.random() < 0.3:  # academic title after a comma
        name += rng.choice(TITLES[education])
    return name


def job_seeker_year(rng, year, n, last_day, nik_serial):
    """One year's registrations (up to last_day) with placements dated up to last_day."""
    wd = working_days(dt.date(year, 1, 1), min(dt.date(year, 12, 31), last_day))
    weights = [JOB_SEEKER_MONTH[d.month - 1] for d in wd]
    dates = sorted(rng.choices(wd, weights=weights, k=n))
    rows, placed = [], 0
    for seq, reg in enumerate(dates, start=1):
        area = rng.choices(AREAS, weights=AREA_WEIGHTS)[0]
        gender = "L" if rng.random() < 0.55 else "P"
        edu = rng.choices([e for e, _ in EDUCATION], weights=[w for _, w in EDUCATION])[0]
        birth = reg - dt.timedelta(days=rng.randint(17 * 365 + 5, 45 * 365))
        key = (area, birth)
        nik_serial[key] = nik_serial.get(key, 0) + 1
        nik = "6309{}{:02d}{:02d}{:02d}{:04d}".format(
            AREA_CODE[area], birth.day + (40 if gender == "P" else 0), birth.month, birth.year % 100,
            nik_serial[key],
        )
        assert len(nik) == 16
        name = person_name(rng, gender, edu)
        placed_on = ""
        if rng.random() < PLACEMENT_RATE:
            delay = 10 + int(390 * rng.random() ** 1.7)
            p = reg + dt.timedelta(days=delay)
            if p <= last_day:
                placed_on = p.isoformat()
                placed += 1
        rows.append([f"AK1-6309-{year}-{seq:06d}", nik, name, reg.isoformat(), area, placed_on, gender, edu])
    return rows, placed


def job_seekers():
    nik_serial = {}
    rows = []
    placed = 0
    # 2021–2024: placements only up to 2024-12-31, as when the sample ended there. 2025–: their
    # own generator, placements up to LAST_DAY.
    for per_year, rng, last_day in (
        (JOB_SEEKERS_PER_YEAR, random.Random(630902), PERIOD_2024_LAST_DAY),
        (JOB_SEEKERS_2025, random.Random(630912), LAST_DAY),
    ):
        for year, n in per_year.items():
            year_rows, year_placed = job_seeker_year(rng, year, n, last_day, nik_serial)
            rows += year_rows
            placed += year_placed
    # Fixtures every regeneration must keep: one name with quotes, one with an academic title.
    assert any('"' in r[2] for r in rows) and any("," in r[2] for r in rows)
    write_csv(
        "job_seekers.csv",
        ["no_pendaftaran", "nik", "nama", "tanggal_daftar", "kecamatan", "tanggal_penempatan",
         "jenis_kelamin", "pendidikan"],
        rows, delimiter=";", lineterminator="\r\n",
    )
    return len(rows), placed


# --------------------------------------------------------------------------------------------
# entrepreneurs.csv — WUB (wirausaha baru) registry
# --------------------------------------------------------------------------------------------

SECTORS = [("kuliner", 34), ("perdagangan", 25), ("jasa", 15), ("kerajinan", 10), ("pertanian", 11),
           ("perikanan", 5)]
WUB_2022 = 21816            # published: Bengkel Sahabat, 2022-01-04 .. 2022-12-31
WUB_2022_YEAR_END = 37      # of which registered on Saturday 2022-12-31 (year-end data closing)
WUB_LATER = {2023: 1794, 2024: 1512}                   # illustrative
KUR_MIKRO = {2021: 78, 2022: 96, 2023: 88, 2024: 91}   # illustrative, another programme
WUB_2022_MONTH = [1.3, 1.35, 1.2, 1.0, 0.75, 1.0, 1.0, 1.1, 1.0, 0.9, 0.85, 0.7]
# RPJMD 2025–2029 (illustrative; 2026 up to LAST_DAY): Bengkel Sahabat a little ahead of a
# linear 2,000 a year, kur-mikro as before.
WUB_2025 = {2025: 2046, 2026: 1912}
KUR_MIKRO_2025 = {2025: 94, 2026: 83}


def entrepreneur_rows(rng, by_year, status_year):
    """Rows per year in date order, ids WUB-YEAR-NNNNN; status as seen in status_year."""
    rows = []
    for year, recs in by_year.items():
        rng.shuffle(recs)
        recs.sort(key=lambda r: r[0])
        for seq, (d, programme) in enumerate(recs, start=1):
            area = rng.choices(AREAS, weights=AREA_WEIGHTS)[0]
            sector = rng.choices([s for s, _ in SECTORS], weights=[w for _, w in SECTORS])[0]
            p_inactive = 0.12 + 0.06 * (status_year - year)  # older businesses more often stopped
            status = "tidak_aktif" if rng.random() < p_inactive else "aktif"
            rows.append([f"WUB-{year}-{seq:05d}", d.isoformat(), area, programme, sector, status])
    return rows


def entrepreneurs():
    rng = random.Random(630903)
    by_year = {y: [] for y in range(2021, 2025)}
    # Bengkel Sahabat 2022: spread over the working days from 2022-01-04, plus the year-end closing.
    wd = working_days(dt.date(2022, 1, 4), dt.date(2022, 12, 31))
    per_day = apportion(WUB_2022 - WUB_2022_YEAR_END,
                        [WUB_2022_MONTH[d.month - 1] * rng.uniform(0.6, 1.4) for d in wd])
    for d, n in zip(wd, per_day):
        by_year[2022] += [(d, "bengkel-sahabat")] * n
    by_year[2022] += [(dt.date(2022, 12, 31), "bengkel-sahabat")] * WUB_2022_YEAR_END
    for year, n in WUB_LATER.items():
        wd = working_days(dt.date(year, 1, 2), dt.date(year, 12, 31))
        by_year[year] += [(d, "bengkel-sahabat") for d in rng.choices(wd, k=n)]
    for year, n in KUR_MIKRO.items():
        wd = working_days(dt.date(year, 1, 1), dt.date(year, 12, 31))
        by_year[year] += [(d, "kur-mikro") for d in rng.choices(wd, k=n)]
    rows = entrepreneur_rows(rng, by_year, status_year=2024)
    # RPJMD 2025–2029: its own generator, appended after the 2021–2024 rows.
    rng = random.Random(630913)
    by_year = {y: [] for y in WUB_2025}
    for year, n in WUB_2025.items():
        wd = working_days(dt.date(year, 1, 2), min(dt.date(year, 12, 31), LAST_DAY))
        by_year[year] += [(d, "bengkel-sahabat") for d in rng.choices(wd, k=n)]
    for year, n in KUR_MIKRO_2025.items():
        wd = working_days(dt.date(year, 1, 1), min(dt.date(year, 12, 31), LAST_DAY))
        by_year[year] += [(d, "kur-mikro") for d in rng.choices(wd, k=n)]
    rows += entrepreneur_rows(rng, by_year, status_year=LAST_DAY.year)
    return write_csv("entrepreneurs.csv", ["id", "registered_on", "area", "programme", "sector", "status"], rows)


# --------------------------------------------------------------------------------------------
# trainees.csv — vocational training enrolments (BLK Tanjung and a private LPK)
# --------------------------------------------------------------------------------------------

INSTITUTIONS = {
    # institution: (id prefix, nominal batch size, enrolments per year, programme weights)
    "BLK Tanjung": ("BLK", 16, {2021: 288, 2022: 368, 2023: 392, 2024: 412},
                    [("menjahit", 4), ("las", 4), ("otomotif", 4), ("komputer", 3), ("tata-boga", 3),
                     ("barista", 2)]),
    "LPK Karya Mandiri": ("LPK", 10, {2021: 56, 2022: 60, 2023: 62, 2024: 64},
                          [("komputer", 3), ("menjahit", 2), ("tata-boga", 2)]),
}
# RPJMD 2025–2029 (illustrative; 2026: batches started up to LAST_DAY): BLK Tanjung enrols
# fewer than its plan of about 500 a year.
TRAINEES_2025 = {"BLK Tanjung": {2025: 384, 2026: 352}, "LPK Karya Mandiri": {2025: 66, 2026: 58}}
# Trainees come mostly from around Tanjung, where BLK Tanjung is.
TRAINEE_PROXIMITY = {"Tanjung": 2.0, "Murung Pudak": 1.6, "Tanta": 1.2, "Kelua": 1.0, "Haruai": 1.0}


def trainee_year(rng, inst, prefix, size, year, total, programmes, area_w):
    """One institution's enrolments of one year, in batches starting on Mondays Feb–Nov."""
    n = max(1, round(total / size))
    sizes = [size] * n
    diff = total - size * n
    for i in rng.sample(range(n), abs(diff)):
        sizes[i] += 1 if diff > 0 else -1
    mondays = [d for d in days(dt.date(year, 2, 1), min(dt.date(year, 11, 30), LAST_DAY)) if d.weekday() == 0]
    batches = []
    for s in sizes:
        start = rng.choice(mondays)
        while start in HOLIDAYS:  # start the day after a holiday Monday
            start += dt.timedelta(days=1)
        assert start <= LAST_DAY
        prog = rng.choices([p for p, _ in programmes], weights=[w for _, w in programmes])[0]
        batches.append((start, prog, s))
    batches.sort(key=lambda b: (b[0], b[1]))
    rows = []
    seq = 0
    for start, prog, s in batches:
        for _ in range(s):
            seq += 1
            area = rng.choices(AREAS, weights=area_w)[0]
            completed = "ya" if rng.random() < 0.9 else "tidak"
            rows.append([f"{prefix}-{year}-{seq:04d}", start.isoformat(), inst, prog, area, completed])
    assert seq == total
    return rows


def trainees():
    area_w = [w * TRAINEE_PROXIMITY.get(a, 0.7) for a, w in zip(AREAS, AREA_WEIGHTS)]
    rng = random.Random(630904)
    rows = []
    for inst, (prefix, size, per_year, programmes) in INSTITUTIONS.items():
        for year, total in per_year.items():
            rows += trainee_year(rng, inst, prefix, size, year, total, programmes, area_w)
    rows.sort(key=lambda r: (r[1], r[0]))
    # RPJMD 2025–2029: its own generator; every batch starts after the last of 2024, so these
    # rows follow the 2021–2024 ones.
    rng = random.Random(630914)
    later = []
    for inst, (prefix, size, _, programmes) in INSTITUTIONS.items():
        for year, total in TRAINEES_2025[inst].items():
            later += trainee_year(rng, inst, prefix, size, year, total, programmes, area_w)
    later.sort(key=lambda r: (r[1], r[0]))
    assert rows[-1][1] < later[0][1]
    return write_csv("trainees.csv", ["id", "started_on", "institution", "programme", "area", "completed"],
                     rows + later)


# --------------------------------------------------------------------------------------------
# bad-rows/ — fixed fixtures for the parser and validation tests (see bad-rows/EXPECTED.md)
# --------------------------------------------------------------------------------------------

BAD_ROWS = {
    "labour_force.csv": (b"\n", [
        b"period,area,working_age_population,labour_force,unemployed",
        b"2024-08,Tabalong,203941,145224,4996",
        b"2024-08,Tanjung,34210,24480,1010",
        b"2024-08,Murung Pudak,39120,27950,1302",
        b"2024-08,,15000,10500,300",
        b"2024-08,Kelua,abc,14000,420",
        b"2024-08,Tanta,17000,12000,-5",
        b"2024-08,Haruai,18000,12500,1.5",
        b"2024-08,Jaro,7000,7400,200",
        b"2024-08,Upau,6000,4200,4300",
        b"2022-13,Pugaan,6500,4600,150",
        b"24-08,Muara Harus,6400,4500,160",
        b"2024-08,Bintang Ara,9000",
        b"2024-08,Muara Uya,20000,14100,480,99",
        b'"2023-08","Banua Lawas",13900,9800,"310"',
        b"2023-08,Tabalong,201486,142318,5123",
        b"2023-08,Tanta,17000,12000,",
    ]),
    "job_seekers.csv": (b"\r\n", [
        b"no_pendaftaran;nik;nama;tanggal_daftar;kecamatan;tanggal_penempatan;jenis_kelamin;pendidikan",
        b"AK1-6309-2023-000001;6309040101990001;Ahmad Fauzi;2023-01-09;Tanjung;;L;SMA",
        b"AK1-6309-2023-000002;6309064502000001;Siti Rahmah;2023-01-10;Murung Pudak;2023-04-03;P;SMK",
        b'AK1-6309-2023-000003;6309025203980001;"Siti Aminah; S.Pd.";2023-01-11;Kelua;;P;S1',
        b'AK1-6309-2023-000004;6309031207010001;"Muhammad ""Iyan"" Riyadi";2023-01-12;Tanta;;L;SMP',
        b"AK1-6309-2023-000005;6309052308990001;Rudi Hartono;;Haruai;;L;SMA",
        b";6309115611970001;Noor Hasanah;2023-01-16;Jaro;;P;SMA",
        b"AK1-6309-2023-000007;6309016404000001;Rina Wahyuni;2023-01-17;;;P;D3",
        b"AK1-6309-2023-000008;6309100902020001;Fajar Pratama;2022-13-01;Upau;;L;SMK",
        b"AK1-6309-2023-000009;6309096110010001;Dewi Lestari;2022-02-30;Pugaan;;P;SMA",
        b"AK1-6309-2023-000010;6309121505000001;Hendra Saputra;22-01-01;Bintang Ara;;L;SMP",
        b"AK1-6309-2023-000011;6309074703030001;Nurul Aulia;2023-02-06;Muara Uya;2023-01-30;P;SMA",
        b"AK1-6309-2023-000002;6309064502000001;Siti Rahmah;2023-02-07;Murung Pudak;;P;SMK",
        b"AK1-6309-2023-000013;6309040811980001;Gusti Rahman;2023-02-08;Tanjung",
        b"AK1-6309-2023-000014;6309022002000001;Taufik Hidayat;2023-02-09;Kelua;;L;SMA;extra",
        b"AK1-6309-2023-000015;6309041906010001;Yusuf Maulana;2023-02-10;Tanjung;2023-02-30;L;SMK",
        b"AK1-6309-2023-000016;6309016712990001;Aisyah Putri, S.Pd.;2023-02-13;Banua Lawas;2023-05-02;P;S1",
        b"AK1-6309-2023-000017;6309040303000001;Agus Setiawan;2023-02-13;Tanjung;2023-02-13;L;SMA",
    ]),
    "entrepreneurs.csv": (b"\n", [
        b"id,registered_on,area,programme,sector,status",
        b"WUB-2022-00001,2022-01-04,Tanjung,bengkel-sahabat,kuliner,aktif",
        b'WUB-2022-00002,2022-01-04,Murung Pudak,bengkel-sahabat,"kuliner, kue basah",aktif',
        b"WUB-2022-00003,2022-01-05,Kelua,bengkel-sahabat,kaf\xe9,aktif",
        b"WUB-2022-00004,2022-02-30,Tanta,bengkel-sahabat,jasa,aktif",
        b"WUB-2022-00005,,Haruai,bengkel-sahabat,perdagangan,aktif",
        b"WUB-2022-00002,2022-01-06,Jaro,bengkel-sahabat,kerajinan,aktif",
        b"WUB-2022-00007,2022-01-06,Upau,bengkel-sahabat",
        b"WUB-2022-00008,2022-01-07,Pugaan,kur-mikro,pertanian,aktif,2022",
        b"WUB-2022-00009,2022-13-01,Tanjung,kur-mikro,perikanan,aktif",
        b"WUB-2022-00010,2022-01-10,Bintang Ara,,,",
        b"WUB-2022-00011,22-01-01,Muara Uya,bengkel-sahabat,jasa,aktif",
        b"WUB-2022-00012,2022-01-11,,bengkel-sahabat,jasa,aktif",
        b'WUB-2022-00013,2022-01-11,"Muara Harus",bengkel-sahabat,"jasa ""servis"" motor",tidak_aktif',
        b"WUB-2022-00014,2022-01-12,Tanjung,bengkel-sahabat\xa0,jasa,aktif",
    ]),
    "trainees.csv": (b"\n", [
        b"id,started_on,institution,programme,area,completed",
        b"BLK-2022-0001,2022-02-07,BLK Tanjung,las,Tanjung,ya",
        b"BLK-2022-0002,2022-02-07,BLK Tanjung,las,Murung Pudak,tidak",
        b'BLK-2022-0003,2022-02-07,"BLK Tanjung","menjahit, tingkat dasar",Kelua,ya',
        b"BLK-2022-0004,2022-02-07,,las,Tanta,ya",
        b"BLK-2022-0001,2022-02-14,BLK Tanjung,otomotif,Haruai,ya",
        b"BLK-2022-0006,2022-13-01,BLK Tanjung,komputer,Jaro,ya",
        b"BLK-2022-0007,2022-02-30,BLK Tanjung,komputer,Upau,ya",
        b"BLK-2022-0008,22-01-01,BLK Tanjung,barista,Pugaan,ya",
        b"BLK-2022-0009,2022-03-07,BLK Tanjung,barista",
        b"BLK-2022-0010,2022-03-07,BLK Tanjung,barista,Tanjung,ya,16",
        b"LPK-2022-0001,2022-03-14,LPK Karya Mandiri,komputer,Tanjung,ya",
        b",2022-03-14,LPK Karya Mandiri,komputer,Kelua,ya",
        b"BLK-2022-0011,2022-03-21,BLK Tanjung,tata-boga,,",
    ]),
}


def bad_rows():
    os.makedirs(os.path.join(HERE, "bad-rows"), exist_ok=True)
    for name, (eol, lines) in BAD_ROWS.items():
        with open(os.path.join(HERE, "bad-rows", name), "wb") as f:
            f.write(b"".join(line + eol for line in lines))


def main():
    lf = labour_force()
    js, placed = job_seekers()
    wub = entrepreneurs()
    tr = trainees()
    bad_rows()
    print(f"labour_force.csv   {lf} rows")
    print(f"job_seekers.csv    {js} rows ({placed} placed, {placed / js:.1%})")
    print(f"entrepreneurs.csv  {wub} rows")
    print(f"trainees.csv       {tr} rows")
    print(f"bad-rows/          {len(BAD_ROWS)} files")


if __name__ == "__main__":
    main()
