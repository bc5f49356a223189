#!/usr/bin/env python3
"""Writes the `registries` fixture: four small registries in which every row rule of
docs/formulas.md is broken by exactly one row each, and nothing else is wrong.

    python3 Tests/Fixtures/registries/generate.py

Writes, into the directory of this script: labour_force.csv, job_seekers.csv,
entrepreneurs.csv, trainees.csv, EXPECTED.md and naker-exporter.yml. Standard library only,
no randomness: the rows are written out below, one by one, each with the reason it is meant to
be rejected for (or None). EXPECTED.md is written from that table, never from running the
exporter. Two runs give byte-identical files. `libreoffice/convert.sh` turns the CSVs into
.xlsx workbooks; run it again (and `libreoffice/verify_xlsx.py`) after changing a row here.

The same rows must mean the same in a CSV file, a spreadsheet and a database table, so the
fixture holds only problems that all three can carry:

- no wrong field count, no stray quote, no bytes that are not UTF-8, no blank row;
- no value that needs quoting (no `,`, `"`, line break), no leading or trailing spaces;
- a duplicate id comes later in the file AND is dated strictly later than the row it repeats
  (a database source keeps the earliest-dated row of an id, a CSV the first in file order:
  both keep the same row), and no rejected row's id occurs anywhere else;
- the duplicate (period, area) of labour_force repeats its first row value for value, so
  whichever of the two a source keeps, the figures are the same.
"""

import datetime as dt
import os

HERE = os.path.dirname(os.path.abspath(__file__))
REGION = "Tabalong"
VALIDITY_DAYS = 730

# Kecamatan codes used in the synthetic NIKs (6309 = Kabupaten Tabalong).
KEC = {"Banua Lawas": "01", "Kelua": "02", "Tanta": "03", "Tanjung": "04", "Haruai": "05",
       "Murung Pudak": "06", "Muara Uya": "07", "Muara Harus": "08", "Pugaan": "09",
       "Upau": "10", "Jaro": "11", "Bintang Ara": "12"}

# Reason codes and messages of docs/formulas.md ("Problems with one row").
MISSING, BAD_PERIOD, BAD_COUNT = "missing", "bad_period", "bad_count"
LF_ABOVE_WAP, U_ABOVE_LF = "labour_force_above_working_age", "unemployed_above_labour_force"
DUP_PERIOD_AREA, BAD_DATE = "duplicate_period_area", "bad_date"
PLACED_BEFORE, DUP_ID = "placed_before_registered", "duplicate_id"

COLUMNS = {
    "labour_force": ["period", "area", "working_age_population", "labour_force", "unemployed"],
    "job_seekers": ["id", "nik", "nama", "registered_on", "area", "placed_on", "gender", "education"],
    "entrepreneurs": ["id", "registered_on", "area", "programme", "sector", "status", "nama_usaha"],
    "trainees": ["id", "started_on", "institution", "programme", "area", "completed"],
}
IGNORED = {"labour_force": [], "job_seekers": ["nik", "nama"], "entrepreneurs": ["nama_usaha"],
           "trainees": []}


def nik(area, birth, sex, serial):
    """A synthetic 16-digit NIK: 6309, kecamatan, DDMMYY of birth (day + 40 for women), serial."""
    b = dt.date.fromisoformat(birth)
    day = b.day + (40 if sex == "P" else 0)
    return f"6309{KEC[area]}{day:02d}{b.month:02d}{b.year % 100:02d}{serial:04d}"


# ------------------------------------------------------------------------------ the rows
# Each entry: (values in the order of COLUMNS[dataset], None or (reason code, explanation)).

LABOUR_FORCE = [
    (("2023-08", REGION, "201486", "142318", "5123"), None),
    (("2023-08", "Tanjung", "34010", "24150", "1010"), None),
    (("2023-08", "Murung Pudak", "38870", "27600", "1190"), None),
    (("", "Haruai", "17950", "12480", "450"), (MISSING, "missing required value `period` (empty)")),
    (("2023-08", "Kelua", "14620", "10380", "330"), None),
    (("2023-08", "", "15000", "10500", "300"), (MISSING, "missing required value `area` (empty)")),
    (("2023-08", "Tanta", "16480", "11640", "400"), None),
    (("2023-08", "Jaro", "", "5000", "200"),
     (MISSING, "missing required value `working_age_population` (empty)")),
    (("2023-08", "Upau", "6000", "", "150"), (MISSING, "missing required value `labour_force` (empty)")),
    (("2023-08", "Pugaan", "6500", "4600", ""), (MISSING, "missing required value `unemployed` (empty)")),
    (("2023-13", "Haruai", "17950", "12480", "450"), (BAD_PERIOD, "bad period `2023-13` (month 13)")),
    (("2024-08", REGION, "203941", "145224", "4996"), None),
    (("2024-08", "Tanjung", "34210", "24480", "1010"), None),
    (("23-08", "Kelua", "14620", "10380", "330"), (BAD_PERIOD, "bad period `23-08` (not YYYY-MM)")),
    (("2024-08", "Murung Pudak", "39120", "27950", "1302"), None),
    (("2024-08", "Muara Uya", "abc", "14000", "420"),
     (BAD_COUNT, "bad number `abc` in `working_age_population`")),
    (("2024-08", "Kelua", "14700", "10490", "310"), None),
    (("2024-08", "Banua Lawas", "13900", "9800", "1.5"),
     (BAD_COUNT, "bad number `1.5` in `unemployed` (not a whole number)")),
    (("2024-08", "Haruai", "18010", "12620", "455"), None),
    (("2024-08", "Bintang Ara", "9000", "6300", "-5"), (BAD_COUNT, "negative number `-5` in `unemployed`")),
    (("2024-08", "Muara Harus", "6400", "4.500", "160"),
     (BAD_COUNT, "bad number `4.500` in `labour_force` (a thousands dot; the source sets no "
                 "thousands_separator)")),
    (("2024-08", "Tanta", "16590", "11790", "392"), None),
    (("2024-08", "Upau", "6000", "7400", "200"),
     (LF_ABOVE_WAP, "`labour_force` 7400 > `working_age_population` 6000")),
    (("2024-08", "Pugaan", "6500", "4200", "4300"), (U_ABOVE_LF, "`unemployed` 4300 > `labour_force` 4200")),
    (("2024-08", "Jaro", "7010", "5020", "0"), None),
    (("2024-08", "Tanjung", "34210", "24480", "1010"),
     (DUP_PERIOD_AREA, "duplicate period and area `2024-08` `Tanjung` (first on line {first}; "
                       "the same values, so either row gives the same figures)")),
]


