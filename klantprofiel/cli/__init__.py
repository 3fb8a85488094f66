"""The Typer app: parses arguments, prompts, renders. All logic lives in the core modules."""
