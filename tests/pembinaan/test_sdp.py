"""Reading and writing the SDP exchange file: every broken file gets a clear Indonesian message."""

import csv
import io
import time
import zipfile
from datetime import date, datetime

import pytest
from openpyxl import Workbook, load_workbook

from pembinaan.sdp import (
    COLUMNS,
    EXPORT_COLUMNS,
    REQUIRED_COLUMNS,
    ParsedRow,
    RowError,
    parse_sdp_file,
    write_sdp_csv,
    write_sdp_xlsx,
)
from pembinaan.stages import AWAL, LANJUTAN_PERTAMA, TAHANAN

HEADER = list(COLUMNS)
NAPI = {
    "no_registrasi": "B.I 123/2024",
    "nama": "Budi Santoso",
    "status_hukum": "narapidana",
    "status": "AKTIF",
    "blok": "A",
    "kamar": "3",
    "tanggal_penahanan": "2024-01-01",
    "pidana_tahun": "3",
    "pidana_bulan": "0",
    "pidana_hari": "0",
    "remisi_hari": "0",
    "tanggal_1_3": "",
    "tanggal_1_2": "",
    "tanggal_2_3": "",
    "tanggal_ekspirasi": "",
    "pin_mesin": "101",
    "jenis_pidana": "",
}
TAHANAN_ROW = {
    "no_registrasi": "A.II 7/2025",
    "nama": "Siti Aminah",
    "status_hukum": "tahanan",
    "status": "",
    "blok": "B",
    "kamar": "12",
    "tanggal_penahanan": "05/01/2025",
    "pin_mesin": "",
}


