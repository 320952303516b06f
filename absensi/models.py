"""Models of the absensi app."""