def js(id_, area, birth, sex, serial, name, registered, placed, education, reason=None):
    n = nik(area or "Tanjung", birth, sex, serial)
    return (id_, n, name, registered, area, placed, sex, education), reason


def js_anon(id_, area, birth, sex, serial, name, registered, placed, reason=None):
    """A row whose optional gender and education are left empty (the NIK still encodes sex)."""
    n = nik(area, birth, sex, serial)
    return (id_, n, name, registered, area, placed, "", ""), reason


JOB_SEEKERS = [
    js("AK1-6309-2023-000001", "Tanjung", "1999-01-04", "L", 1, "Ahmad Fauzi", "2023-01-09", "", "SMA"),
    js("AK1-6309-2023-000002", "Murung Pudak", "2000-02-05", "P", 1, "Siti Rahmah", "2023-01-10",
       "2023-04-03", "SMK"),
    js("AK1-6309-2023-000003", "Kelua", "1998-03-12", "L", 2, "André Saputra", "2023-01-16", "", "S1"),
    js("", "Tanta", "1997-11-16", "P", 1, "Noor Hasanah", "2023-01-17", "", "SMA",
       (MISSING, "missing required value `id` (empty)")),
    js("AK1-6309-2023-000005", "Haruai", "2001-04-24", "P", 1, "Rina Wahyuni", "2023-02-06", "2023-02-06",
       "D3"),
    js("AK1-6309-2023-000006", "Jaro", "2002-09-09", "L", 1, "Fajar Pratama", "2023-13-01", "", "SMK",
       (BAD_DATE, "bad date `2023-13-01` in `registered_on` (month 13)")),
    js("AK1-6309-2023-000007", "Tanjung", "2000-07-21", "P", 3, "Dewi Lestari", "2023-02-20", "2023-09-11",
       "SMA"),
    js("AK1-6309-2023-000008", "Banua Lawas", "2000-05-15", "L", 1, "Hendra Saputra", "2023-02-30", "",
       "SMP", (BAD_DATE, "bad date `2023-02-30` in `registered_on` (no such day)")),
    js("AK1-6309-2023-000009", "Murung Pudak", "1998-11-08", "L", 2, "Gusti Rahman", "2023-03-06", "", "SMA"),
    js("AK1-6309-2023-000002", "Murung Pudak", "2000-02-05", "P", 1, "Siti Rahmah", "2023-03-13", "", "SMK",
       (DUP_ID, "duplicate id `AK1-6309-2023-000002` (first on line {first}, dated {first_date}; "
                "this one is dated later, {date})")),
    js("AK1-6309-2023-000011", "Haruai", "1999-08-23", "L", 2, "Rudi Hartono", "", "", "SMA",
       (MISSING, "missing required value `registered_on` (empty)")),
    js("AK1-6309-2023-000012", "Tanta", "2001-03-07", "P", 2, "Nurul Aulia", "2023-04-03", "", "S1"),
    js("AK1-6309-2023-000013", "Tanjung", "2001-06-19", "L", 4, "Yusuf Maulana", "2023/01/05", "", "SMK",
       (BAD_DATE, "bad date `2023/01/05` in `registered_on` (not YYYY-MM-DD)")),
    js("AK1-6309-2023-000014", "Kelua", "1999-12-27", "P", 3, "Aisyah Putri", "2023-05-08", "2023-10-02",
       "SMK"),
    js("AK1-6309-2023-000015", "", "2000-02-20", "L", 5, "Taufik Hidayat", "2023-05-15", "", "SMA",
       (MISSING, "missing required value `area` (empty)")),
    js_anon("AK1-6309-2023-000016", "Murung Pudak", "2002-10-01", "L", 3, "Muhammad Rizky", "2023-06-05", ""),
    js("AK1-6309-2023-000017", "Haruai", "2002-01-30", "P", 3, "Fitri Handayani", "05-01-2023", "", "SMA",
       (BAD_DATE, "bad date `05-01-2023` in `registered_on` (not YYYY-MM-DD)")),
    js("AK1-6309-2023-000018", "Tanjung", "1997-03-03", "L", 5, "Agus Setiawan", "2023-07-10", "2024-01-15",
       "S1"),
    js("AK1-6309-2023-000019", "Banua Lawas", "2000-08-14", "P", 2, "Lina Marlina", "2023-08-07",
       "2023-07-31", "SMA",
       (PLACED_BEFORE, "placed before registered (`placed_on` 2023-07-31 < `registered_on` 2023-08-07)")),
    js("AK1-6309-2023-000020", "Jaro", "2003-05-05", "L", 2, "Budi Santoso", "2023-09-04", "", "SMP"),
    js("AK1-6309-2023-000021", "Tanta", "2001-12-12", "P", 3, "Mega Puspita", "2023-09-11", "2023-09-31",
       "D3", (BAD_DATE, "bad date `2023-09-31` in `placed_on` (no such day)")),
    js("AK1-6309-2023-000022", "Murung Pudak", "1999-04-18", "L", 4, "Rahmat Hidayat", "2023-10-02",
       "2024-03-04", "SMK"),
    js("AK1-6309-2023-000023", "Tanjung", "1996-09-29", "P", 6, "Indah Permata", "2023-11-06", "", "S2"),
    js("AK1-6309-2023-000024", "Kelua", "2000-06-06", "L", 4, "Hasan Basri", "2023-11-13", "2023/12/04", "SMA",
       (BAD_DATE, "bad date `2023/12/04` in `placed_on` (not YYYY-MM-DD)")),
    js("AK1-6309-2023-000025", "Haruai", "2002-07-17", "P", 4, "Siti Nurhaliza", "2023-12-11", "", "SMA"),
    js("AK1-6309-2024-000001", "Tanjung", "2001-01-25", "L", 7, "Doni Kurniawan", "2024-01-08", "2024-06-03",
       "SMK"),
    js("AK1-6309-2024-000002", "Murung Pudak", "2003-02-11", "L", 5, "Wahyu Nugroho", "2024-01-15",
       "04-03-2024", "SMA", (BAD_DATE, "bad date `04-03-2024` in `placed_on` (not YYYY-MM-DD)")),
    js("AK1-6309-2024-000003", "Tanta", "2004-04-04", "P", 4, "Nor Aida", "2024-02-05", "", "SMP"),
    js("AK1-6309-2024-000004", "Murung Pudak", "2000-10-10", "L", 6, "Ilham Ramadhan", "2024-02-29", "", "S1"),
    js("AK1-6309-2023-000026", "Kelua", "1998-05-22", "P", 5, "Ratna Sari", "2023-02-29", "", "SMA",
       (BAD_DATE, "bad date `2023-02-29` in `registered_on` (2023 is not a leap year)")),
    js("AK1-6309-2024-000005", "Kelua", "1997-08-08", "L", 6, "Fahmi Ansyari", "2024-03-11", "2024-08-05",
       "S1"),
    js("AK1-6309-2024-000006", "Jaro", "2002-03-15", "P", 3, "Yuliana Putri", "2024-04-01", "2024-13-02",
       "SMK", (BAD_DATE, "bad date `2024-13-02` in `placed_on` (month 13)")),
    js("AK1-6309-2024-000007", "Haruai", "2001-11-11", "L", 5, "Ari Wibowo", "2024-05-06", "", "SMA"),
    js("AK1-6309-2024-000008", "Tanjung", "2003-06-26", "P", 8, "Sri Wulandari", "2024-06-10", "2024-11-04",
       "D3"),
    js("AK1-6309-2024-000001", "Tanjung", "2001-01-25", "L", 7, "Doni Kurniawan", "2024-07-01", "", "SMK",
       (DUP_ID, "duplicate id `AK1-6309-2024-000001` (first on line {first}, dated {first_date}; "
                "this one is dated later, {date})")),
    js("AK1-6309-2024-000010", "Murung Pudak", "2004-09-13", "L", 7, "Rizal Fahlevi", "2024-08-05", "", "SMK"),
    js("AK1-6309-2024-000011", "Tanta", "2002-12-01", "P", 5, "Dian Anggraini", "2024-09-02", "", "S1"),
    js("AK1-6309-2024-000012", "Kelua", "2003-07-07", "L", 7, "Bayu Pratama", "2024-10-07", "2024-12-02", "SMA"),
    js("AK1-6309-2024-000013", "Jaro", "2005-01-19", "P", 4, "Lestari Ningsih", "2024-11-04", "", "SMA"),
    js("AK1-6309-2024-000014", "Tanjung", "2005-05-28", "L", 9, "Zainal Abidin", "2024-12-09", "", "SMP"),
    js("AK1-6309-2024-000015", "Banua Lawas", "2004-02-02", "P", 3, "Nadia Safitri", "2024-12-30", "", "SMK"),
]

