"""The conversion engine: a validated request, keys and their bad rows, and the bases."""
