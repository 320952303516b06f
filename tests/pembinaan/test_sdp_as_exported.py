"""SDP exports as they come: header aliases, sentence as text, the empty-cell rule, old → new."""

import io
from datetime import date, datetime

import pytest
from openpyxl import Workbook

from pembinaan.models import Inmate
from pembinaan.sdp import EXPORT_COLUMNS, HEADER_ALIASES, parse_sdp_file, write_sdp_csv
from pembinaan.sdp.cells import _CellError, parse_sentence
from pembinaan.services import commit_sdp_import, export_rows, plan_sdp_import

# A register as SDP prints it: a row-number column, upper-case headers with dots and slashes,
# the sentence as one text cell, the stage dates under their fractions.
SDP_HEADER = [
    "NO",
    "NO. REGISTRASI",
    "NAMA WBP",
    "STATUS HUKUM",
    "BLOK",
    "KAMAR",
    "TGL PENAHANAN",
    "LAMA PIDANA",
    "TOTAL REMISI",
    "1/3",
    "1/2",
    "2/3",
    "EKSPIRASI",
    "PIN",
]
SDP_ROWS = [
    [
        "1",
        "B.I 123/2024",
        "BUDI SANTOSO",
        "Narapidana",
        "A",
        "3",
        "01/01/2024",
        "2 Tahun 6 Bulan 15 Hari",
        "30",
        "",
        "",
        "",
        "",
        "101",
    ],
    ["2", "B.I 124/2024", "ANDI", "narapidana", "A", "4", "2024-02-01", "2 th 6 bl", "", *[""] * 5],
    [
        "3",
        "B.I 9/2020",
        "JOKO",
        "narapidana",
        "C",
        "1",
        "2020-03-01",
        "seumur hidup",
        "",
        *[""] * 5,
    ],
    ["4", "B.I 1/2019", "RUDI", "narapidana", "C", "2", "2019-05-01", "Pidana Mati", "", *[""] * 5],
    [
        "5",
        "A.II 7/2025",
        "SITI AMINAH",
        "tahanan",
        "B",
        "12",
        "05/01/2025",
        "",
        "",
        *[""] * 4,
        "102",
    ],
]


def sdp_csv(delimiter=";", header=SDP_HEADER, rows=SDP_ROWS):
    lines = [delimiter.join(header), *(delimiter.join(row) for row in rows)]
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode()


def sdp_xlsx(header=SDP_HEADER, rows=SDP_ROWS):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        typed = list(row)
        typed[0] = int(typed[0])  # the row number is a number cell
        if typed[6]:
            day = typed[6]
            typed[6] = (
                datetime.strptime(day, "%d/%m/%Y") if "/" in day else datetime.fromisoformat(day)
            )
        sheet.append(typed)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _check_sdp_rows(result):
    assert result.ok, [str(e) for e in result.errors]
    assert "no" not in result.columns
    assert result.unknown_columns == []
    budi, andi, joko, rudi, siti = result.rows
    assert budi.registration_number == "B.I 123/2024"
    assert budi.name == "BUDI SANTOSO"
    assert budi.detention_date == date(2024, 1, 1)
    assert (budi.sentence_years, budi.sentence_months, budi.sentence_days) == (2, 6, 15)
    assert budi.remisi_days == 30
    assert budi.device_pin == "101"
    assert (andi.sentence_years, andi.sentence_months, andi.sentence_days) == (2, 6, 0)
    assert joko.sentence_kind == "seumur_hidup" and joko.sentence_years is None
    assert rudi.sentence_kind == "mati" and rudi.sentence_years is None
    assert siti.legal_status == "tahanan" and siti.detention_date == date(2025, 1, 5)


@pytest.mark.parametrize("delimiter", [";", ","])
def test_sdp_csv_as_exported_is_read_with_either_separator(delimiter):
    result = parse_sdp_file(sdp_csv(delimiter), "register.csv")
    assert result.delimiter == delimiter
    _check_sdp_rows(result)


def test_sdp_xlsx_as_exported_is_read():
    result = parse_sdp_file(sdp_xlsx(), "register.xlsx")
    assert result.file_format == "xlsx"
    _check_sdp_rows(result)


def test_every_documented_alias_names_its_column():
    for column, aliases in HEADER_ALIASES.items():
        if column in ("kelas", "no"):
            continue
        for alias in aliases:
            header = ["no_registrasi", "nama", "status_hukum", alias]
            if column in ("no_registrasi", "nama", "status_hukum"):
                header = [alias if c == column else c for c in header[:3]]
            result = parse_sdp_file(
                (",".join(header) + "\r\n" + ",".join(["B.I 1/2024", "X", "narapidana"]))
                .encode()
                .rstrip(b",")
                + b"\r\n",
                "a.csv",
            )
            assert column in result.columns, (alias, [str(e) for e in result.errors])


def test_header_matching_ignores_case_spaces_and_punctuation():
    header = ["no . registrasi", "Nama_Wbp", "STATUS-HUKUM", "Tgl. Penahanan", "TOTAL  REMISI"]
    data = (";".join(header) + "\nB.I 1/2024;Budi;narapidana;2024-01-01;12\n").encode()
    result = parse_sdp_file(data, "a.csv")
    assert result.ok, [str(e) for e in result.errors]
    assert result.rows[0].remisi_days == 12


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2 Tahun 6 Bulan 15 Hari", (2, 6, 15, "")),
        ("2 th 6 bl", (2, 6, 0, "")),
        ("2 thn 6 bln 15 hr", (2, 6, 15, "")),
        ("8 BULAN", (0, 8, 0, "")),
        ("1 tahun, 3 bulan dan 2 hari", (1, 3, 2, "")),
        ("seumur hidup", (None, None, None, "seumur_hidup")),
        ("SEUMUR HIDUP", (None, None, None, "seumur_hidup")),
        ("pidana mati", (None, None, None, "mati")),
    ],
)
def test_sentence_text_is_parsed(text, expected):
    parsed = parse_sentence(text)
    assert (
        parsed["sentence_years"],
        parsed["sentence_months"],
        parsed["sentence_days"],
        parsed["sentence_kind"],
    ) == expected


