"""What attendance does when pembinaan announces a change (see `pembinaan.signals`), and the
attendance summary's recount of a single entry saved or deleted outside the services.

Thin adapters: the rules live in `absensi.services`.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from absensi.derivation import derive_attendance
from absensi.models import Attendance
from absensi.services import (
    attendance_marks,
    derive_for_pin,
    on_session_cancelled,
    on_session_uncancelled,
)
from absensi.summary import recount_sessions
from pembinaan.models import Inmate, Session
from pembinaan.signals import (
    AttendanceMark,
    attendance_requested,
    device_pin_changed,
    session_cancelled,
    session_times_recorded,
    session_uncancelled,
)
from rutan.models import User


@receiver(session_cancelled, dispatch_uid="absensi.session_cancelled")
def mark_cancelled(sender, *, session: Session, by: User, **kwargs) -> None:
    on_session_cancelled(session=session, by=by)


@receiver(session_uncancelled, dispatch_uid="absensi.session_uncancelled")
def unmark_cancelled(sender, *, session: Session, by: User, **kwargs) -> None:
    on_session_uncancelled(session=session, by=by)


@receiver(device_pin_changed, dispatch_uid="absensi.device_pin_changed")
def count_punches_of_the_new_pin(sender, *, inmate: Inmate, new_pin: str | None, **kwargs) -> int:
    return derive_for_pin(new_pin)


@receiver(attendance_requested, dispatch_uid="absensi.attendance_requested")
def answer_attendance(sender, *, session_ids, inmate_ids=None, **kwargs) -> list[AttendanceMark]:
    return attendance_marks(session_ids=session_ids, inmate_ids=inmate_ids)


@receiver(session_times_recorded, dispatch_uid="absensi.session_times_recorded")
def derive_for_recorded_times(sender, *, session: Session, by: User, **kwargs) -> None:
    derive_attendance(sessions=[session])


# One entry saved or deleted outside the services (which recount set-based themselves): the
# Django admin, the shell, a data fix, a per-row delete. Bulk writes send no signal.
@receiver(post_save, sender=Attendance, dispatch_uid="absensi.summary.saved")
def recount_saved(sender, *, instance: Attendance, raw: bool = False, **kwargs) -> None:
    if not raw:
        recount_sessions([instance.session_id])


@receiver(post_delete, sender=Attendance, dispatch_uid="absensi.summary.deleted")
def recount_deleted(sender, *, instance: Attendance, **kwargs) -> None:
    recount_sessions([instance.session_id])
