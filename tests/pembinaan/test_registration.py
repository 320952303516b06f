import pytest

from pembinaan.registration import (
    NARAPIDANA_REGISTERS,
    STATUS_CHOICES,
    STATUSES,
    TAHANAN_REGISTERS,
    RegistrationNumber,
    normalize_registration_number,
    normalize_status,
    parse_registration_number,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # canonical spellings stay as they are
        ("B.I 123/2024", "B.I 123/2024"),
        ("A.II 7/2025", "A.II 7/2025"),
        ("A.I 1/2020", "A.I 1/2020"),
        ("A.III 10/2021", "A.III 10/2021"),
        ("A.IV 4/2022", "A.IV 4/2022"),
        ("A.V 5/2023", "A.V 5/2023"),
        ("B.IIa 45/2023", "B.IIa 45/2023"),
        ("B.IIb 3/2024", "B.IIb 3/2024"),
        ("B.III 99/2024", "B.III 99/2024"),
        # case
        ("b.i 123/2024", "B.I 123/2024"),
        ("b.iia 45/2023", "B.IIa 45/2023"),
        ("B.IIA 45/2023", "B.IIa 45/2023"),
        ("a.iv 4/2022", "A.IV 4/2022"),
        # spacing, including the non-breaking space of spreadsheets
        ("  B.I   123 / 2024 ", "B.I 123/2024"),
        ("b.i  123 / 2024", "B.I 123/2024"),
        ("B.I\u00a0123/2024", "B.I 123/2024"),
        ("B.I\t123/2024", "B.I 123/2024"),
        ("B.I123/2024", "B.I 123/2024"),
        # the dots may be missing or spaced
        ("BI 123/2024", "B.I 123/2024"),
        ("B I 123/2024", "B.I 123/2024"),
        ("B. I 123/2024", "B.I 123/2024"),
        ("AII 7/2025", "A.II 7/2025"),
        ("B.II.a 45/2023", "B.IIa 45/2023"),
        ("B.II a 45/2023", "B.IIa 45/2023"),
        ("BIIB 3/2024", "B.IIb 3/2024"),
        ("BIII 99/2024", "B.III 99/2024"),
        # leading zeros of the serial are dropped
        ("B.I 007/2024", "B.I 7/2024"),
        ("A.V 0100/2023", "A.V 100/2023"),
        ("B.IIa " + "0" * 30 + "1/2024", "B.IIa 1/2024"),  # long only before normalising
        ("B.IIa " + "1" * 19 + "/2024", "B.IIa " + "1" * 19 + "/2024"),  # 30 characters
    ],
)
def test_accepted_spellings_are_normalised(raw, expected):
    assert normalize_registration_number(raw) == expected


@pytest.mark.parametrize(
    ("raw", "hint"),
    [
        ("A.VI 1/2024", ""),  # no such tahanan register
        ("A.IIa 1/2024", "A.I sampai A.V"),
        ("B.II 1/2024", "B.IIa, B.IIb atau B.III"),  # B.II needs a or b
        ("B.IIc 1/2024", ""),
        ("B.IV 1/2024", "B.IIa, B.IIb atau B.III"),
        ("B.V 1/2024", "B.IIa, B.IIb atau B.III"),
        ("C.I 1/2024", ""),
        ("I 123/2024", ""),
        ("B.I 0/2024", "tidak boleh 0"),
        ("B.I 000/2024", "tidak boleh 0"),
        ("B.I 123/24", ""),  # two-digit year
        ("B.I 123/20245", ""),
        ("B.I 123/1850", "tahun"),
        ("B.I 123/2100", "tahun"),
        ("B.I-123/2024", ""),
        ("B.I 123-2024", ""),
        ("B.I 123", ""),
        ("B.I /2024", ""),
        ("123/2024", ""),
        ("B.I 123/2024 x", ""),
        ("No. B.I 123/2024", ""),
        ("B.I 12a/2024", ""),
        ("B.I ١٢٣/2024", ""),  # non-ASCII digits
        ("B.I " + "1" * 40 + "/2024", "terlalu panjang"),
        ("B.IIa " + "1" * 20 + "/2024", "terlalu panjang"),  # 31 characters once normalised
    ],
)
def test_invalid_numbers_are_refused_in_indonesian(raw, hint):
    with pytest.raises(ValueError) as excinfo:
        normalize_registration_number(raw)
    message = str(excinfo.value)
    assert message.startswith("Nomor registrasi tidak valid: '")
    assert "contoh: B.I 123/2024" in message
    assert hint in message


def test_the_message_quotes_the_input_with_collapsed_spaces():
    with pytest.raises(ValueError, match=r"tidak valid: 'B\.IV 1/2024'"):
        normalize_registration_number("  B.IV   1/2024 ")


@pytest.mark.parametrize("blank", [None, "", "   ", "\u00a0"])
def test_empty_number_is_required(blank):
    with pytest.raises(ValueError, match="Nomor registrasi wajib diisi."):
        normalize_registration_number(blank)


def test_parse_gives_the_parts():
    number = parse_registration_number("b.iib 007/2024")
    assert number == RegistrationNumber(register="B.IIb", serial=7, year=2024)
    assert str(number) == "B.IIb 7/2024"


def test_parsed_numbers_sort_by_register_then_serial_not_as_text():
    numbers = sorted(
        parse_registration_number(raw) for raw in ["B.I 10/2024", "B.I 9/2024", "A.I 100/2024"]
    )
    assert [str(n) for n in numbers] == ["A.I 100/2024", "B.I 9/2024", "B.I 10/2024"]


@pytest.mark.parametrize("register", TAHANAN_REGISTERS)
def test_a_registers_are_tahanan(register):
    assert parse_registration_number(f"{register} 1/2024").legal_status == "tahanan"


@pytest.mark.parametrize("register", NARAPIDANA_REGISTERS)
def test_b_registers_are_narapidana(register):
    assert parse_registration_number(f"{register.lower()} 1/2024").legal_status == "narapidana"


def test_legal_status_for_an_invalid_number_raises():
    with pytest.raises(ValueError):
        parse_registration_number("X 1/2024")


def test_statuses():
    assert STATUSES == ("AKTIF", "BON", "SAKIT", "PINDAH", "BEBAS", "MENINGGAL")
    assert dict(STATUS_CHOICES)["PINDAH"] == "Pindah UPT"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("AKTIF", "AKTIF"),
        ("aktif", "AKTIF"),
        (" Bon ", "BON"),
        ("sakit", "SAKIT"),
        ("PINDAH", "PINDAH"),
        ("pindah  upt", "PINDAH"),
        ("Bebas", "BEBAS"),
        ("meninggal", "MENINGGAL"),
        ("", "AKTIF"),
        ("  ", "AKTIF"),
        (None, "AKTIF"),
    ],
)
def test_normalize_status(raw, expected):
    assert normalize_status(raw) == expected


@pytest.mark.parametrize("raw", ["KABUR", "aktip", "BEBAS BERSYARAT", "1"])
def test_unknown_status_is_refused_in_indonesian(raw):
    with pytest.raises(ValueError, match=rf"Status tidak dikenal: '{raw}' \(gunakan AKTIF, BON"):
        normalize_status(raw)
