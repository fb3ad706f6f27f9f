#!/usr/bin/python3
"""Writes the filled-in 填报 sheets that the tests read, with openpyxl
(Debian's python3-openpyxl), a writer other than excelize:

    /usr/bin/python3 make.py            # in this directory

filled.xlsx and filled-1904.xlsx hold the records of twin.yaml, the
second in the 1904 date system; formula.xlsx holds a formula that
openpyxl writes with no stored result. filled-lo.xlsx is formula.xlsx
saved again by LibreOffice, which stores the result:

    soffice --headless --convert-to xlsx --outdir lo formula.xlsx && mv lo/formula.xlsx filled-lo.xlsx
"""
import datetime
import zipfile

import openpyxl
from openpyxl.utils.datetime import CALENDAR_MAC_1904

HEADER = ["目标编号", "县区编号", "目标名称", "目标值", "累计完成", "分子", "分母", "完成日期", "日期", "单位", "备注"]


def sheet(epoch=None, formula=False):
    wb = openpyxl.Workbook()
    if epoch is not None:
        wb.epoch = epoch
    ws = wb.active
    ws.title = "填报"
    ws.append(["全市城市更新进度填报表"])
    ws.append(["填报日期", datetime.date(2025, 6, 30)])
    ws["B2"].number_format = "yyyy-mm-dd"
    ws.append([])
    ws.append([" 目标编号", "县区编号\u3000"] + HEADER[2:])
    rows = [
        ["neighbourhoods", "tinghu", "改造老旧小区", 14, 7],
        ["neighbourhoods", "yandu", "改造老旧小区", 12, "5", None, None, None, datetime.date(2025, 6, 15)],
        ["coverage", "tinghu", "物业管理覆盖率", 0.8, None, 38, 45],
        ["coverage", "yandu", "物业管理覆盖率", 0.9, None, "40", 50, None, "2025-06-20"],
        ["leading-group", "tinghu", "成立领导小组", None, None, None, None, datetime.datetime(2025, 3, 12, 9, 30)],
        ["leading-group", "yandu", "成立领导小组"],  # not filled in: skipped
        ["land-redeveloped", None, "盘活低效用地", 100, 18.5, None, None, None, None, "亩", "含待公示地块"],
        ["output-growth", None, "园区产值增长", 0.08, 0.0725],
        ["neighbourhoods", "dafeng", "改造老旧小区", 3, 0.1 + 0.2, None, None, None, datetime.date(2025, 5, 31)],
    ]
    for r in rows:
        ws.append(r)
    n = 4 + len(rows)
    ws.cell(row=n - 1, column=5).number_format = "0.00%"  # output-growth: 7.25%
    for row in ws.iter_rows(min_row=5, max_row=n):
        for c in row:
            if isinstance(c.value, (datetime.date, datetime.datetime)):
                c.number_format = "yyyy/m/d"
    if formula:
        ws["F7"] = "=30+8"  # coverage, tinghu: 38
    return wb


def store_sum(path):
    """openpyxl writes a float with "%.16g", so 0.1 + 0.2 goes out as 0.3.
    Excel stores the 17 digits that make the float round-trip; put them
    back, as Excel would have written the cell E13."""
    with zipfile.ZipFile(path) as z:
        parts = [(i, z.read(i.filename)) for i in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in parts:
            if info.filename == "xl/worksheets/sheet1.xml":
                old = b'<c r="E13" t="n"><v>0.3</v></c>'
                assert old in data, "E13 is not where make.py expects it"
                data = data.replace(old, b'<c r="E13" t="n"><v>%s</v></c>' % repr(0.1 + 0.2).encode())
            z.writestr(info, data)


for path, wb in [("filled.xlsx", sheet()), ("filled-1904.xlsx", sheet(CALENDAR_MAC_1904)), ("formula.xlsx", sheet(formula=True))]:
    wb.save(path)
    store_sum(path)
