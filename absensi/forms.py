"""Forms of the absensi app: they validate and normalise input only."""
