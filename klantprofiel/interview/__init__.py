"""The interview in the core: where it stands (`state`) and how it goes from start to store (`flow`).

No terminal here: the CLI's prompts ask each step and hand the answer back to an `Interview`.
"""

from klantprofiel.interview.flow import Interview, Session, Start, save_answers
from klantprofiel.interview.last import Last, last_interview
from klantprofiel.interview.state import InterviewState, Step

__all__ = ["Interview", "InterviewState", "Last", "Session", "Start", "Step", "last_interview", "save_answers"]
