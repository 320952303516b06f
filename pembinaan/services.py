"""Service functions of the pembinaan app: every state change goes through here."""
