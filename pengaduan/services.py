"""Service functions of the pengaduan app: every state change goes through here."""