ENTREPRENEURS = [
    (("WUB-2023-00001", "2023-01-09", "Tanjung", "bengkel-sahabat", "kuliner", "aktif", "Warung Acil Imah"), None),
    (("WUB-2023-00002", "2023-01-16", "Murung Pudak", "bengkel-sahabat", "perdagangan", "aktif",
      "Toko Berkah Jaya"), None),
    (("WUB-2023-00003", "2023-02-06", "Kelua", "kur-mikro", "pertanian", "aktif", "Tani Makmur"), None),
    (("WUB-2023-00004", "", "Tanta", "bengkel-sahabat", "jasa", "aktif", "Servis HP Tanta"),
     (MISSING, "missing required value `registered_on` (empty)")),
    (("WUB-2023-00005", "2023-02-20", "Tanta", "bengkel-sahabat", "kafé", "aktif", "Kafé Sarabba"), None),
    (("WUB-2023-00006", "2023-13-01", "Haruai", "bengkel-sahabat", "kerajinan", "aktif", "Anyaman Purun"),
     (BAD_DATE, "bad date `2023-13-01` in `registered_on` (month 13)")),
    (("WUB-2023-00007", "2023-03-13", "Haruai", "bengkel-sahabat", "kerajinan", "aktif", "Rotan Haruai"), None),
    (("", "2023-03-20", "Jaro", "kur-mikro", "perikanan", "aktif", "Kolam Ikan Jaro"),
     (MISSING, "missing required value `id` (empty)")),
    (("WUB-2023-00009", "2023-04-03", "Murung Pudak", "bengkel-sahabat", "jasa", "tidak_aktif",
      "Laundry Bersih"), None),
    (("WUB-2023-00010", "2023-02-30", "Tanjung", "bengkel-sahabat", "kuliner", "aktif", "Pentol Bakar"),
     (BAD_DATE, "bad date `2023-02-30` in `registered_on` (no such day)")),
    (("WUB-2023-00011", "2023-05-08", "Tanjung", "", "", "", "Jahit Bu Ani"), None),
    (("WUB-2023-00002", "2023-05-15", "Murung Pudak", "bengkel-sahabat", "perdagangan", "aktif",
      "Toko Berkah Jaya"),
     (DUP_ID, "duplicate id `WUB-2023-00002` (first on line {first}, dated {first_date}; "
              "this one is dated later, {date})")),
    (("WUB-2023-00013", "2023-06-05", "Kelua", "bengkel-sahabat", "kuliner", "aktif", "Amplang Kelua"), None),
    (("WUB-2023-00014", "2023-06-12", "", "bengkel-sahabat", "jasa", "aktif", "Cukur Rapi"),
     (MISSING, "missing required value `area` (empty)")),
    (("WUB-2023-00015", "2023-07-10", "Tanta", "kur-mikro", "perdagangan", "aktif", "Kios Sembako"), None),
    (("WUB-2023-00016", "2023/01/05", "Kelua", "bengkel-sahabat", "kuliner", "aktif", "Dodol Kelua"),
     (BAD_DATE, "bad date `2023/01/05` in `registered_on` (not YYYY-MM-DD)")),
    (("WUB-2023-00017", "2023-08-14", "Murung Pudak", "bengkel-sahabat", "kuliner", "aktif", "Kue Bingka"),
     None),
    (("WUB-2023-00018", "2023-10-02", "Haruai", "bengkel-sahabat", "perikanan", "aktif", "Ikan Asap Haruai"),
     None),
    (("WUB-2023-00019", "05-01-2023", "Tanjung", "kur-mikro", "jasa", "aktif", "Bengkel Motor Jaya"),
     (BAD_DATE, "bad date `05-01-2023` in `registered_on` (not YYYY-MM-DD)")),
    (("WUB-2023-00020", "2023-11-20", "Tanjung", "bengkel-sahabat", "jasa", "aktif", "Toko Kue Nyonya—Tanjung"),
     None),
    (("WUB-2024-00001", "2024-01-08", "Tanjung", "bengkel-sahabat", "kuliner", "aktif", "Soto Banjar Acil"),
     None),
    (("WUB-2024-00002", "2024-02-05", "Kelua", "bengkel-sahabat", "perdagangan", "aktif", "Toko Plastik"),
     None),
    (("WUB-2024-00003", "2024-02-29", "Murung Pudak", "kur-mikro", "jasa", "aktif", "Rental Tenda"), None),
    (("WUB-2024-00004", "2024-04-15", "Tanta", "bengkel-sahabat", "kerajinan", "aktif", "Sasirangan Tanta"),
     None),
    (("WUB-2024-00005", "2024-06-03", "Haruai", "bengkel-sahabat", "kuliner", "tidak_aktif", "Dapur Haruai"),
     None),
    (("WUB-2024-00006", "2024-07-08", "Murung Pudak", "bengkel-sahabat", "jasa", "aktif", "Las Pudak"), None),
    (("WUB-2024-00007", "2024-09-09", "Kelua", "kur-mikro", "pertanian", "aktif", "Bibit Karet"), None),
    (("WUB-2024-00008", "2024-11-11", "Tanjung", "bengkel-sahabat", "perdagangan", "aktif", "Grosir Tanjung"),
     None),
    (("WUB-2024-00009", "2024-12-31", "Banua Lawas", "bengkel-sahabat", "kuliner", "aktif", "Lemang Banua"),
     None),
]

