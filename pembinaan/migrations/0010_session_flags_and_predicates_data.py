"""Existing rows follow the new rules.

- Held sessions get their three time flags computed from their recorded times (the settings
  in force at migration time: SESSION_START_TOLERANCE_MINUTES, SESSION_MIN_MINUTES);
  `overran` is recomputed too.
- A participant's result with a score gets the predikat of its band (86–100 A, 71–85 B,
  56–70 C, 0–55 D); a predikat alone, without a score, is kept.

Rows are updated with `update()`, so no history rows are added: the migration is documented
here instead (the history still shows how each row was recorded before).
"""

from datetime import timedelta

from django.conf import settings
from django.db import migrations

BANDS = ((86, "A"), (71, "B"), (56, "C"), (0, "D"))


def predicate_for(score: int) -> str:
    return next(predicate for lowest, predicate in BANDS if score >= lowest)


def flags(session) -> dict:
    """The same rule as pembinaan.services.sessions.time_flags, frozen here."""
    tolerance = timedelta(minutes=getattr(settings, "SESSION_START_TOLERANCE_MINUTES", 15))
    minimum = timedelta(minutes=getattr(settings, "SESSION_MIN_MINUTES", 30))
    slot = session.planned_end - session.planned_start
    lasted = session.actual_end - session.actual_start
    return {
        "overran": lasted > slot,
        "start_off_time": abs(session.actual_start - session.planned_start) > tolerance,
        "too_short": lasted < min(minimum, slot),
    }


def forwards(apps, schema_editor):
    Session = apps.get_model("pembinaan", "Session")
    ParticipantResult = apps.get_model("pembinaan", "ParticipantResult")
    held = Session.objects.filter(actual_start__isnull=False, actual_end__isnull=False).only(
        "pk", "planned_start", "planned_end", "actual_start", "actual_end"
    )
    for session in held.iterator(chunk_size=2000):
        Session.objects.filter(pk=session.pk).update(**flags(session))
    for lowest, predicate in BANDS:
        highest = 100 if predicate == "A" else next(
            low - 1 for low, p in reversed(BANDS) if low > lowest
        )
        ParticipantResult.objects.filter(score__gte=lowest, score__lte=highest).exclude(
            predicate=predicate
        ).update(predicate=predicate)


class Migration(migrations.Migration):
    dependencies = [("pembinaan", "0009_session_time_flags_certificates")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
