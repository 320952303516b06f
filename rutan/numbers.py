"""Figures as Indonesians write them: 30.147 (a point groups thousands), 81,5 (a decimal comma).

Django's ``USE_THOUSAND_SEPARATOR`` is left off: turned on, it would group every number a
template prints, including primary keys and years in links and form values (``/wbp/1.234/``,
``2.026``). Figures a person reads are formatted explicitly instead: ``{{ n|angka }}`` in a
template (``{% load angka %}``), ``angka(n)`` in Python (job summaries, messages).

Part of rutan's base: imports no app.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.utils import numberformat

THOUSAND_SEPARATOR = "."
DECIMAL_SEPARATOR = ","


def angka(value, decimals: int | None = None) -> str:
    """``30147`` → "30.147"; ``1234.5`` → "1.234,5"; ``decimals`` fixes the decimal places.

    ``None`` and "" give ""; text that is not a number is returned as it is.
    """
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return str(value)
    if not isinstance(value, (int, float, Decimal)):
        try:
            value = Decimal(str(value).strip())
        except ArithmeticError:
            return str(value)
    if decimals is not None and not isinstance(value, int):
        # Django's formatter cuts the extra places off; a figure is rounded (half up).
        value = Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return numberformat.format(
        value,
        DECIMAL_SEPARATOR,
        decimal_pos=decimals,
        grouping=3,
        thousand_sep=THOUSAND_SEPARATOR,
        force_grouping=True,
        use_l10n=False,
    )