TRAINEES = [
    (("BLK-2023-0001", "2023-02-06", "BLK Tanjung", "las", "Tanjung", "ya"), None),
    (("BLK-2023-0002", "2023-02-06", "BLK Tanjung", "las", "Murung Pudak", "ya"), None),
    (("BLK-2023-0003", "2023-02-06", "BLK Tanjung", "menjahit", "Kelua", "tidak"), None),
    (("BLK-2023-0004", "2023-02-06", "", "menjahit", "Tanta", "ya"),
     (MISSING, "missing required value `institution` (empty)")),
    (("LPK-2023-0001", "2023-03-06", "LPK Karya Mandiri", "komputer", "Tanjung", "ya"), None),
    (("BLK-2023-0005", "2023-13-01", "BLK Tanjung", "otomotif", "Haruai", "ya"),
     (BAD_DATE, "bad date `2023-13-01` in `started_on` (month 13)")),
    (("BLK-2023-0006", "2023-04-03", "BLK Tanjung", "pâtisserie", "Tanta", "ya"), None),
    (("", "2023-04-03", "BLK Tanjung", "otomotif", "Jaro", "ya"), (MISSING, "missing required value `id` (empty)")),
    (("BLK-2023-0008", "2023-05-08", "BLK Tanjung", "otomotif", "Haruai", "tidak"), None),
    (("BLK-2023-0009", "2023-02-30", "BLK Tanjung", "komputer", "Upau", "ya"),
     (BAD_DATE, "bad date `2023-02-30` in `started_on` (no such day)")),
    (("BLK-2023-0010", "2023-06-05", "BLK Tanjung", "barista", "Murung Pudak", "ya"), None),
    (("BLK-2023-0002", "2023-07-10", "BLK Tanjung", "las", "Murung Pudak", "ya"),
     (DUP_ID, "duplicate id `BLK-2023-0002` (first on line {first}, dated {first_date}; "
              "this one is dated later, {date})")),
    (("LPK-2023-0002", "2023-08-07", "LPK Karya Mandiri", "komputer", "Kelua", "ya"), None),
    (("BLK-2023-0012", "", "BLK Tanjung", "tata-boga", "Tanjung", "ya"),
     (MISSING, "missing required value `started_on` (empty)")),
    (("BLK-2023-0013", "2023-09-04", "BLK Tanjung", "tata-boga", "Tanjung", "ya"), None),
    (("BLK-2023-0014", "2023/01/05", "BLK Tanjung", "las", "Kelua", "ya"),
     (BAD_DATE, "bad date `2023/01/05` in `started_on` (not YYYY-MM-DD)")),
    (("BLK-2023-0015", "2023-10-02", "BLK Tanjung", "las", "", ""), None),
    (("LPK-2023-0003", "05-01-2023", "LPK Karya Mandiri", "komputer", "Haruai", "ya"),
     (BAD_DATE, "bad date `05-01-2023` in `started_on` (not YYYY-MM-DD)")),
    (("BLK-2024-0001", "2024-01-08", "BLK Tanjung", "menjahit", "Murung Pudak", "ya"), None),
    (("BLK-2024-0002", "2024-01-08", "BLK Tanjung", "menjahit", "Kelua", "tidak"), None),
    (("LPK-2024-0001", "2024-02-05", "LPK Karya Mandiri", "barista", "Tanjung", "ya"), None),
    (("BLK-2024-0003", "2024-03-04", "BLK Tanjung", "otomotif", "Haruai", "ya"), None),
    (("BLK-2024-0004", "2024-05-06", "BLK Tanjung", "komputer", "Tanta", "ya"), None),
    (("BLK-2024-0005", "2024-07-01", "BLK Tanjung", "las", "Tanjung", "ya"), None),
    (("LPK-2024-0002", "2024-08-05", "LPK Karya Mandiri", "komputer", "Murung Pudak", "tidak"), None),
    (("BLK-2024-0006", "2024-09-02", "BLK Tanjung", "tata-boga", "Kelua", "ya"), None),
    (("BLK-2024-0007", "2024-11-04", "BLK Tanjung", "barista", "Tanjung", "ya"), None),
]

