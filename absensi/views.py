"""Views of the absensi app: thin function views that check a named permission."""
