"""The interview in the core: where it stands (`state`) and how it goes from start to store (`flow`).

No terminal here: the CLI's prompts ask each step and hand the answer back to an `Interview`.
"""

from klantprofiel.interview.flow import Interview, Session, save_answers
from klantprofiel.interview.state import InterviewState, Step

__all__ = ["Interview", "InterviewState", "Session", "Step", "save_answers"]
