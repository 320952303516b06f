"""What attendance does when pembinaan announces a change (see `pembinaan.signals`), and the
attendance summary's recount of a single entry saved or deleted outside the services.

Thin adapters: the rules live in `absensi.services`.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from absensi.models import Attendance
from absensi.services import on_session_cancelled, on_session_uncancelled
from absensi.summary import recount_sessions
from pembinaan.models import Session
from pembinaan.signals import session_cancelled, session_uncancelled
from rutan.models import User


@receiver(session_cancelled, dispatch_uid="absensi.session_cancelled")
def mark_cancelled(sender, *, session: Session, by: User, **kwargs) -> None:
    on_session_cancelled(session=session, by=by)


@receiver(session_uncancelled, dispatch_uid="absensi.session_uncancelled")
def unmark_cancelled(sender, *, session: Session, by: User, **kwargs) -> None:
    on_session_uncancelled(session=session, by=by)


# One entry saved or deleted outside the services (which recount set-based themselves): the
# Django admin, the shell, a data fix, a per-row delete. Bulk writes send no signal.
@receiver(post_save, sender=Attendance, dispatch_uid="absensi.summary.saved")
def recount_saved(sender, *, instance: Attendance, raw: bool = False, **kwargs) -> None:
    if not raw:
        recount_sessions([instance.session_id])


@receiver(post_delete, sender=Attendance, dispatch_uid="absensi.summary.deleted")
def recount_deleted(sender, *, instance: Attendance, **kwargs) -> None:
    recount_sessions([instance.session_id])
