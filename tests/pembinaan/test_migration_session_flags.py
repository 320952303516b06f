"""Migration 0007 computes the time flags of the sessions held and the predikat of each score
for the rows that existed before; 0008 then holds score and predikat together."""

from datetime import date, datetime, time, timedelta

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from pembinaan.models import ParticipantResult, Session, SessionStatus
from tests.pembinaan import planning_factories as f

BEFORE = ("pembinaan", "0009_session_time_flags_certificates")
AFTER = ("pembinaan", "0011_participantresult_score_matches_predicate")


def _migrate(target) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([target])


@pytest.mark.django_db(transaction=True)
def test_existing_sessions_get_their_flags_and_scores_their_predikat(settings):
    settings.SESSION_START_TOLERANCE_MINUTES = 15
    settings.SESSION_MIN_MINUTES = 30
    _migrate(BEFORE)
    try:
        day = date(2026, 3, 2)
        start = timezone.make_aware(datetime.combine(day, time(10, 0)))
        plan = f.plan()
        early_and_short = f.session(
            plan_=plan,
            day=day,
            at=time(10, 0),
            status=SessionStatus.FINISHED,
            actual_start=start - timedelta(hours=2, minutes=50),  # 07:10 for a 10:00 slot
            actual_end=start - timedelta(hours=2, minutes=49),
        )
        kept = f.session(
            plan_=plan,
            day=day + timedelta(days=7),
            at=time(10, 0),
            status=SessionStatus.FINISHED,
            actual_start=start + timedelta(days=7, minutes=5),
            actual_end=start + timedelta(days=7, minutes=45),
        )
        member = f.allocation(program_=plan.program)
        other = f.allocation(program_=plan.program)
        alone = f.allocation(program_=plan.program)
        by = plan.program.created_by
        ParticipantResult.objects.bulk_create(
            [
                ParticipantResult(
                    session=kept, inmate=member.inmate, score=93, predicate="B", updated_by=by
                ),
                ParticipantResult(
                    session=kept, inmate=other.inmate, score=71, predicate="A", updated_by=by
                ),
                ParticipantResult(session=kept, inmate=alone.inmate, predicate="C", updated_by=by),
            ]
        )
    finally:
        _migrate(AFTER)

    early_and_short = Session.objects.get(pk=early_and_short.pk)
    assert early_and_short.start_off_time and early_and_short.too_short
    assert not early_and_short.overran
    assert Session.objects.get(pk=kept.pk).on_time
    predicates = dict(ParticipantResult.objects.values_list("inmate_id", "predicate"))
    assert predicates == {member.inmate_id: "A", other.inmate_id: "B", alone.inmate_id: "C"}
    with pytest.raises(IntegrityError), transaction.atomic():
        ParticipantResult.objects.filter(inmate=member.inmate).update(predicate="D")
