"""Events pembinaan announces to the apps that build on it (it imports none of them).

Each signal is sent inside the transaction that made the change, so a receiver's writes
commit or roll back with it. Receivers are connected in their app's `AppConfig.ready()`.
"""

from dataclasses import dataclass

from django.dispatch import Signal

# A session was cancelled: kwargs `session` (the saved Session) and `by` (the user).
session_cancelled = Signal()
# A cancelled session was put back on the schedule: kwargs `session` and `by`.
session_uncancelled = Signal()
# An inmate's finger-scan PIN was set, changed or removed: kwargs `inmate` (saved), `old_pin`
# and `new_pin` (str or None) and `by` (the user).
device_pin_changed = Signal()
# A session's actual start and end were recorded or corrected after the fact: kwargs
# `session` and `by` (finger-scan punches inside the new window can count at once).
session_times_recorded = Signal()

# pembinaan asks the app that keeps attendance for the marks of some sessions: kwargs
# `session_ids` (ids, or a queryset of ids) and `inmate_ids` (ids, or None for everyone).
# A receiver returns a list of `AttendanceMark`. Read through
# `pembinaan.services.attendance_marks`, which merges the answers; with no receiver connected
# every participant is simply "not recorded".
attendance_requested = Signal()


@dataclass(frozen=True)
class AttendanceMark:
    """One inmate's recorded attendance at one session, as pembinaan needs to know it."""

    session_id: int
    inmate_id: int
    status: str
    label: str
    attended: bool  # counts as having taken part (Hadir)
