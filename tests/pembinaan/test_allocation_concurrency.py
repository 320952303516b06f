"""Two concurrent allocations cannot exceed a program's capacity.

Real threads with their own database connections, committing for real (transactional_db):
`allocate_inmates` locks the program row (SELECT … FOR UPDATE on PostgreSQL; on SQLite the
settings open every transaction IMMEDIATE, which takes the write lock at BEGIN, and the test
database is a file, as in production, so the second writer waits instead of failing).
"""

import threading

import pytest
from django.db import connections

from pembinaan import services
from pembinaan.models import Allocation
from tests.pembinaan import planning_factories as f


def _race(program_pk: int, inmate_pks: list[int], user_pk: int) -> list:
    from pembinaan.models import Program
    from rutan.models import User

    barrier = threading.Barrier(len(inmate_pks))
    results: list = []
    errors: list = []

    def worker(inmate_pk: int) -> None:
        try:
            program = Program.objects.get(pk=program_pk)
            user = User.objects.get(pk=user_pk)
            barrier.wait(timeout=10)
            outcome = services.allocate_inmates(program=program, inmates=[inmate_pk], by=user)
            results.append(outcome)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(pk,)) for pk in inmate_pks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    return results


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_allocations_cannot_exceed_capacity():
    program = f.program(capacity=1)
    inmates = [f.inmate(), f.inmate()]
    results = _race(program.pk, [i.pk for i in inmates], program.created_by_id)
    assert Allocation.objects.filter(program=program).count() == 1
    assert sorted(len(r.created) for r in results) == [0, 1]
    refused = [reason for r in results for _, reason in r.refused]
    assert refused == ["Kapasitas program penuh (1 peserta)."]
