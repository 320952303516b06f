"""Events pembinaan announces to the apps that build on it (it imports none of them).

Each signal is sent inside the transaction that made the change, so a receiver's writes
commit or roll back with it. Receivers are connected in their app's `AppConfig.ready()`.
"""

from django.dispatch import Signal

# A session was cancelled: kwargs `session` (the saved Session) and `by` (the user).
session_cancelled = Signal()
# A cancelled session was put back on the schedule: kwargs `session` and `by`.
session_uncancelled = Signal()
# An inmate's finger-scan PIN was set, changed or removed: kwargs `inmate` (saved), `old_pin`
# and `new_pin` (str or None) and `by` (the user).
device_pin_changed = Signal()
