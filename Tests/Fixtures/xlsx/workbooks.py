#!/usr/bin/env python3
"""Writes the workbooks the XLSX reader's tests read, with two spreadsheet libraries that are
not ours: openpyxl (shared strings, as Excel writes them) and XlsxWriter in constant-memory
mode (inline strings) with the 1904 date system. Hostile archives are built with zipfile.

Usage: workbooks.py OUT_DIR   (the tests run it; `pip install openpyxl xlsxwriter`)
Each workbook's expected reading is stated in the Swift test that opens it.
"""
import datetime
import os
import sys
import zipfile

import openpyxl
import xlsxwriter
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont

OUT = sys.argv[1]
os.makedirs(OUT, exist_ok=True)


def path(name):
    return os.path.join(OUT, name)


def cell_types():
    """Sheet 2 "Pendaftaran", a title merged above the header on row 3: every kind of cell."""
    wb = openpyxl.Workbook()
    notes = wb.active
    notes.title = "Catatan"
    notes["A1"] = "Data dari Disnaker Tabalong"
    ws = wb.create_sheet("Pendaftaran")
    ws["A1"] = "Pencari kerja terdaftar 2024"
    ws.merge_cells("A1:F1")
    ws.append([])  # row 2 stays empty
    ws.append(["id", "registered_on", "area", "placed_on", "jumlah", "aktif", "catatan"])
    short = "DD/MM/YYYY"
    rows = [
        # 4: text id, a date cell, text with markup characters
        ["AK1-0001", datetime.date(2024, 1, 5), "Tanjung & <Selatan>", None, 3, True, "ok"],
        # 5: numeric id, a date-time cell (time dropped), non-ASCII text, a fraction
        [12345, datetime.datetime(2024, 2, 29, 13, 45), "Murung Pudak é", datetime.date(2024, 3, 1), 1.5, False, None],
        # 6: a 16-digit number (a NIK typed as a number), a text date in the configured form
        [6309040101990001, "05/01/2024", "Kelua", None, -5, None, "=1/0"],
        # 7: a formula error in a column nobody reads
        ["AK1-0004", datetime.date(2023, 12, 31), "Tanta", None, 0, True, "#N/A"],
        # 8: a formula error in a column the rules read
        ["AK1-0006", datetime.date(2024, 1, 1), "#REF!", None, 1, True, None],
    ]
    for row in rows:
        ws.append(row)
    for row in ws.iter_rows(min_row=4, max_row=8, min_col=2, max_col=4):
        for cell in row:
            if isinstance(cell.value, (datetime.date, datetime.datetime)):
                cell.number_format = short
    # Row 9 stays empty; row 10 has a rich-text run (two formats in one cell), an Indonesian
    # long date format and only three cells, and one right of the header's seven columns.
    ws["A10"] = "AK1-0005"
    ws["B10"] = datetime.date(2024, 6, 30)
    ws["B10"].number_format = "[$-421]dd mmmm yyyy"
    ws["C10"] = CellRichText(["Muara ", TextBlock(InlineFont(b=True), "Uya")])
    ws["K10"] = "stray"
    wb.save(path("cell-types.xlsx"))


def merged_header():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "WUB"
    ws.append(["id", "registered_on", "area", None])
    ws.merge_cells("C1:D1")
    ws.append(["WUB-1", datetime.date(2024, 1, 2), "Tanjung", None])
    wb.save(path("merged-header.xlsx"))


def sheets():
    """Three tabs, the second hidden, and a chart sheet last."""
    wb = openpyxl.Workbook()
    wb.active.title = "Ringkasan"
    hidden = wb.create_sheet("Lama")
    hidden.sheet_state = "hidden"
    hidden.append(["id", "registered_on", "area"])
    data = wb.create_sheet("Data 2024")
    data.append(["id", "registered_on", "area"])
    data.append(["WUB-1", datetime.date(2024, 1, 2), "Tanjung"])
    wb.create_chartsheet("Grafik")
    wb.save(path("sheets.xlsx"))


