#!/usr/bin/env python3
"""Writes the registries fixture in another form a Disnaker keeps its data in, with a config
that reads it: `variants.py KIND OUT_DIR`. The exporter must give the same answer for every
form (Tests/NakerExporterTests/SourceKindsTests.swift).

Kinds:
  windows-1252  "CSV" as Excel on Windows saves it: `;`, Windows-1252, CRLF, dates DD/MM/YYYY
  libreoffice   the committed workbooks LibreOffice wrote (libreoffice/convert.sh)
  xlsxwriter    one workbook of four sheets by XlsxWriter: shared strings, date cells, survey
                periods as month cells, a title above the job seekers' header (header_row 3)
  openpyxl      one workbook by openpyxl: inline strings, the 1904 date system, sheets by number
  sqlite        one table per dataset in a SQLite database, every column text
  postgresql    the same tables in the test PostgreSQL server, read with its read-only account
  mysql         the same in the test MariaDB server
The servers are the ones `scripts/test-databases start DIR` runs, DIR in $NAKER_TEST_DATABASES.
"""
import csv
import datetime
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DATASETS = ["labour_force", "job_seekers", "entrepreneurs", "trainees"]
SHEETS = {"labour_force": "Angkatan Kerja", "job_seekers": "AK1", "entrepreneurs": "WUB", "trainees": "Pelatihan"}
DATE_COLUMNS = {"registered_on", "started_on", "placed_on"}
COUNT_COLUMNS = {"working_age_population", "labour_force", "unemployed", "nik"}


def table(dataset):
    with open(os.path.join(HERE, f"{dataset}.csv"), encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


def config(locations):
    """The fixture's config with each source's `csv:` block replaced by `locations[dataset]`."""
    with open(os.path.join(HERE, "naker-exporter.yml"), encoding="utf-8") as f:
        text = f.read()
    for dataset, block in locations.items():
        pattern = re.compile(r"    csv:[^\n]*\n      path: " + dataset + r"\.csv[^\n]*\n")
        text, replaced = pattern.subn(block, text)
        assert replaced == 1, dataset
    return text


def iso_date(value):
    try:
        return datetime.date.fromisoformat(value) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) else None
    except ValueError:
        return None


def cell_value(column, value):
    """What a spreadsheet user typing the CSV's text would get in the cell."""
    if value == "":
        return None
    if column in DATE_COLUMNS and iso_date(value):
        return iso_date(value)
    if column in COUNT_COLUMNS:
        if re.fullmatch(r"-?\d+", value):
            return int(value)
        if re.fullmatch(r"-?\d+\.\d+", value):
            return float(value)
    return value


def windows_1252(out):
    locations = {}
    for dataset in DATASETS:
        rows = table(dataset)
        office = [rows[0]]
        for row in rows[1:]:
            office.append([
                f"{d.day:02d}/{d.month:02d}/{d.year}" if column in DATE_COLUMNS and (d := iso_date(v)) else v
                for column, v in zip(rows[0], row)
            ])
        with open(os.path.join(out, f"{dataset}.csv"), "w", encoding="cp1252", newline="") as f:
            csv.writer(f, delimiter=";", lineterminator="\r\n").writerows(office)
        extra = "" if dataset == "labour_force" else ", date_format: DD/MM/YYYY"
        locations[dataset] = (
            f'    csv: {{ path: {out}/{dataset}.csv, delimiter: ";", encoding: windows-1252{extra} }}\n')
    return locations


def libreoffice(out):
    return {dataset: f"    xlsx: {{ path: {HERE}/libreoffice/{dataset}.xlsx }}\n" for dataset in DATASETS}


