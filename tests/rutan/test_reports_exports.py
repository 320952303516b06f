"""The reusable XLSX writer (rutan/exports.py)."""

from datetime import date, datetime
from io import BytesIO
from zoneinfo import ZoneInfo

from openpyxl import load_workbook

from rutan.exports import Sheet, xlsx_filename, xlsx_response


def _read(response):
    return load_workbook(BytesIO(response.content))


def test_writes_heading_header_rows_and_totals():
    response = xlsx_response(
        "uji.xlsx",
        Sheet(
            title="Data",
            heading=["JUDUL", "Bulan Maret 2026"],
            columns=["Nama", "Jumlah"],
            rows=[["Adi", 3], ["Budi", 4]],
            totals=["Jumlah", 7],
        ),
    )

    assert response["Content-Disposition"] == 'attachment; filename="uji.xlsx"'
    sheet = _read(response)["Data"]
    assert [list(r) for r in sheet.iter_rows(values_only=True)] == [
        ["JUDUL", None],
        ["Bulan Maret 2026", None],
        [None, None],
        ["Nama", "Jumlah"],
        ["Adi", 3],
        ["Budi", 4],
        ["Jumlah", 7],
    ]
    assert sheet.freeze_panes == "A5"  # the header stays in view


def test_text_that_looks_like_a_formula_stays_text():
    response = xlsx_response(
        "uji.xlsx", Sheet(title="x", columns=["a"], rows=[['=HYPERLINK("http://x")'], ["+1"]])
    )

    sheet = _read(response)["x"]
    assert sheet["A2"].data_type == "s" and sheet["A2"].value == '=HYPERLINK("http://x")'
    assert sheet["A3"].data_type == "s"


def test_dates_and_aware_datetimes_are_spreadsheet_dates_in_local_time():
    at = datetime(2026, 3, 2, 2, 0, tzinfo=ZoneInfo("UTC"))  # 09:00 WIB
    response = xlsx_response(
        "uji.xlsx", Sheet(title="x", columns=["d", "t", "b"], rows=[[date(2026, 3, 2), at, True]])
    )

    row = [c.value for c in _read(response)["x"][2]]
    assert row == [datetime(2026, 3, 2), datetime(2026, 3, 2, 9, 0), "Ya"]


def test_several_sheets_and_safe_names():
    response = xlsx_response(
        "uji.xlsx", Sheet(title="A/B: [x]", columns=["a"]), Sheet(title="Kedua", columns=["b"])
    )

    assert _read(response).sheetnames == ["A B   x", "Kedua"]


def test_filename_is_a_slug():
    assert xlsx_filename("Rekap absensi", "Karawitan Dasar", "2026-03") == (
        "rekap-absensi-karawitan-dasar-2026-03.xlsx"
    )


def test_control_characters_pasted_from_word_do_not_break_the_workbook():
    text = "Baris satu\x0bbaris dua\x0c\x00 selesai"
    response = xlsx_response(
        "uji.xlsx", Sheet(title="x", heading=["Judul\x0b"], columns=["a\x07"], rows=[[text]])
    )

    sheet = _read(response)["x"]
    assert sheet["A4"].value == "Baris satubaris dua selesai"
    assert sheet["A1"].value == "Judul" and sheet["A3"].value == "a"


# --- page set-up -------------------------------------------------------------------------


def test_a_narrow_sheet_prints_on_a4_portrait_fitted_to_width_with_header_row_repeated():
    response = xlsx_response(
        "uji.xlsx",
        Sheet(
            title="Data",
            heading=["LAPORAN PROGRAM", "Bulan Maret 2026"],
            columns=["Nama", "Jumlah"],
            rows=[["Adi", 3]],
            widths=[40, 10],
        ),
    )

    sheet = _read(response)["Data"]
    assert sheet.page_setup.paperSize == 9  # A4
    assert sheet.page_setup.orientation == "portrait"
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
    assert sheet.print_title_rows == "$4:$4"  # the header row, under the two title lines
    assert sheet.oddHeader.center.text == "LAPORAN PROGRAM · Bulan Maret 2026"
    assert sheet.oddFooter.center.text == "Halaman &P dari &N"


def test_a_wide_sheet_prints_landscape_and_a_title_without_heading_is_the_sheet_name():
    response = xlsx_response(
        "uji.xlsx",
        Sheet(title="Kas & Bank", columns=[f"Kolom {n}" for n in range(11)], rows=[]),
    )

    sheet = _read(response)["Kas & Bank"]
    assert sheet.page_setup.orientation == "landscape"  # 11 columns of default width
    assert sheet.print_title_rows == "$1:$1"
    assert sheet.oddHeader.center.text == "Kas && Bank"  # "&" alone would be a header code
