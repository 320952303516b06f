"""Service functions of the absensi app: every state change goes through here."""
