"""JSON Schemas of the file formats we read and write, generated from the pydantic models."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def questionset_schema() -> dict[str, Any]:
    from klantprofiel.questionset.model import QuestionSet

    schema = QuestionSet.model_json_schema(by_alias=True)
    schema["title"] = "klantprofiel question set"
    return schema


def profile_schema() -> dict[str, Any]:
    from klantprofiel.profile.record import InterviewRecord

    schema = InterviewRecord.model_json_schema()
    schema["title"] = "klantprofiel exported interview"
    return schema


def answers_schema() -> dict[str, Any]:
    from klantprofiel.io.import_record import ImportRecord

    schema = ImportRecord.model_json_schema()
    schema["title"] = "klantprofiel import record"
    return schema


def map_schema() -> dict[str, Any]:
    from klantprofiel.io.column_map import MapFile

    schema = MapFile.model_json_schema(by_alias=True)
    schema["title"] = "klantprofiel column map (import --map)"
    return schema


SCHEMAS: dict[str, Callable[[], dict[str, Any]]] = {
    "questionset": questionset_schema,
    "profile": profile_schema,
    "answers": answers_schema,
    "map": map_schema,
}
