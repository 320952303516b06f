"""Forms of the pembinaan app: they validate and normalise input only."""
