"""Models of the pengaduan app."""