def xlsxwriter_workbook(out):
    import xlsxwriter

    path = os.path.join(out, "registries.xlsx")
    workbook = xlsxwriter.Workbook(path)
    day = workbook.add_format({"num_format": "dd/mm/yyyy"})
    month = workbook.add_format({"num_format": "mmm yyyy"})
    locations = {}
    for dataset in DATASETS:
        rows = table(dataset)
        sheet = workbook.add_worksheet(SHEETS[dataset])
        first = 0
        if dataset == "job_seekers":
            sheet.merge_range(0, 0, 0, 3, "Pencari kerja terdaftar (AK/I) 2023–2024")
            first = 2
        for r, row in enumerate(rows):
            for c, (column, value) in enumerate(zip(rows[0], row)):
                target = (first + r, c)
                if r == 0:
                    sheet.write_string(*target, value)
                    continue
                if column == "period" and re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", value):
                    year, number = map(int, value.split("-"))
                    sheet.write_datetime(*target, datetime.datetime(year, number, 1), month)
                    continue
                cell = cell_value(column, value)
                if cell is None:
                    continue
                if isinstance(cell, datetime.date):
                    sheet.write_datetime(*target, datetime.datetime(cell.year, cell.month, cell.day), day)
                elif isinstance(cell, (int, float)):
                    sheet.write_number(*target, cell)
                else:
                    sheet.write_string(*target, cell)
        header = ", header_row: 3" if dataset == "job_seekers" else ""
        locations[dataset] = f'    xlsx: {{ path: {path}, sheet: "{SHEETS[dataset]}"{header} }}\n'
    workbook.close()
    return locations


def openpyxl_workbook(out):
    import openpyxl
    from openpyxl.utils.datetime import CALENDAR_MAC_1904

    path = os.path.join(out, "registries.xlsx")
    workbook = openpyxl.Workbook()
    workbook.epoch = CALENDAR_MAC_1904
    workbook.remove(workbook.active)
    locations = {}
    for number, dataset in enumerate(DATASETS, start=1):
        rows = table(dataset)
        sheet = workbook.create_sheet(SHEETS[dataset])
        sheet.append(rows[0])
        for row in rows[1:]:
            sheet.append([cell_value(column, value) for column, value in zip(rows[0], row)])
        for cells in sheet.iter_rows(min_row=2):
            for cell in cells:
                if isinstance(cell.value, datetime.date):
                    cell.number_format = "DD/MM/YYYY"
        locations[dataset] = f"    xlsx: {{ path: {path}, sheet: {number} }}\n"
    workbook.save(path)
    return locations


def database(driver):
    def load(out):
        loader = [os.path.join(HERE, "..", "..", "..", "scripts", "load-into-database"), "--driver", driver]
        tables = [os.path.join(HERE, f"{dataset}.csv") for dataset in DATASETS]
        if driver == "sqlite":
            path = os.path.join(out, "registries.sqlite")
            subprocess.run(loader + ["--database", path] + tables, check=True, stdout=subprocess.DEVNULL)
            location = f"driver: sqlite, dsn: {path}"
        else:
            servers = os.environ.get("NAKER_TEST_DATABASES")
            if not servers:
                sys.exit("NAKER_TEST_DATABASES is not set: run the tests through `make test`, which starts the servers")
            # A prefix per run: tests of several kinds share one server.
            prefix = "t" + os.path.basename(out.rstrip("/")).replace("-", "_")[:20] + "_" + str(os.getpid()) + "_"
            subprocess.run(loader + ["--dsn-file", f"{servers}/{driver}-loader.dsn", "--prefix", prefix] + tables,
                           check=True, stdout=subprocess.DEVNULL)
            location = f"driver: {driver}, dsn_file: {servers}/{driver}-reader-tls.dsn"
            return {dataset: f"    sql: {{ {location}, table: {prefix}{dataset} }}\n" for dataset in DATASETS}
        return {dataset: f"    sql: {{ {location}, table: {dataset} }}\n" for dataset in DATASETS}
    return load


KINDS = {
    "windows-1252": windows_1252,
    "libreoffice": libreoffice,
    "xlsxwriter": xlsxwriter_workbook,
    "openpyxl": openpyxl_workbook,
    "sqlite": database("sqlite"),
    "postgresql": database("postgresql"),
    "mysql": database("mysql"),
}

if __name__ == "__main__":
    kind, out = sys.argv[1], os.path.abspath(sys.argv[2])
    os.makedirs(out, exist_ok=True)
    text = config(KINDS[kind](out))
    with open(os.path.join(out, "naker-exporter.yml"), "w", encoding="utf-8") as f:
        f.write(text)
