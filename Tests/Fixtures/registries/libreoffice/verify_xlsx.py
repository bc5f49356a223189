#!/usr/bin/env python3
"""Checks that the LibreOffice workbooks here carry the same rows as the CSVs one directory up:
every cell is read back (standard library only: zipfile + ElementTree), turned into the text a
CSV would hold, and the row rules of ../verify.py are applied; the accepted and rejected lines
must be those of ../EXPECTED.md.

    python3 Tests/Fixtures/registries/libreoffice/verify_xlsx.py

How a cell becomes text: no <c> element -> "" (empty); t="s" -> the shared string; t="n"
whose cell style has a date number format -> YYYY-MM-DD of the serial (1900 system,
day 0 = 1899-12-30; date1904 must be false); any other t="n" -> the number as written
(`1.5`, `-5`, `4.5`). It also checks the storage facts README.md states.
"""

import datetime as dt
import os
import re
import sys
import zipfile
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
sys.dont_write_bytecode = True  # no __pycache__ in the fixture directory
import verify  # noqa: E402  (../verify.py: the rules, FILES, parse_expected, check)

M = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
check = verify.check


def is_date_format(code):
    code = re.sub(r'"[^"]*"|\\.|\[[^\]]*\]', "", code)  # drop quoted text, escapes, [colours]
    return code != "General" and bool(re.search(r"[ymd]", code, re.I))


def read(path):
    z = zipfile.ZipFile(path)
    wb = ET.fromstring(z.read("xl/workbook.xml"))
    check(wb.find(f"{M}workbookPr").get("date1904") in (None, "false", "0"), f"{os.path.basename(path)}: date1904 false")
    rels = {r.get("Id"): r.get("Target") for r in ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))}
    sheets = wb.findall(f"{M}sheets/{M}sheet")
    check(len(sheets) == 1, f"{os.path.basename(path)}: one sheet")
    sst = [("".join(t.text or "" for t in si.iter(f"{M}t")))
           for si in ET.fromstring(z.read("xl/sharedStrings.xml")).findall(f"{M}si")]
    st = ET.fromstring(z.read("xl/styles.xml"))
    fmts = {int(n.get("numFmtId")): n.get("formatCode") for n in st.findall(f"{M}numFmts/{M}numFmt")}
    builtin_dates = set(range(14, 23)) | set(range(45, 48))
    date_style = [int(x.get("numFmtId")) in builtin_dates or is_date_format(fmts.get(int(x.get("numFmtId")), ""))
                  for x in st.findall(f"{M}cellXfs/{M}xf")]
    sheet = ET.fromstring(z.read("xl/" + rels[sheets[0].get(f"{R}id")]))
    grid, kinds = {}, set()
    for row in sheet.iter(f"{M}row"):
        for c in row.findall(f"{M}c"):
            col, rno = re.fullmatch(r"([A-Z]+)(\d+)", c.get("r")).groups()
            t, s, v = c.get("t", "n"), int(c.get("s", "0")), c.find(f"{M}v").text
            kinds.add((t, date_style[s]))
            if t == "s":
                text = sst[int(v)]
            elif t == "n" and date_style[s]:
                x = float(v)
                text = (dt.date(1899, 12, 30) + dt.timedelta(days=int(x))).isoformat() if x.is_integer() else v
            elif t == "n":
                text = v
            else:
                raise SystemExit(f"{path}: unexpected cell type {t!r} at {c.get('r')}")
            grid[(int(rno), ord(col) - 64)] = text
    check(kinds <= {("s", False), ("n", False), ("n", True)}, f"{os.path.basename(path)}: only t=s, t=n cells {kinds}")
    n_rows = max(r for r, _ in grid)
    n_cols = max(c for _, c in grid)
    return [[grid.get((r, c), "") for c in range(1, n_cols + 1)] for r in range(1, n_rows + 1)]


def main():
    expected = verify.parse_expected()
    for name, (dataset, header) in verify.FILES.items():
        xlsx = name.replace(".csv", ".xlsx")
        print(f"== {xlsx}")
        cells = read(os.path.join(HERE, xlsx))
        check(cells[0] == header, f"{xlsx}: header {','.join(header)}")
        rows = [(no, dict(zip(header, r))) for no, r in enumerate(cells[1:], start=2)]
        accepted, rejected = verify.validate(dataset, rows)
        e_acc, e_lines, e_nrej, e_rej = expected[name]
        check([no for no, _ in accepted] == e_lines, f"{xlsx}: accepted {len(accepted)} (EXPECTED {e_acc})")
        check(rejected == e_rej, f"{xlsx}: rejected {len(rejected)} (EXPECTED {e_nrej}), same lines and reasons")
        with open(os.path.join(os.path.dirname(HERE), name), encoding="utf-8") as f:
            csv_rows = [line.split(",") for line in f.read().split("\n")[:-1]]
        diff = [(no, c, csv_rows[no - 1][i], r[c]) for no, r in rows for i, c in enumerate(header)
                if r[c] != csv_rows[no - 1][i]]
        for no, c, was, now in diff:
            print(f"     line {no} {c}: CSV {was!r} -> cell {now!r}")
    print()
    print("all checks passed" if not verify.failures else f"{len(verify.failures)} check(s) FAILED")
    sys.exit(1 if verify.failures else 0)


if __name__ == "__main__":
    main()
