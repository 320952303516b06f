"""Rows of the monthly program report (`rutan/laporan/monthly_programs.html`), built in Python.

A regional office reports on ~300 programs a month; as a template loop each row cost ~0.13 ms
(fifteen look-ups, ten `|angka` filters), a third of the report's time. This tag gives the
same HTML (tests/rutan/test_report_rows.py), each value read and escaped once.
"""

from django import template
from django.utils.formats import localize
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from rutan.numbers import angka

register = template.Library()


def _cell(text: str) -> str:
    return f'\n        <td class="text-end">{text}</td>'


@register.simple_tag
def monthly_program_rows(rows: list[dict]) -> SafeString:
    """One `<tr>` per program row of `monthly_program_report`."""
    out = []
    for number, row in enumerate(rows, start=1):
        program = row["program"]
        instructor = program.instructor
        on_time = angka(row["on_time"])
        if row["on_time_percent"] is not None:
            on_time += f" ({escape(localize(row['on_time_percent']))}%)"
        rate = row["attendance_percent"]
        kind = escape(program.get_instructor_type_display())
        out.append(
            "\n      <tr>"
            f"\n        <td>{number}</td>"
            f'\n        <td>{escape(program.name)}<div class="text-muted">'
            f"{escape(program.art_form)}</div></td>"
            f"\n        <td>{escape(instructor) if instructor else '–'}"
            f'<div class="text-muted">{kind}</div></td>'
            + _cell(angka(row["participants"]))
            + _cell(angka(row["planned"]))
            + _cell(angka(row["held"]))
            + _cell(angka(row["cancelled"]))
            + _cell(angka(row["pending"]))
            + _cell(on_time)
            + _cell(f"{angka(row['present'])} / {angka(row['recorded'])}")
            + _cell("–" if rate is None else f"{escape(localize(rate))}%")
            + _cell(angka(row["attendees"]))
            + "\n      </tr>\n    "
        )
    return mark_safe("".join(out))  # noqa: S308 - every value is escaped or a formatted figure


@register.simple_tag
def recap_rows(rows: list) -> SafeString:
    """The attendance recap's `<tr>` rows: (inmate, cells) pairs of `attendance_recap`, one
    code per session. ~100 participants × a month of sessions: as a template loop each row
    cost ~0.15 ms, most of the page."""
    out = []
    for number, (inmate, cells) in enumerate(rows, start=1):
        place = escape(inmate.block) + (f"/{escape(inmate.cell)}" if inmate.cell else "")
        codes = "".join(f'<td class="cell">{escape(code)}</td>' for code in cells)
        out.append(
            "\n      <tr>"
            f"\n        <td>{number}</td>"
            f'\n        <td>{escape(inmate.name)}<div class="text-muted">'
            f"{escape(inmate.registration_number)}</div></td>"
            f"\n        <td>{place}</td>"
            f"\n        {codes}"
            f'\n        <td class="text-end">{angka(inmate.present)}</td>'
            f'<td class="text-end">{angka(inmate.absent)}</td>'
            "\n      </tr>\n    "
        )
    return mark_safe("".join(out))  # noqa: S308 - every value is escaped or a formatted figure
