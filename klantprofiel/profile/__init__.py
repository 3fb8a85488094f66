"""The advice-approach profile: its data model and its derivation from answers by rules."""
