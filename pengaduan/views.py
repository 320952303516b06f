"""Views of the pengaduan app: thin function views that check a named permission."""
