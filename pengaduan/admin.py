"""Admin of the pengaduan app (data fixes by admins)."""
