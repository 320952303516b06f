"""Arts programs and partners (mitra)."""

from django.core.exceptions import ValidationError
from django.db import transaction

from pembinaan.models import (
    Partner,
    Program,
)
from pembinaan.services.common import set_fields
from rutan.models import User

# --- Programs --------------------------------------------------------------------------------

PROGRAM_FIELDS = (
    "name",
    "art_form",
    "description",
    "instructor_type",
    "instructor_user",
    "instructor_inmate",
    "instructor_partner",
    "venue",
    "capacity",
    "target_classes",
    "session_minutes",
    "status",
)


def _clear_other_instructors(program: Program) -> None:
    """Keep only the instructor matching the type (the form may post all three)."""
    kinds = {
        "petugas": "instructor_user",
        "wbp": "instructor_inmate",
        "mitra": "instructor_partner",
    }
    for kind, name in kinds.items():
        if kind != program.instructor_type:
            setattr(program, name, None)


def create_program(*, by: User, **values) -> Program:
    """Create a program (status aktif unless given)."""
    program = Program(created_by=by)
    set_fields(program, PROGRAM_FIELDS, values)
    _clear_other_instructors(program)
    program.full_clean()
    with transaction.atomic():
        program.save()
    return program


def update_program(*, program: Program, by: User, **values) -> Program:
    """Change a program. Capacity cannot go below the number of current participants."""
    with transaction.atomic():
        program = Program.objects.select_for_update().get(pk=program.pk)
        set_fields(program, PROGRAM_FIELDS, values)
        _clear_other_instructors(program)
        program.full_clean()
        current = program.allocations.active().count()
        if program.capacity < current:
            raise ValidationError(
                {
                    "capacity": f"Kapasitas tidak boleh kurang dari jumlah peserta saat ini "
                    f"({current})."
                }
            )
        program.save()
    return program


def save_partner(*, by: User, partner: Partner | None = None, **values) -> Partner:
    """Create or change an outside partner (mitra)."""
    partner = partner or Partner()
    set_fields(partner, ("person_name", "organisation", "phone", "notes", "is_active"), values)
    partner.full_clean()
    with transaction.atomic():
        partner.save()
    return partner
