#!/usr/bin/env python3
"""The XLSX side of the benchmark (run.py section `xlsx`).

    xlsx_tools.py write REGISTRY.csv OUT.xlsx   the registry as Excel saves it: one sheet "WUB",
                                                 a shared string table, dates as date cells
                                                 (XlsxWriter's default mode)
    xlsx_tools.py read calamine|openpyxl IN.xlsx reads every cell of the sheet; prints JSON
                                                 {"rows": N, "cells": N, "seconds": S}
"""
import csv
import datetime
import json
import sys
import time


def write(source, target):
    import xlsxwriter

    workbook = xlsxwriter.Workbook(target)
    sheet = workbook.add_worksheet("WUB")
    day = workbook.add_format({"num_format": "dd/mm/yyyy"})
    with open(source, newline="", encoding="utf-8") as f:
        rows = csv.reader(f)
        header = next(rows)
        sheet.write_row(0, 0, header)
        dates = {i for i, name in enumerate(header) if name in ("registered_on", "started_on", "placed_on")}
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row):
                if not value:
                    continue
                if c in dates:
                    sheet.write_datetime(r, c, datetime.datetime.fromisoformat(value), day)
                else:
                    sheet.write_string(r, c, value)
    workbook.close()


def read(reader, path):
    began = time.perf_counter()
    rows = cells = 0
    if reader == "calamine":
        from python_calamine import CalamineWorkbook

        sheet = CalamineWorkbook.from_path(path).get_sheet_by_name("WUB")
        for row in sheet.iter_rows():
            rows += 1
            cells += sum(1 for value in row if value != "")
    else:
        import openpyxl

        workbook = openpyxl.load_workbook(path, read_only=True)
        for row in workbook["WUB"].iter_rows(values_only=True):
            rows += 1
            cells += sum(1 for value in row if value is not None)
    print(json.dumps({"rows": rows, "cells": cells, "seconds": time.perf_counter() - began}))


if __name__ == "__main__":
    if sys.argv[1] == "write":
        write(sys.argv[2], sys.argv[3])
    else:
        read(sys.argv[2], sys.argv[3])