DATASETS = [  # (dataset, file, source name in naker-exporter.yml, rows)
    ("labour_force", "labour_force.csv", "sakernas", LABOUR_FORCE),
    ("job_seekers", "job_seekers.csv", "ak1", JOB_SEEKERS),
    ("entrepreneurs", "entrepreneurs.csv", "wub", ENTREPRENEURS),
    ("trainees", "trainees.csv", "pelatihan", TRAINEES),
]
DATE_COLUMN = {"job_seekers": "registered_on", "entrepreneurs": "registered_on", "trainees": "started_on"}

# ------------------------------------------------------------------------------ targets (config)

TARGETS = [
    {"name": "bengkel_sahabat_2023_2024", "description": "20 wirausaha baru Bengkel Sahabat 2023–2024",
     "indicator": "entrepreneurs", "where": ("programme", "bengkel-sahabat"), "goal": 20,
     "direction": "at_least", "start": "2023-01-01", "end": "2024-12-31"},
    {"name": "blk_tanjung_2023_2024", "description": "12 peserta pelatihan BLK Tanjung 2023–2024",
     "indicator": "trainees", "where": ("institution", "BLK Tanjung"), "goal": 12,
     "direction": "at_least", "start": "2023-01-01", "end": "2024-12-31"},
    {"name": "pencari_kerja_aktif", "description": "Pencari kerja aktif paling banyak 15 orang",
     "indicator": "job_seekers_active", "goal": 15, "direction": "at_most", "end": "2024-12-31"},
]
AS_OF = ["2023-12-31", "2024-12-31"]


