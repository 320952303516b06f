"""What attendance does when pembinaan announces a change (see `pembinaan.signals`).

Thin adapters: the rules live in `absensi.services`.
"""

from django.dispatch import receiver

from absensi.services import derive_for_pin, on_session_cancelled, on_session_uncancelled
from pembinaan.models import Inmate, Session
from pembinaan.signals import device_pin_changed, session_cancelled, session_uncancelled
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
