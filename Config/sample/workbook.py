#!/usr/bin/env python3
"""Writes the sample as one Excel workbook, the way an office keeps it: `tabalong.xlsx` with the
sheets "Sakernas", "Pendaftaran AK1" (an office title above the header, which is row 3), "WUB"
and "Pelatihan"; dates are date cells (shown dd/mm/yyyy), survey figures number cells, ids and
NIKs text (a NIK typed as a number loses its last digit: spreadsheets keep 15).

Usage: python3 Config/sample/workbook.py [OUT.xlsx]    (pip install xlsxwriter)
docs/configuration.md ("Workbooks") shows the sources that read it.
"""
import csv
import datetime
import os
import re
import sys

import xlsxwriter

HERE = os.path.dirname(os.path.abspath(__file__))
SHEETS = [
    ("Sakernas", "labour_force.csv", ","),
    ("Pendaftaran AK1", "job_seekers.csv", ";"),
    ("WUB", "entrepreneurs.csv", ","),
    ("Pelatihan", "trainees.csv", ","),
]
COUNTS = {"working_age_population", "labour_force", "unemployed"}
DAY = re.compile(r"\d{4}-\d{2}-\d{2}")

out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "tabalong.xlsx")
workbook = xlsxwriter.Workbook(out)
day = workbook.add_format({"num_format": "dd/mm/yyyy"})
title = workbook.add_format({"bold": True, "font_size": 14})
for name, file, delimiter in SHEETS:
    sheet = workbook.add_worksheet(name)
    with open(os.path.join(HERE, file), encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f, delimiter=delimiter))
    first = 0
    if name == "Pendaftaran AK1":
        sheet.merge_range(0, 0, 0, 7, "Pencari kerja terdaftar (AK/I) — Disnaker Kabupaten Tabalong", title)
        first = 2
    for r, row in enumerate(rows):
        for c, (column, value) in enumerate(zip(rows[0], row)):
            if value == "":
                continue
            if r > 0 and DAY.fullmatch(value):
                sheet.write_datetime(first + r, c, datetime.datetime.fromisoformat(value), day)
            elif r > 0 and column in COUNTS:
                sheet.write_number(first + r, c, int(value))
            else:
                sheet.write_string(first + r, c, value)
workbook.close()
print(out)