@pytest.mark.parametrize("text", ["5", "dua tahun", "2 tahun 3 tahun", "2 tahun lebih", "bebas"])
def test_unreadable_sentence_has_an_indonesian_message(text):
    with pytest.raises(_CellError, match="Lama pidana tidak dapat dibaca"):
        parse_sentence(text)
    rows = [["1", "B.I 1/2024", "X", "narapidana", "A", "1", "2024-01-01", text, *[""] * 6]]
    result = parse_sdp_file(sdp_csv(rows=rows), "a.csv")
    assert not result.ok
    (error,) = result.errors
    assert (error.row, error.column) == (2, "lama_pidana")
    assert "2 Tahun 6 Bulan 15 Hari" in error.message


def test_sentence_text_and_sentence_numbers_together_are_refused():
    data = b"no_registrasi,nama,status_hukum,lama_pidana,pidana_tahun\nB.I 1/2024,X,narapidana,,\n"
    result = parse_sdp_file(data, "a.csv")
    assert "pakai salah satu" in result.errors[0].message


@pytest.mark.django_db
def test_life_and_death_sentences_are_stored_without_duration(petugas):
    commit_sdp_import(data=sdp_csv(), filename="sdp.csv", by=petugas)
    joko = Inmate.objects.get(registration_number="B.I 9/2020")
    assert joko.sentence_kind == "seumur_hidup"
    assert (joko.sentence_years, joko.expiry_date, joko.stage_one_third) == (None, None, None)
    assert Inmate.objects.get(registration_number="B.I 1/2019").get_sentence_kind_display() == (
        "Pidana mati"
    )


@pytest.mark.django_db
def test_an_empty_cell_never_erases_a_stored_value(petugas):
    commit_sdp_import(data=sdp_csv(), filename="sdp.csv", by=petugas)
    rows = [list(SDP_ROWS[0])]
    rows[0][13] = ""  # the PIN cell
    rows[0][4] = ""  # the block
    rows[0][8] = ""  # the remisi
    plan = plan_sdp_import(data=sdp_csv(rows=rows), filename="again.csv")
    assert plan.ok
    assert [r.registration_number for r in plan.unchanged] == ["B.I 123/2024"]
    commit_sdp_import(data=sdp_csv(rows=rows), filename="again.csv", by=petugas)
    budi = Inmate.objects.get(registration_number="B.I 123/2024")
    assert (budi.device_pin, budi.block, budi.remisi_days) == ("101", "A", 30)


@pytest.mark.django_db
def test_a_column_absent_from_the_file_is_left_alone(petugas):
    commit_sdp_import(data=sdp_csv(), filename="sdp.csv", by=petugas)
    data = b"NO. REGISTRASI;NAMA WBP;STATUS HUKUM;KAMAR\nB.I 123/2024;BUDI SANTOSO;narapidana;9\n"
    commit_sdp_import(data=data, filename="kamar.csv", by=petugas)
    budi = Inmate.objects.get(registration_number="B.I 123/2024")
    assert (budi.cell, budi.device_pin, budi.sentence_years, budi.block) == ("9", "101", 2, "A")


@pytest.mark.django_db
def test_preview_shows_old_and_new_values_and_counts_each_kind_of_row(petugas):
    commit_sdp_import(data=sdp_csv(rows=SDP_ROWS[:3]), filename="sdp.csv", by=petugas)
    rows = [list(r) for r in SDP_ROWS]
    rows[0][5] = "7"  # Budi moves to cell 7
    rows[1][7] = "3 tahun"  # Andi's sentence changes
    rows[3][3] = "bukan status"  # Rudi's row is refused
    plan = plan_sdp_import(data=sdp_csv(rows=rows), filename="b.csv")
    assert (len(plan.creates), len(plan.updates), len(plan.unchanged), plan.refused) == (1, 2, 1, 1)
    budi, andi = plan.updates
    assert budi.changes == [("kamar", "3", "7")]
    assert ("pidana (tahun)", "2", "3") in andi.changes
    assert ("pidana (bulan)", "6", "0") in andi.changes


@pytest.mark.django_db
def test_import_page_states_the_empty_cell_rule(petugas_client):
    response = petugas_client.get("/pembinaan/wbp/impor/")
    assert "Sel kosong tidak menghapus" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_export_then_import_changes_nothing(petugas, kind):
    commit_sdp_import(data=sdp_csv(), filename="sdp.csv", by=petugas)
    rows = list(export_rows(on=date(2025, 7, 1)))
    assert sorted(rows[0]) == sorted(EXPORT_COLUMNS)
    if kind == "csv":
        stream = io.StringIO(newline="")
        write_sdp_csv(rows, stream, delimiter=";")
        data = stream.getvalue().encode()
    else:
        from pembinaan.sdp import write_sdp_xlsx

        data = write_sdp_xlsx(rows)
    plan = plan_sdp_import(data=data, filename=f"ekspor.{kind}")
    assert plan.ok, [str(e) for e in plan.errors]
    assert (len(plan.creates), len(plan.updates), len(plan.unchanged)) == (0, 0, 5)