def inline_1904():
    """XlsxWriter, constant memory (every string inline) and the 1904 date system: the same
    cells as the first rows of cell-types, read the same."""
    wb = xlsxwriter.Workbook(path("inline-1904.xlsx"), {"constant_memory": True, "date_1904": True})
    ws = wb.add_worksheet("Pendaftaran")
    short = wb.add_format({"num_format": "dd/mm/yyyy"})
    ws.write_row(0, 0, ["id", "registered_on", "area", "placed_on"])
    ws.write_string(1, 0, "AK1-0001")
    ws.write_datetime(1, 1, datetime.datetime(2024, 1, 5), short)
    ws.write_string(1, 2, "Tanjung & <Selatan>")
    ws.write_string(2, 0, "AK1-0002")
    ws.write_datetime(2, 1, datetime.datetime(1904, 1, 1), short)
    ws.write_string(2, 2, "Kelua")
    ws.write_datetime(2, 3, datetime.datetime(2024, 3, 1), short)
    ws.write_string(3, 0, "AK1-0003")
    ws.write_boolean(3, 1, True)
    # A formula with its cached text result (`t="str"`).
    ws.write_formula(3, 2, '="Har"&"uai"', None, "Haruai")
    ws.write_string(4, 0, "AK1-0004")
    ws.write_string(4, 2, "Line\r\nbreak")
    wb.close()


def shared_strings():
    """XlsxWriter's default mode writes a shared string table, as Excel does; the same cells as
    inline-1904 in the 1900 date system, and a rich string."""
    wb = xlsxwriter.Workbook(path("shared-strings.xlsx"))
    ws = wb.add_worksheet("Pendaftaran")
    short = wb.add_format({"num_format": "dd/mm/yyyy"})
    bold = wb.add_format({"bold": True})
    ws.write_row(0, 0, ["id", "registered_on", "area", "placed_on"])
    ws.write_string(1, 0, "AK1-0001")
    ws.write_datetime(1, 1, datetime.datetime(2024, 1, 5), short)
    ws.write_rich_string(1, 2, "Tanjung & ", bold, "<Selatan>")
    ws.write_string(2, 0, "AK1-0002")
    ws.write_datetime(2, 1, datetime.datetime(1904, 1, 1), short)
    ws.write_string(2, 2, "Kelua")
    ws.write_datetime(2, 3, datetime.datetime(2024, 3, 1), short)
    ws.write_string(3, 0, "AK1-0003")
    ws.write_boolean(3, 1, True)
    ws.write_formula(3, 2, '="Har"&"uai"', None, "Haruai")
    ws.write_string(4, 0, "AK1-0004")
    ws.write_string(4, 2, "Line\r\nbreak")
    wb.close()


def hostile():
    """Archives no spreadsheet program writes, each holding one attack."""
    base = {
        "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
        "_rels/.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>",
        "xl/workbook.xml": '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
        '<sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
        "</Relationships>",
    }
    head = '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    header = '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row>'
    data = '<row r="2"><c r="A2" t="inlineStr"><is><t>WUB-1</t></is></c><c r="B2" t="inlineStr"><is><t>2024-01-08</t></is></c>' \
        '<c r="C2" t="inlineStr"><is><t>Tanjung</t></is></c></row>'
    tail = "</sheetData></worksheet>"
    strings = '<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' \
        "<si><t>id</t></si><si><t>registered_on</t></si><si><t>area</t></si>"

    def write(name, parts):
        with zipfile.ZipFile(path(name), "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
            for part, content in {**base, **parts}.items():
                archive.writestr(part, content)

    # The shared strings inflate to 300 MiB of padding: the limit is 256 MiB.
    write("bomb-strings.xlsx", {
        "xl/sharedStrings.xml": strings + " " * (300 << 20) + "</sst>",
        "xl/worksheets/sheet1.xml": head + header + data + tail,
    })
    # A header of a million cells.
    wide = "".join(f'<c t="inlineStr"><is><t>c{i}</t></is></c>' for i in range(1_000_000))
    write("wide-header.xlsx", {
        "xl/sharedStrings.xml": strings + "</sst>",
        "xl/worksheets/sheet1.xml": head + '<row r="1">' + wide + "</row>" + tail,
    })
    # A data row of a million cells after a normal header: the cells right of it are dropped.
    write("wide-row.xlsx", {
        "xl/sharedStrings.xml": strings + "</sst>",
        "xl/worksheets/sheet1.xml": head + header + data.replace("</row>", wide + "</row>") + tail,
    })
    # One shared string of 100 MiB.
    write("long-string.xlsx", {
        "xl/sharedStrings.xml": strings + "<si><t>" + "x" * (100 << 20) + "</t></si></sst>",
        "xl/worksheets/sheet1.xml": head + header + data + tail,
    })
    # Entity definitions (the "billion laughs"): refused, never expanded.
    write("doctype.xlsx", {
        "xl/sharedStrings.xml": '<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY a "aaaaaaaaaa">]>'
        + strings[len('<?xml version="1.0"?>'):] + "</sst>",
        "xl/worksheets/sheet1.xml": head + header + data + tail,
    })


cell_types()
merged_header()
sheets()
inline_1904()
shared_strings()
if "--hostile" in sys.argv:
    hostile()