# ------------------------------------------------------------------------------ checks of the table


def day(s):
    return dt.date.fromisoformat(s)


def annotate():
    """Checks the table's own promises and fills in the {first}/{date} of duplicate reasons.
    Returns {dataset: [(line, values dict, None or (code, text))]}."""
    out = {}
    for dataset, _, _, rows in DATASETS:
        cols = COLUMNS[dataset]
        lines = []
        for no, (values, reason) in enumerate(rows, start=2):
            assert len(values) == len(cols), (dataset, no, values)
            for v in values:
                assert v == v.strip() and not any(c in v for c in ',"\r\n'), (dataset, no, v)
            assert any(values), (dataset, no)
            lines.append((no, dict(zip(cols, values)), reason))
        assert 20 <= len(lines) <= 60, (dataset, len(lines))
        if dataset == "labour_force":
            first = {}
            for i, (no, r, reason) in enumerate(lines):
                key = (r["period"], r["area"])
                if reason is None:
                    assert key not in first, (dataset, no)
                    first[key] = (no, r)
                elif reason[0] == DUP_PERIOD_AREA:
                    f_no, f_r = first[key]
                    assert f_r == r, "the duplicate repeats its first row value for value"
                    lines[i] = (no, r, (reason[0], reason[1].format(first=f_no)))
        else:
            date_col = DATE_COLUMN[dataset]
            first, ids = {}, {}
            for no, r, reason in lines:
                ids.setdefault(r["id"], []).append((no, reason))
            for i, (no, r, reason) in enumerate(lines):
                if reason is None:
                    assert r["id"] not in first, (dataset, no)
                    first[r["id"]] = (no, r)
                elif reason[0] == DUP_ID:
                    f_no, f_r = first[r["id"]]
                    assert day(r[date_col]) > day(f_r[date_col]), "a duplicate is dated strictly later"
                    lines[i] = (no, r, (reason[0], reason[1].format(
                        first=f_no, first_date=f_r[date_col], date=r[date_col])))
                else:  # a rejected row's id occurs nowhere else
                    assert len(ids[r["id"]]) == 1, (dataset, no, r["id"])
            for id_, occ in ids.items():  # an id occurs twice only as (accepted, duplicate_id)
                assert len(occ) == 1 or (occ[0][1] is None and all(x[1] and x[1][0] == DUP_ID for x in occ[1:]))
            for no, r, reason in lines:
                if reason is None:
                    assert dt.date(2023, 1, 1) <= day(r[date_col]) <= dt.date(2024, 12, 31), (dataset, no)
                    if dataset == "job_seekers":
                        assert r["nik"].startswith("6309") and len(r["nik"]) == 16 and r["nik"].isdigit()
                        if r["placed_on"]:
                            assert day(r["registered_on"]) <= day(r["placed_on"]) <= dt.date(2024, 12, 31)
        out[dataset] = lines
    return out


# ------------------------------------------------------------------------------ figures


def accepted(lines):
    return [r for _, r, reason in lines if reason is None]


def active_on(rows, d, area=None):
    n = 0
    for r in rows:
        if area and r["area"] != area:
            continue
        reg = day(r["registered_on"])
        placed = day(r["placed_on"]) if r["placed_on"] else None
        if reg <= d and not (placed and placed <= d) and d < reg + dt.timedelta(days=VALIDITY_DAYS):
            n += 1
    return n


def fmt(x):
    if isinstance(x, int) or float(x).is_integer():
        return str(int(x))
    return f"{x:.6f}".rstrip("0")


def evaluate(t, d, data):
    goal = t["goal"]
    if t["indicator"] in ("entrepreneurs", "trainees"):
        rows = accepted(data[t["indicator"]])
        col = DATE_COLUMN[t["indicator"]]
        k, v = t["where"]
        dates = [day(r[col]) for r in rows if r[k] == v]
        start, end = day(t["start"]), day(t["end"])
        value = sum(start <= x <= min(end, d) for x in dates)
        expected = goal * min(1.0, max(0.0, ((d - start).days + 1) / ((end - start).days + 1)))
        if d < start + dt.timedelta(days=90):
            rate = value / ((d - start).days + 1)
        else:
            rate = sum(d - dt.timedelta(days=90) < x <= d and start <= x <= end for x in dates) / 90
        projected = value + rate * max(0, (end - d).days)
    else:
        value = active_on(accepted(data["job_seekers"]), d)
        expected, projected = goal, None
    progress = value / goal if t["direction"] == "at_least" else 2 - value / goal
    pace = value / expected if expected else None
    return value, expected, progress, pace, projected


# ------------------------------------------------------------------------------ writing


