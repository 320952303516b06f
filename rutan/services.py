"""Service functions shared by every app."""
