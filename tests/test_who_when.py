"""The who/when fields are listed in `klantprofiel/who_when.py`; the few places that must name
them one by one (a typed row, a file format's model, a copy's columns) are held to that list here,
so a field added there cannot be missed by the store, import or export."""

from __future__ import annotations

from klantprofiel.io import column_map, import_record
from klantprofiel.profile.record import StoredCustomer, StoredMeta
from klantprofiel.store import copy
from klantprofiel.store.protocol import StoredInterview
from klantprofiel.who_when import CUSTOMER_FIELDS, MEETING_FIELDS, STORED_FIELDS


def test_a_stored_interview_names_the_who_when_fields_in_their_order():
    """`StoredInterview.meta` and the stores' column lists read them by position after his name."""
    start = StoredInterview._fields.index("customer") + 1
    assert StoredInterview._fields[start:start + len(STORED_FIELDS)] == STORED_FIELDS


def test_the_record_import_and_the_column_map_take_every_who_when_field():
    customer = set(CUSTOMER_FIELDS[1:])
    assert customer <= set(StoredCustomer.model_fields) and customer <= set(import_record.ImportCustomer.model_fields)
    assert customer <= set(column_map.CustomerMap.model_fields)
    assert set(MEETING_FIELDS) <= set(StoredMeta.model_fields) and set(MEETING_FIELDS) <= set(import_record.ImportInterview.model_fields)
    assert tuple(column_map.InterviewMap.model_fields) == MEETING_FIELDS


def test_a_store_copy_copies_every_who_when_field():
    assert set(STORED_FIELDS) <= set(copy.TABLES["interviews"])