def write_csvs(data):
    for dataset, name, _, _ in DATASETS:
        text = ",".join(COLUMNS[dataset]) + "\n"
        text += "".join(",".join(r[c] for c in COLUMNS[dataset]) + "\n" for _, r, _ in data[dataset])
        with open(os.path.join(HERE, name), "w", encoding="utf-8", newline="") as f:
            f.write(text)


def write_config(data):
    counts = {ds: (len(accepted(data[ds])), len(data[ds]) - len(accepted(data[ds]))) for ds, *_ in DATASETS}
    comments = {"sakernas": "labour force survey estimates", "ak1": "AK/I (kartu kuning) job seeker registrations",
                "wub": "new entrepreneurs (wirausaha baru)", "pelatihan": "trainee enrolments"}
    one_row = {"labour_force": "one (period, area) estimate", "job_seekers": "one registration",
               "entrepreneurs": "one registration", "trainees": "one enrolment"}
    out = [
        "# naker-exporter — end-to-end test configuration on the registries fixture (see EXPECTED.md).",
        "# Written by generate.py. Every source loads with some rows rejected; none of them may make",
        "# the load fail. The files use the canonical column names, so no source needs `columns:`.",
        "",
        "global:                         # settings for the whole exporter",
        f"  region: {REGION}              # the area name that means the whole regency",
        "  timezone: Asia/Makassar       # WITA (UTC+8)",
        "  recalc_interval: 5m           # recalculation period",
        "",
        "sources:                        # the four fixture files, paths relative to this file",
    ]
    for dataset, name, source, _ in DATASETS:
        acc, rej = counts[dataset]
        out += [
            f"  - name: {source:<22}# {comments[source]}",
            f"    dataset: {dataset:<19}# {one_row[dataset]}",
            "    csv:                        # CSV file",
            f"      path: {name:<20}# {acc} accepted, {rej} rejected",
        ]
        if dataset == "job_seekers":
            out.append(f"    validity: {VALIDITY_DAYS}d              # AK/I card validity")
    out += ["", "targets:                        # reference values in EXPECTED.md"]
    for t in TARGETS:
        out += [f"  - name: {t['name']}", f"    description: \"{t['description']}\"",
                f"    indicator: {t['indicator']}"]
        if "where" in t:
            k, v = t["where"]
            out.append(f"    where: {{ {k}: {v} }}")
        out += [f"    goal: {t['goal']}", f"    direction: {t['direction']}"]
        if "start" in t:
            out.append(f"    start: {t['start']}")
        out.append(f"    end: {t['end']}")
    with open(os.path.join(HERE, "naker-exporter.yml"), "w", encoding="utf-8", newline="") as f:
        f.write("\n".join(out) + "\n")


def write_expected(data):
    o = []
    o += [
        "# registries — expected results",
        "",
        "Written by `generate.py` from its own table of rows and intended reasons (never from running",
        "the exporter); checked by `verify.py`, which re-reads the CSVs and re-applies the rules of",
        "docs/formulas.md independently. `naker-exporter.yml` here points at the four files.",
        "",
        "Every rule of [Which rows are accepted](../../../docs/formulas.md#which-rows-are-accepted)",
        "that a CSV file, a spreadsheet and a database table can all express is broken by at least",
        "one row. Conventions:",
        "",
        "- Line numbers count the header as line 1 (in a spreadsheet: the row number). No value needs",
        "  quoting (no `,`, `\"` or line break), none has surrounding spaces, no row is blank, every",
        "  row has as many fields as the header, everything is UTF-8 (no BOM), lines end in LF.",
        "- Every rejected line has exactly one problem, so the reason is unambiguous. The codes are",
        "  those of docs/formulas.md.",
        "- A duplicate `id` comes later in the file **and** is dated strictly later than the accepted",
        "  row it repeats: a source that keeps the first row in file order (CSV, spreadsheet) and one",
        "  that keeps the earliest-dated row of an id (a database table) keep the same row. No",
        "  rejected row's id occurs anywhere else, so \"duplicate of an accepted row\" is the only case.",
        "- The duplicate `(period, area)` of labour_force repeats its first row value for value, so",
        "  whichever row a source keeps, the figures are the same; no rejected row shares a (period,",
        "  area) with any other row.",
        "- Empty optional fields are fine (`placed_on`, `gender`, `education`, `programme`, `sector`,",
        "  `status`, trainees' `area` and `completed`); a filled `placed_on` must be a real date on",
        "  or after `registered_on` (the same day is fine).",
        "- Not included on purpose, since a spreadsheet or a database table cannot hold them: wrong",
        "  field counts, stray quotes, bytes that are not UTF-8, blank rows (see",
        "  `Config/sample/bad-rows/` for those).",
        "- Extra columns no rule reads: `nik`, `nama` (job_seekers; synthetic, 16-digit NIKs starting",
        "  6309) and `nama_usaha` (entrepreneurs). They must not appear in any metric or log line.",
        "- Non-ASCII text: `nama` `André Saputra` (ignored column), `nama_usaha` `Kafé Sarabba` and",
        "  `Toko Kue Nyonya—Tanjung` (ignored), `sector` `kafé` (entrepreneurs, kept) and `programme`",
        "  `pâtisserie` (trainees, kept), each in an accepted row.",
        "- `libreoffice/` holds the same four files saved as `.xlsx` by LibreOffice Calc",
        "  (`libreoffice/convert.sh`; what the cells became: `libreoffice/README.md`);",
        "  `libreoffice/verify_xlsx.py` checks that they give the results below.",
        "",
    ]
    totals = []
    for dataset, name, source, _ in DATASETS:
        lines = data[dataset]
        acc = [no for no, _, reason in lines if reason is None]
        rej = [(no, reason) for no, _, reason in lines if reason is not None]
        totals.append((source, name, len(acc), len(rej)))
        o += [f"## {name}", "",
              f"accepted: **{len(acc)}** (lines {', '.join(map(str, acc))}) — rejected: **{len(rej)}**", "",
              "| line | code | reason |", "|---:|---|---|"]
        o += [f"| {no} | `{code}` | {text} |" for no, (code, text) in rej]
        o.append("")
        o += figures(dataset, data)
    o += ["## Totals", "", "| source (in naker-exporter.yml) | file | accepted | rejected |", "|---|---|---:|---:|"]
    o += [f"| `{s}` | `{n}` | {a} | {r} |" for s, n, a, r in totals]
    o += ["", "## Targets of naker-exporter.yml", "",
          "Computed by generate.py from the accepted rows of its table, by the formulas of",
          "docs/formulas.md (count targets: linear plan, 90-day rate; `pencari_kerja_aktif`: active",
          f"job seekers of every area, validity {VALIDITY_DAYS}d). Numbers are rounded to 6 decimals here.", "",
          "| target | as of | value | expected | capaian | pace | projected |", "|---|---|---:|---:|---:|---:|---:|"]
    for t in TARGETS:
        for d in AS_OF:
            value, expected, progress, pace, projected = evaluate(t, day(d), data)
            o.append(f"| `{t['name']}` | {d} | {fmt(value)} | {fmt(expected)} | {fmt(progress)} | "
                     f"{fmt(pace) if pace is not None else '—'} | "
                     f"{fmt(projected) if projected is not None else '—'} |")
    o.append("")
    with open(os.path.join(HERE, "EXPECTED.md"), "w", encoding="utf-8", newline="") as f:
        f.write("\n".join(o))


