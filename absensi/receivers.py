"""What attendance does when pembinaan announces a change (see `pembinaan.signals`).

Thin adapters: the rules live in `absensi.services`.
"""

from django.dispatch import receiver

from absensi.services import on_session_cancelled, on_session_uncancelled
from pembinaan.models import Session
from pembinaan.signals import session_cancelled, session_uncancelled
from rutan.models import User


@receiver(session_cancelled, dispatch_uid="absensi.session_cancelled")
def mark_cancelled(sender, *, session: Session, by: User, **kwargs) -> None:
    on_session_cancelled(session=session, by=by)


@receiver(session_uncancelled, dispatch_uid="absensi.session_uncancelled")
def unmark_cancelled(sender, *, session: Session, by: User, **kwargs) -> None:
    on_session_uncancelled(session=session, by=by)