def make_csv(rows, header=HEADER, delimiter=",", bom=False, encoding="utf-8"):
    stream = io.StringIO(newline="")
    writer = csv.writer(stream, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows([row.get(column, "") for column in header] for row in rows)
    return (("\ufeff" if bom else "") + stream.getvalue()).encode(encoding)


def make_xlsx(rows, header=HEADER, sheets=None):
    """An XLSX with a header row and rows given as lists or dicts (values kept typed)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Data WBP"
    if header is not None:
        sheet.append(header)
    for row in rows:
        sheet.append([row.get(c) for c in header] if isinstance(row, dict) else list(row))
    for title in sheets or []:
        workbook.create_sheet(title).append(["tidak dibaca"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def parse_csv(rows, **kwargs):
    return parse_sdp_file(make_csv(rows, **kwargs), "wbp.csv")


def messages(result):
    return [str(e) for e in result.errors]


def only_file_error(result):
    assert result.rows == []
    assert len(result.errors) == 1, result.errors
    assert result.file_errors == result.errors
    return result.errors[0].message


def row_errors(result, row, column=None):
    return [
        e.message for e in result.errors if e.row == row and (column is None or e.column == column)
    ]


# --- a good file ---------------------------------------------------------------------------


def test_valid_csv_is_read_into_typed_rows():
    result = parse_csv([NAPI, TAHANAN_ROW])
    assert result.ok, messages(result)
    assert result.file_format == "csv"
    assert result.delimiter == ","
    assert result.columns == HEADER
    assert result.header_row == 1
    napi, tahanan = result.rows
    assert (napi.row, tahanan.row) == (2, 3)
    assert napi.registration_number == "B.I 123/2024"
    assert napi.name == "Budi Santoso"
    assert napi.legal_status == "narapidana"
    assert napi.status == "AKTIF"
    assert (napi.block, napi.cell) == ("A", "3")
    assert napi.detention_date == date(2024, 1, 1)
    assert (napi.sentence_years, napi.sentence_months, napi.sentence_days) == (3, 0, 0)
    assert napi.remisi_days == 0
    assert napi.sdp_one_third is None
    assert napi.device_pin == "101"
    assert napi.inmate_class(date(2024, 12, 31)) == AWAL
    assert napi.inmate_class(date(2025, 1, 1)) == LANJUTAN_PERTAMA
    assert tahanan.status == "AKTIF"  # empty status means AKTIF
    assert tahanan.detention_date == date(2025, 1, 5)
    assert tahanan.sentence_years is None
    assert tahanan.remisi_days == 0  # empty remisi: none
    assert tahanan.device_pin is None
    assert tahanan.inmate_class(date(2025, 6, 1)) == TAHANAN
    assert all(not row.errors for row in result.rows)
    assert result.warnings == []


def test_values_are_normalised():
    row = dict(
        NAPI,
        no_registrasi="  b.i  0123 / 2024 ",
        nama="  Budi   Santoso ",
        status_hukum=" Narapidana ",
        status="pindah upt",
    )
    (parsed,) = parse_csv([row]).rows
    assert parsed.registration_number == "B.I 123/2024"
    assert parsed.name == "Budi Santoso"
    assert parsed.legal_status == "narapidana"
    assert parsed.status == "PINDAH"
    assert parsed.raw["no_registrasi"] == "b.i  0123 / 2024"


def test_semicolon_csv_is_read():
    result = parse_csv([NAPI, TAHANAN_ROW], delimiter=";")
    assert result.ok, messages(result)
    assert result.delimiter == ";"
    assert [r.registration_number for r in result.rows] == ["B.I 123/2024", "A.II 7/2025"]


def test_semicolon_csv_with_commas_inside_values():
    result = parse_csv([dict(NAPI, nama="Budi, S.H.")], delimiter=";")
    assert result.ok, messages(result)
    assert result.rows[0].name == "Budi, S.H."


@pytest.mark.parametrize("delimiter", [",", ";"])
def test_utf8_bom_is_accepted(delimiter):
    result = parse_csv(
        [dict(NAPI, nama="Ni Luh Putu Ayu Wulandarí")], delimiter=delimiter, bom=True
    )
    assert result.ok, messages(result)
    assert result.columns[0] == "no_registrasi"
    assert result.rows[0].name == "Ni Luh Putu Ayu Wulandarí"


def test_excel_sep_line_chooses_the_delimiter():
    data = b"sep=;\r\n" + make_csv([NAPI], delimiter=";")
    result = parse_sdp_file(data, "wbp.csv")
    assert result.ok, messages(result)
    assert result.delimiter == ";"


def test_header_names_are_case_insensitive_and_trimmed():
    header = [" No_Registrasi ", "NAMA", "Status Hukum", "tanggal-penahanan"]
    data = make_csv([], header=header) + b"B.I 1/2024,Budi,narapidana,2024-01-01\r\n"
    result = parse_sdp_file(data, "WBP.CSV")
    assert result.ok, messages(result)
    assert result.columns == ["no_registrasi", "nama", "status_hukum", "tanggal_penahanan"]
    assert result.rows[0].detention_date == date(2024, 1, 1)


def test_only_the_three_required_columns_are_needed():
    result = parse_csv([NAPI], header=list(REQUIRED_COLUMNS))
    assert result.ok, messages(result)
    assert result.columns == ["no_registrasi", "nama", "status_hukum"]
    row = result.rows[0]
    assert (row.status, row.block, row.detention_date, row.device_pin) == ("AKTIF", "", None, None)


def test_columns_may_come_in_any_order():
    header = ["nama", "pin_mesin", "status_hukum", "no_registrasi"]
    result = parse_csv([NAPI], header=header)
    assert result.ok, messages(result)
    assert result.columns == header
    assert result.rows[0].device_pin == "101"


def test_unknown_columns_are_ignored_with_a_warning():
    data = make_csv(
        [dict(NAPI, alamat="Magetan", agama="Islam")], header=[*HEADER, "alamat", "agama"]
    )
    result = parse_sdp_file(data, "wbp.csv")
    assert result.ok
    assert result.unknown_columns == ["alamat", "agama"]
    assert [(w.row, w.column, w.message) for w in result.warnings] == [
        (1, "alamat", "Kolom tidak dikenal diabaikan: 'alamat'."),
        (1, "agama", "Kolom tidak dikenal diabaikan: 'agama'."),
    ]


def test_the_exports_class_column_is_ignored_silently():
    result = parse_csv([dict(NAPI, kelas="awal")], header=list(EXPORT_COLUMNS))
    assert result.ok
    assert result.warnings == []
    assert "kelas" not in result.columns


def test_empty_rows_are_skipped_and_row_numbers_stay_the_spreadsheets():
    data = (
        make_csv([NAPI]) + b",,,,,,,,,,,,,,,\r\n\r\n" + make_csv([TAHANAN_ROW]).split(b"\r\n", 1)[1]
    )
    result = parse_sdp_file(data, "wbp.csv")
    assert result.ok, messages(result)
    assert [r.row for r in result.rows] == [2, 5]


def test_a_value_with_a_line_break_is_one_spreadsheet_row():
    data = make_csv([]) + b'B.I 1/2024,"Budi\nSantoso",narapidana\r\nB.I 2/2024,,narapidana\r\n'
    result = parse_sdp_file(data, "wbp.csv")
    assert result.rows[0].name == "Budi Santoso"
    assert [e.row for e in result.errors] == [3]


# --- file-level problems ------------------------------------------------------------------


def test_empty_file():
    assert only_file_error(parse_sdp_file(b"", "wbp.csv")) == "Berkas kosong."
    assert only_file_error(parse_sdp_file(b"", "wbp.xlsx")) == "Berkas kosong."


def test_file_of_blank_lines():
    message = only_file_error(parse_sdp_file(b"\r\n  \r\n", "wbp.csv"))
    assert message == "Berkas kosong: tidak ada baris judul maupun data."


@pytest.mark.parametrize("trailer", [b"", b"\r\n\r\n", b",,,\r\n"])
def test_header_only(trailer):
    result = parse_sdp_file(make_csv([]) + trailer, "wbp.csv")
    assert only_file_error(result) == "Berkas hanya berisi baris judul, tanpa data."
    assert result.errors[0].row == 1


def test_header_only_xlsx():
    result = parse_sdp_file(make_xlsx([]), "wbp.xlsx")
    assert only_file_error(result) == "Berkas hanya berisi baris judul, tanpa data."


def test_empty_xlsx():
    result = parse_sdp_file(make_xlsx([], header=None), "wbp.xlsx")
    assert only_file_error(result) == "Berkas kosong: tidak ada baris judul maupun data."


@pytest.mark.parametrize(
    ("header", "missing"),
    [
        (["nama", "status_hukum"], "'no_registrasi'"),
        (["no_registrasi", "status_hukum", "blok"], "'nama'"),
        (["no_registrasi", "nama"], "'status_hukum'"),
        (["no_registrasi", "blok"], "'nama', 'status_hukum'"),
    ],
)
def test_missing_required_column_is_named(header, missing):
    message = only_file_error(parse_csv([NAPI], header=header))
    assert message.startswith(f"Kolom wajib tidak ada di baris judul: {missing}.")


def test_duplicate_header_column():
    message = only_file_error(parse_csv([NAPI], header=[*REQUIRED_COLUMNS, "Nama"]))
    assert message == "Kolom 'nama' muncul lebih dari sekali di baris judul (kolom ke-2 dan ke-4)."


def test_tab_separated_file_is_refused_not_misparsed():
    message = only_file_error(parse_csv([NAPI], delimiter="\t"))
    assert message == (
        "Berkas memakai tab sebagai pemisah kolom. "
        "Simpan ulang sebagai CSV dengan pemisah koma (,) atau titik koma (;)."
    )


def test_pipe_separated_file_is_refused():
    assert "memakai '|' sebagai pemisah" in only_file_error(parse_csv([NAPI], delimiter="|"))


def test_header_merged_into_one_column_is_refused():
    data = b'"no_registrasi;nama;status_hukum"\r\n"B.I 1/2024;Budi;narapidana"\r\n'
    message = only_file_error(parse_sdp_file(data, "wbp.csv"))
    assert message.startswith(
        "Pemisah kolom tidak dikenali: baris judul terbaca sebagai satu kolom "
        "('no_registrasi;nama;status_hukum')."
    )


def test_header_of_unknown_single_column_is_refused_as_a_delimiter_problem():
    data = b"nomor registrasi nama status\r\nB.I 1/2024 Budi narapidana\r\n"
    message = only_file_error(parse_sdp_file(data, "wbp.csv"))
    assert "baris judul terbaca sebagai satu kolom" in message


def test_xlsx_header_in_one_cell_is_refused():
    data = make_xlsx([["B.I 1/2024,Budi,narapidana"]], header=["no_registrasi,nama,status_hukum"])
    message = only_file_error(parse_sdp_file(data, "wbp.xlsx"))
    assert "Baris judul hanya satu sel" in message


def test_rows_with_the_other_delimiter_are_refused():
    data = make_csv([NAPI], header=list(REQUIRED_COLUMNS)) + b"B.I 2/2024;Joko;narapidana\r\n"
    result = parse_sdp_file(data, "wbp.csv")
    assert result.rows[0].is_valid
    assert row_errors(result, 3) == [
        "Baris ini terbaca sebagai satu kolom: pemisahnya ';', sedangkan baris judul memakai ','."
    ]


def test_row_with_more_values_than_the_header_is_refused():
    data = make_csv([], header=list(REQUIRED_COLUMNS)) + b"B.I 1/2024,SUPARMAN, S.H.,narapidana\r\n"
    result = parse_sdp_file(data, "wbp.csv")
    (message,) = row_errors(result, 2)
    assert message.startswith("Baris berisi 4 kolom, sedangkan baris judul 3 kolom")


def test_xlsx_notes_in_unheaded_columns_are_ignored():
    data = make_xlsx([[*NAPI.values(), "catatan petugas"]])
    assert parse_sdp_file(data, "wbp.xlsx").ok


def test_trailing_empty_cells_beyond_the_header_are_fine():
    data = make_csv([], header=list(REQUIRED_COLUMNS)) + b"B.I 1/2024,Budi,narapidana,,\r\n"
    assert parse_sdp_file(data, "wbp.csv").ok


def test_windows_1252_csv_is_refused_with_how_to_fix():
    data = make_csv([dict(NAPI, nama="José")], encoding="cp1252")
    message = only_file_error(parse_sdp_file(data, "wbp.csv"))
    assert message.startswith("Berkas CSV bukan UTF-8: karakter tidak dikenal pada baris teks ke-2")
    assert "CSV UTF-8" in message


def test_utf16_csv_is_refused():
    data = "\ufeff".encode("utf-16-le") + "no_registrasi\tnama".encode("utf-16-le")
    assert "UTF-16" in only_file_error(parse_sdp_file(b"\xff\xfe" + data[2:], "wbp.csv"))


def test_text_file_renamed_xlsx():
    message = only_file_error(parse_sdp_file(make_csv([NAPI]), "wbp.xlsx"))
    assert message.startswith("Berkas berakhiran .xlsx tetapi isinya teks biasa")


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00",
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\x00\x01",
        bytes(range(256)) * 4,
    ],
)
def test_binary_file_renamed_xlsx(data):
    message = only_file_error(parse_sdp_file(data, "wbp.xlsx"))
    assert message.startswith("Berkas berakhiran .xlsx tetapi isinya bukan lembar kerja Excel.")


def test_old_xls_renamed_xlsx():
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512
    assert "Excel lama (.xls)" in only_file_error(parse_sdp_file(data, "wbp.xlsx"))


def test_zip_that_is_not_a_workbook():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("foto.txt", "bukan lembar kerja")
    message = only_file_error(parse_sdp_file(buffer.getvalue(), "wbp.xlsx"))
    assert message.startswith("Berkas XLSX rusak atau bukan lembar kerja Excel yang valid.")


def test_truncated_xlsx():
    data = make_xlsx([NAPI])
    message = only_file_error(parse_sdp_file(data[: len(data) // 2], "wbp.xlsx"))
    assert message.startswith("Berkas XLSX rusak")


def test_xlsx_with_a_broken_sheet():
    source = zipfile.ZipFile(io.BytesIO(make_xlsx([NAPI])))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = content[: len(content) // 2]  # cut the XML in the middle of a row
            target.writestr(item, content)
    message = only_file_error(parse_sdp_file(buffer.getvalue(), "wbp.xlsx"))
    assert message.startswith("Berkas XLSX rusak")


def test_xlsx_renamed_csv():
    message = only_file_error(parse_sdp_file(make_xlsx([NAPI]), "wbp.csv"))
    assert message.startswith("Berkas berakhiran .csv tetapi isinya lembar kerja Excel (XLSX).")


def test_binary_file_renamed_csv():
    message = only_file_error(parse_sdp_file(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "wbp.csv"))
    assert message.startswith("Berkas ini bukan teks CSV (berisi data biner).")


@pytest.mark.parametrize(
    ("filename", "expected"),
    [
        ("wbp.xls", "Format .xls (Excel 97-2003) tidak didukung."),
        ("wbp.ods", "Jenis berkas tidak didukung ('.ods')."),
        ("wbp.txt", "Jenis berkas tidak didukung ('.txt')."),
        ("wbp", "Jenis berkas tidak didukung (tanpa akhiran)."),
    ],
)
def test_unsupported_extensions(filename, expected):
    assert only_file_error(parse_sdp_file(make_csv([NAPI]), filename)).startswith(expected)


def test_too_many_rows():
    result = parse_sdp_file(make_csv([NAPI] * 6), "wbp.csv", max_rows=5)
    assert only_file_error(result).startswith("Berkas berisi lebih dari 5 baris data")
    result = parse_sdp_file(make_xlsx([NAPI] * 6), "wbp.xlsx", max_rows=5)
    assert only_file_error(result).startswith("Berkas berisi lebih dari 5 baris data")


@pytest.mark.parametrize("seed", range(20))
@pytest.mark.parametrize("extension", ["csv", "xlsx"])
def test_no_exception_escapes_from_garbage(seed, extension):
    import random

    generator = random.Random(seed)
    data = bytes(generator.randrange(256) for _ in range(generator.randrange(1, 3000)))
    if seed % 2:
        data = b"PK\x03\x04" + data  # looks like a zip at first sight
    result = parse_sdp_file(data, f"wbp.{extension}")
    assert result.errors


# --- cell problems -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-01-31", date(2024, 1, 31)),
        ("2024-1-5", date(2024, 1, 5)),
        ("31/01/2024", date(2024, 1, 31)),
        ("1/2/2024", date(2024, 2, 1)),  # day first
        ("31-01-2024", date(2024, 1, 31)),
        ("29/02/2024", date(2024, 2, 29)),
        ("2024-01-31 00:00:00", date(2024, 1, 31)),
        ("2024-01-31T13:45", date(2024, 1, 31)),
        (" 2024-01-31 ", date(2024, 1, 31)),
    ],
)
def test_accepted_date_spellings(text, expected):
    result = parse_csv([dict(NAPI, tanggal_penahanan=text)])
    assert result.ok, messages(result)
    assert result.rows[0].detention_date == expected


@pytest.mark.parametrize(
    "text",
    [
        "31/02/2024",
        "29/02/2023",
        "2024-13-01",
        "2024/01/31",
        "01/31/2024",
        "31.01.2024",
        "31/01/24",
        "besok",
        "2024-01-31T25:00",
    ],
)
def test_bad_dates_are_refused_with_the_formats(text):
    result = parse_csv([dict(NAPI, tanggal_penahanan=text)])
    assert row_errors(result, 2, "tanggal_penahanan") == [
        f"Tanggal tidak valid: '{text}' (gunakan YYYY-MM-DD atau DD/MM/YYYY)."
    ]


def test_the_example_message_of_the_brief():
    result = parse_csv([dict(NAPI, tanggal_penahanan="31/02/2024")])
    assert str(result.errors[0]) == (
        "Baris 2, kolom tanggal_penahanan: Tanggal tidak valid: '31/02/2024' "
        "(gunakan YYYY-MM-DD atau DD/MM/YYYY)."
    )


def test_implausible_year_is_refused():
    result = parse_csv([dict(NAPI, tanggal_penahanan="1899-12-31")])
    assert row_errors(result, 2) == ["Tanggal tidak masuk akal: '1899-12-31'."]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("-1", "Bilangan tidak boleh negatif: '-1'."),
        ("2.5", "Bilangan tidak valid: '2.5' (isi bilangan bulat 0 atau lebih)."),
        ("1.000", "Bilangan tidak valid: '1.000' (isi bilangan bulat 0 atau lebih)."),
        ("tiga", "Bilangan tidak valid: 'tiga' (isi bilangan bulat 0 atau lebih)."),
        ("40000", "Bilangan terlalu besar: '40000' (paling besar 32767)."),
    ],
)
def test_bad_integers(text, message):
    result = parse_csv([dict(NAPI, remisi_hari=text)])
    assert row_errors(result, 2, "remisi_hari") == [message]


def test_unknown_status_is_refused():
    result = parse_csv([dict(NAPI, status="KABUR")])
    assert row_errors(result, 2, "status") == [
        "Status tidak dikenal: 'KABUR' (gunakan AKTIF, BON, SAKIT, PINDAH, BEBAS, MENINGGAL)."
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Status hukum wajib diisi (tahanan atau narapidana)."),
        ("napi", "Status hukum tidak dikenal: 'napi' (gunakan tahanan atau narapidana)."),
    ],
)
def test_bad_legal_status(text, message):
    result = parse_csv([dict(NAPI, status_hukum=text)])
    assert row_errors(result, 2, "status_hukum") == [message]


def test_bad_and_missing_registration_numbers():
    result = parse_csv([dict(NAPI, no_registrasi="B.II 5/2024"), dict(NAPI, no_registrasi="")])
    (bad,) = row_errors(result, 2, "no_registrasi")
    assert bad.startswith("Nomor registrasi tidak valid: 'B.II 5/2024'")
    assert row_errors(result, 3, "no_registrasi") == ["Nomor registrasi wajib diisi."]


def test_missing_name():
    result = parse_csv([dict(NAPI, nama="  ")])
    assert row_errors(result, 2, "nama") == ["Nama wajib diisi."]


def test_too_long_text():
    result = parse_csv([dict(NAPI, blok="B" * 31)])
    assert row_errors(result, 2, "blok") == ["Terlalu panjang: 31 karakter (paling banyak 30)."]


@pytest.mark.parametrize("pin", ["12 34", "12-34", "1" * 25])
def test_bad_device_pin(pin):
    result = parse_csv([dict(NAPI, pin_mesin=pin)])
    assert row_errors(result, 2, "pin_mesin")


def test_device_pin_keeps_leading_zeros():
    assert parse_csv([dict(NAPI, pin_mesin="0042")]).rows[0].device_pin == "0042"


def test_every_error_of_a_row_is_reported_not_only_the_first():
    row = dict(NAPI, tanggal_penahanan="kemarin", pidana_tahun="x", status="HILANG")
    result = parse_csv([row])
    assert [e.column for e in result.errors] == ["status", "tanggal_penahanan", "pidana_tahun"]
    assert not result.ok
    assert all(row.errors for row in result.rows)


def test_duplicate_numbers_inside_the_file_name_both_rows():
    rows = [
        NAPI,
        dict(TAHANAN_ROW),
        dict(NAPI, nama="Joko", no_registrasi="b.i 0123/2024", pin_mesin=""),
    ]
    result = parse_csv(rows)
    expected = "Nomor registrasi 'B.I 123/2024' ganda: ada di baris 2, 4."
    assert row_errors(result, 2, "no_registrasi") == [expected]
    assert row_errors(result, 4, "no_registrasi") == [expected]
    assert row_errors(result, 3) == []


def test_duplicate_device_pins_inside_the_file_name_both_rows():
    rows = [
        NAPI,
        dict(TAHANAN_ROW, pin_mesin="101"),
        dict(NAPI, no_registrasi="B.I 9/2024", pin_mesin=""),
    ]
    result = parse_csv(rows)
    expected = "PIN mesin '101' ganda: ada di baris 2, 3."
    assert row_errors(result, 2, "pin_mesin") == [expected]
    assert row_errors(result, 3, "pin_mesin") == [expected]
    assert row_errors(result, 4) == []  # empty pins are not duplicates


def test_sdp_dates_out_of_order_are_refused():
    row = dict(NAPI, tanggal_1_3="2024-10-01", tanggal_1_2="2024-09-01", tanggal_2_3="2025-08-01")
    result = parse_csv([row])
    assert row_errors(result, 2) == [
        "Tanggal 1/2 (2024-09-01) lebih awal dari tanggal 1/3 (2024-10-01)."
    ]
    assert result.errors[0].column == "tanggal_1_2"


def test_detention_after_expiry_is_refused():
    result = parse_csv([dict(NAPI, tanggal_ekspirasi="2023-12-31")])
    assert row_errors(result, 2, "tanggal_ekspirasi") == [
        "Tanggal ekspirasi (2023-12-31) lebih awal dari tanggal penahanan (2024-01-01)."
    ]


def test_complete_sdp_dates_are_read():
    row = dict(
        NAPI,
        tanggal_1_3="01/10/2024",
        tanggal_1_2="01/03/2025",
        tanggal_2_3="01/08/2025",
        tanggal_ekspirasi="01/06/2026",
    )
    result = parse_csv([row])
    assert result.ok and result.warnings == []
    parsed = result.rows[0]
    assert parsed.stage_dates().source == "sdp"
    assert parsed.inmate_class(date(2024, 10, 1)) == LANJUTAN_PERTAMA


def test_partial_sdp_dates_give_a_warning():
    result = parse_csv([dict(NAPI, tanggal_1_3="2024-10-01")])
    assert result.ok
    (warning,) = result.warnings
    assert (warning.row, warning.column) == (2, "tanggal_1_2")
    assert "tidak lengkap" in warning.message
    assert result.rows[0].stage_dates().source == "computed"


def test_register_that_contradicts_the_legal_status_gives_a_warning():
    result = parse_csv([dict(NAPI, no_registrasi="A.I 5/2024")])
    assert result.ok
    assert [str(w) for w in result.warnings] == [
        (
            "Baris 2, kolom status_hukum: Nomor registrasi A.I 5/2024 adalah register tahanan "
            "(A), tetapi status hukum 'narapidana'."
        )
    ]


@pytest.mark.parametrize(
    ("changes", "text"),
    [
        ({"tanggal_penahanan": ""}, "isi tanggal penahanan dan lama pidana"),
        ({"pidana_tahun": "", "pidana_bulan": "", "pidana_hari": ""}, "isi tanggal penahanan"),
        ({"pidana_tahun": "0", "pidana_bulan": "1", "remisi_hari": "40"}, "tidak lebih dari 0"),
    ],
)
def test_narapidana_whose_class_cannot_be_computed_gives_a_warning(changes, text):
    result = parse_csv([dict(NAPI, **changes)])
    assert result.ok
    (warning,) = result.warnings
    assert warning.column is None
    assert text in warning.message
    assert result.rows[0].inmate_class(date(2025, 1, 1)) is None


def test_tahanan_without_sentence_gives_no_warning():
    assert parse_csv([TAHANAN_ROW]).warnings == []


def test_row_error_text():
    assert str(RowError(5, "nama", "Nama wajib diisi.")) == "Baris 5, kolom nama: Nama wajib diisi."
    assert str(RowError(5, None, "x.")) == "Baris 5: x."
    assert str(RowError(None, None, "Berkas kosong.")) == "Berkas kosong."


# --- XLSX ----------------------------------------------------------------------------------


def test_xlsx_with_date_cells_and_numbers():
    row = dict(
        NAPI,
        tanggal_penahanan=date(2024, 1, 1),
        tanggal_1_3=datetime(2024, 10, 1),
        tanggal_1_2="01/03/2025",  # dates typed as text still work
        tanggal_2_3=date(2025, 8, 1),
        pidana_tahun=3,
        pidana_bulan=0.0,
        pidana_hari=None,
        remisi_hari=15,
        kamar=3,
        pin_mesin=101,
    )
    result = parse_sdp_file(make_xlsx([row]), "wbp.xlsx")
    assert result.ok, messages(result)
    assert result.file_format == "xlsx"
    assert result.delimiter is None
    parsed = result.rows[0]
    assert parsed.detention_date == date(2024, 1, 1)
    assert (parsed.sdp_one_third, parsed.sdp_half, parsed.sdp_two_thirds) == (
        date(2024, 10, 1),
        date(2025, 3, 1),
        date(2025, 8, 1),
    )
    assert (parsed.sentence_years, parsed.sentence_months, parsed.sentence_days) == (3, 0, None)
    assert parsed.remisi_days == 15
    assert parsed.cell == "3"
    assert parsed.device_pin == "101"
    assert parsed.raw["tanggal_penahanan"] == "2024-01-01"


def test_xlsx_number_in_a_date_column_is_refused():
    result = parse_sdp_file(make_xlsx([dict(NAPI, tanggal_penahanan=45292)]), "wbp.xlsx")
    assert row_errors(result, 2) == [
        "Tanggal tidak valid: '45292' (gunakan YYYY-MM-DD atau DD/MM/YYYY)."
    ]


def test_xlsx_fraction_in_an_integer_column_is_refused():
    result = parse_sdp_file(make_xlsx([dict(NAPI, pidana_bulan=2.5)]), "wbp.xlsx")
    assert row_errors(result, 2, "pidana_bulan") == [
        "Bilangan tidak valid: '2.5' (isi bilangan bulat 0 atau lebih)."
    ]


def test_xlsx_errors_give_the_spreadsheet_row():
    rows = [
        [],
        HEADER,
        NAPI.values(),
        [],
        dict(NAPI, no_registrasi="B.I 9/2024", status="X").values(),
    ]
    result = parse_sdp_file(make_xlsx(rows, header=["Data WBP per 1 Januari"]), "wbp.xlsx")
    # A title row above the header is not a header: the file is refused, naming what is missing.
    assert "Kolom wajib tidak ada" in only_file_error(result)

    result = parse_sdp_file(
        make_xlsx([[], NAPI.values(), [], ["B.I 9/2024", "Joko", "napi"]]), "a.xlsx"
    )
    assert [r.row for r in result.rows] == [3, 5]
    assert row_errors(result, 5, "status_hukum")


def test_xlsx_header_below_empty_rows():
    data = make_xlsx([[], HEADER, list(NAPI.values())], header=[None])
    result = parse_sdp_file(data, "wbp.xlsx")
    assert result.ok, messages(result)
    assert result.header_row == 3
    assert result.rows[0].row == 4


def test_xlsx_reads_only_the_active_sheet_and_says_so():
    result = parse_sdp_file(make_xlsx([NAPI], sheets=["Catatan"]), "wbp.xlsx")
    assert result.ok
    assert [w.message for w in result.warnings] == [
        "Berkas berisi 2 lembar kerja; hanya lembar 'Data WBP' yang dibaca."
    ]


def test_xlsx_duplicates_and_bad_status():
    rows = [NAPI, dict(NAPI, status="kabur", pin_mesin=None)]
    result = parse_sdp_file(make_xlsx(rows), "wbp.xlsx")
    assert row_errors(result, 3, "status")
    assert (
        row_errors(result, 2, "no_registrasi")
        == row_errors(result, 3, "no_registrasi")
        == ["Nomor registrasi 'B.I 123/2024' ganda: ada di baris 2, 3."]
    )


# --- writing and the round trip ------------------------------------------------------------


def export_rows(result, on=date(2025, 1, 1)):
    return [dict(row.as_columns(), kelas=row.inmate_class(on) or "") for row in result.rows]


FULL = dict(
    NAPI,
    tanggal_1_3="2024-10-01",
    tanggal_1_2="2025-03-01",
    tanggal_2_3="2025-08-01",
    tanggal_ekspirasi="2026-06-01",
    remisi_hari="30",
)
ODD = dict(
    NAPI,
    no_registrasi="B.IIb 4/2025",
    nama='=HYPERLINK("http://contoh","klik")',
    blok="-",
    kamar="+1",
    pin_mesin="0007",
)


def test_write_csv_header_and_values():
    stream = io.StringIO(newline="")
    write_sdp_csv(export_rows(parse_csv([FULL, TAHANAN_ROW])), stream, delimiter=",", bom=False)
    lines = stream.getvalue().splitlines()
    assert lines[0] == ",".join(EXPORT_COLUMNS)
    assert lines[1] == (
        "B.I 123/2024,Budi Santoso,narapidana,AKTIF,A,3,2024-01-01,3,0,0,30,"
        "2024-10-01,2025-03-01,2025-08-01,2026-06-01,101,lanjutan_pertama,"
    )
    assert lines[2] == "A.II 7/2025,Siti Aminah,tahanan,AKTIF,B,12,2025-01-05,,,,0,,,,,,tahanan,"


def test_write_csv_with_semicolons():
    stream = io.StringIO(newline="")
    write_sdp_csv([{"no_registrasi": "B.I 1/2024", "nama": "Budi; S.H."}], stream, delimiter=";")
    assert stream.getvalue().splitlines()[1].startswith('B.I 1/2024;"Budi; S.H.";;')


def test_write_csv_is_for_indonesian_excel_by_default():
    """UTF-8 with a BOM and semicolons, as every CSV download (rutan/exports.py)."""
    stream = io.StringIO(newline="")
    write_sdp_csv([{"no_registrasi": "B.I 1/2024", "nama": "Budi, S.H."}], stream)
    text = stream.getvalue()
    assert text.startswith("\ufeff" + ";".join(EXPORT_COLUMNS) + "\r\n")
    assert text.splitlines()[1].startswith("B.I 1/2024;Budi, S.H.;;")
    result = parse_sdp_file(text.encode("utf-8"), "ekspor.csv")
    assert result.delimiter == ";" and result.rows[0].name == "Budi, S.H."


def test_write_csv_refuses_other_delimiters():
    with pytest.raises(ValueError):
        write_sdp_csv([], io.StringIO(), delimiter="\t")


def test_write_csv_guards_against_formulas():
    stream = io.StringIO(newline="")
    write_sdp_csv(export_rows(parse_csv([ODD])), stream)
    line = stream.getvalue().splitlines()[1]
    assert "'=HYPERLINK" in line
    assert ";'-;'+1;" in line


def test_write_xlsx_keeps_text_as_text_and_dates_as_dates():
    data = write_sdp_xlsx(export_rows(parse_csv([ODD, FULL])))
    sheet = load_workbook(io.BytesIO(data)).active
    assert [c.value for c in sheet[1]] == list(EXPORT_COLUMNS)
    assert sheet["B2"].value == '=HYPERLINK("http://contoh","klik")'
    assert sheet["B2"].data_type == "s"  # a string, not a formula
    assert sheet["P2"].value == "0007"
    assert sheet["G2"].is_date
    assert sheet["G2"].value == datetime(2024, 1, 1)
    assert sheet["H2"].value == 3


@pytest.mark.parametrize("delimiter", [",", ";"])
def test_csv_round_trip(delimiter):
    original = parse_csv(
        [FULL, TAHANAN_ROW, ODD, dict(NAPI, no_registrasi="B.III 1/2023", pin_mesin="")]
    )
    assert original.ok, messages(original)
    stream = io.StringIO(newline="")
    write_sdp_csv(export_rows(original), stream, delimiter=delimiter)
    again = parse_sdp_file(stream.getvalue().encode("utf-8"), "ekspor.csv")
    assert again.ok, messages(again)
    assert again.warnings == original.warnings
    assert again.columns == list(COLUMNS)
    assert [r.as_columns() for r in again.rows] == [r.as_columns() for r in original.rows]


def test_xlsx_round_trip():
    original = parse_csv([FULL, TAHANAN_ROW, ODD])
    again = parse_sdp_file(write_sdp_xlsx(export_rows(original)), "ekspor.xlsx")
    assert again.ok, messages(again)
    assert [r.as_columns() for r in again.rows] == [r.as_columns() for r in original.rows]


def test_xlsx_to_csv_round_trip():
    from_xlsx = parse_sdp_file(write_sdp_xlsx(export_rows(parse_csv([FULL, ODD]))), "a.xlsx")
    stream = io.StringIO(newline="")
    write_sdp_csv(export_rows(from_xlsx), stream)
    from_csv = parse_sdp_file(stream.getvalue().encode(), "b.csv")
    assert [r.as_columns() for r in from_csv.rows] == [r.as_columns() for r in from_xlsx.rows]


def test_parsed_row_as_columns_uses_the_file_column_names():
    row = ParsedRow(row=2, registration_number="B.I 1/2024", name="Budi")
    columns = row.as_columns()
    assert list(columns) == list(COLUMNS)
    assert columns["no_registrasi"] == "B.I 1/2024"


# --- size ------------------------------------------------------------------------------------


def test_thirty_thousand_rows_parse_in_seconds():
    lines = [",".join(HEADER)]
    for i in range(30_000):
        lines.append(
            f"B.I {i + 1}/2024,Warga Binaan {i},narapidana,AKTIF,A,{i % 40},2024-01-01,"
            f"{i % 10},{i % 12},0,30,,,,,{1000 + i}"
        )
    data = ("\n".join(lines) + "\n").encode()
    started = time.process_time()
    result = parse_sdp_file(data, "besar.csv")
    elapsed = time.process_time() - started
    assert len(result.rows) == 30_000
    assert result.ok
    # About 1 s here; the bound is generous for a busy CI machine but still catches a quadratic
    # slip (e.g. a duplicate check comparing every row with every other).
    assert elapsed < 10


def test_write_xlsx_prints_on_a4_landscape_with_the_title_and_header_row_on_each_page():
    data = write_sdp_xlsx(export_rows(parse_csv([FULL])), title="REGISTER WBP PER 02-07-2025")
    sheet = load_workbook(io.BytesIO(data)).active
    assert [c.value for c in sheet[1]] == list(EXPORT_COLUMNS)  # still imports: header first
    assert (sheet.page_setup.paperSize, sheet.page_setup.orientation) == (9, "landscape")
    assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.page_setup.fitToWidth == 1
    assert sheet.print_title_rows == "$1:$1"
    assert sheet.oddHeader.center.text == "REGISTER WBP PER 02-07-2025"
