"""Question sets: the file format, its checks, and finding the built-in sets."""
