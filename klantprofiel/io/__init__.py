"""Reading and writing files: export records, import records, Markdown briefs."""