def figures(dataset, data):
    rows = accepted(data[dataset])
    o = []
    if dataset == "labour_force":
        for p in ("2023-08", "2024-08"):
            t = next(r for r in rows if r["period"] == p and r["area"] == REGION)
            w, lf, u = (int(t[c]) for c in ("working_age_population", "labour_force", "unemployed"))
            kec = [r["area"] for r in rows if r["period"] == p and r["area"] != REGION]
            o.append(f"- {p}: {REGION} WAP {w}, LF {lf}, unemployed {u} (TPAK {lf / w:.6f}, TPT {u / lf:.6f});"
                     f" kecamatan rows: {', '.join(kec)} (they need not add up to {REGION}).")
        o.append("- 2024-08 Jaro has `unemployed` 0 (valid; TPT 0).")
    elif dataset == "job_seekers":
        placed = [r for r in rows if r["placed_on"]]
        same = [r["id"] for r in placed if r["placed_on"] == r["registered_on"]]
        o.append(f"- Placed: {len(placed)} of the accepted rows; {', '.join(same)} on the day it registered"
                 " (never active). One accepted row leaves `gender` and `education` empty; one registered"
                 " on 2024-02-29 (leap day).")
        survey = accepted(data["labour_force"])
        for d in AS_OF:
            # the kecamatan known by d: a registration dated on or before d, or a survey period
            known = {r["area"] for r in rows if day(r["registered_on"]) <= day(d)}
            known |= {r["area"] for r in survey if day(r["period"] + "-01") <= day(d) and r["area"] != REGION}
            areas = ", ".join(f"{a} {active_on(rows, day(d), a)}" for a in sorted(known))
            o.append(f"- Active on {d} (validity {VALIDITY_DAYS}d): **{active_on(rows, day(d))}**; per kecamatan"
                     f" known by then ({areas}).")
    elif dataset == "entrepreneurs":
        for y in (2023, 2024):
            by = {}
            for r in rows:
                if day(r["registered_on"]).year == y:
                    by[r["programme"]] = by.get(r["programme"], 0) + 1
            o.append(f"- Registered in {y}: " + ", ".join(f"`{k or '(empty)'}` {v}" for k, v in sorted(by.items())) + ".")
    elif dataset == "trainees":
        for inst in ("BLK Tanjung", "LPK Karya Mandiri"):
            per = [sum(r["institution"] == inst and day(r["started_on"]).year == y for r in rows) for y in (2023, 2024)]
            o.append(f"- `{inst}`: {per[0]} started in 2023, {per[1]} in 2024"
                     f" (`naker_trainees{{institution=\"{inst}\",year=\"2023\"}} {per[0]}`).")
    o.append("")
    return o


def main():
    data = annotate()
    write_csvs(data)
    write_config(data)
    write_expected(data)
    for dataset, name, _, _ in DATASETS:
        acc = len(accepted(data[dataset]))
        print(f"{name}: {len(data[dataset])} rows, {acc} accepted, {len(data[dataset]) - acc} rejected")


if __name__ == "__main__":
    main()
