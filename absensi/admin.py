"""Admin of the absensi app (data fixes by admins)."""
