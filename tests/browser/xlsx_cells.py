"""Prints every sheet of an .xlsx workbook as JSON: {sheet name: [[cell, ...], ...]}.

Used by the browser suite (dashboard.test.mjs) to read the dashboard's Excel workbook the way
a spreadsheet program does, with openpyxl (scripts/test.sh installs it into a virtual
environment and passes its Python as KRING_PYTHON).

    python3 xlsx_cells.py FILE.xlsx
"""

import json
import sys

import openpyxl

book = openpyxl.load_workbook(sys.argv[1], read_only=True, data_only=True)
print(
    json.dumps(
        {
            sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)]
            for sheet in book.worksheets
        },
        ensure_ascii=False,
    )
)
