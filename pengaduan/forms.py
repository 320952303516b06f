"""Forms of the pengaduan app: they validate and normalise input only."""
