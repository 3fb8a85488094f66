"""The who/when fields are listed once, in `klantprofiel/who_when.py`: every other place takes them
from there (the record and import models inherit its models, the store's columns, a store copy,
CSV, the column map and its schema, the views' order). The one place that must name them one by
one, the typed row `StoredInterview` (mypy reads a row's fields from its class body), is held to
that list here, and so are the tables the migrations built and the labels the views show them by,
so a field added to `who_when` cannot be missed by the store, import, export or a view."""

from __future__ import annotations

import sqlite3
from contextlib import closing

from klantprofiel.i18n import catalogue
from klantprofiel.io import column_map, import_record
from klantprofiel.profile.record import StoredCustomer, StoredMeta
from klantprofiel.store import copy, rows
from klantprofiel.store.protocol import StoredInterview
from klantprofiel.who_when import ASKED_AGAIN, CARRIED_OVER, CUSTOMER_FIELDS, MEETING_FIELDS, META_FIELDS, STORED_FIELDS


def test_a_stored_interview_names_the_who_when_fields_in_their_order():
    """`StoredInterview.meta` and the stores' column lists read them by position after his name."""
    start = StoredInterview._fields.index("customer") + 1
    assert StoredInterview._fields[start:start + len(STORED_FIELDS)] == STORED_FIELDS


def test_the_record_import_and_the_column_map_take_every_who_when_field():
    customer = CUSTOMER_FIELDS[1:]
    for model in (StoredCustomer, import_record.ImportCustomer, column_map.CustomerMap):
        assert tuple(model.model_fields)[1:1 + len(customer)] == customer, model
    for model in (StoredMeta, import_record.ImportInterview, column_map.InterviewMap):
        assert tuple(model.model_fields)[:len(MEETING_FIELDS)] == MEETING_FIELDS, model


def test_a_store_copy_copies_every_who_when_field():
    assert set(STORED_FIELDS) <= set(copy.TABLES["interviews"]) == set(rows.STORED_COLUMNS)


def test_the_migrations_made_a_column_for_every_who_when_field(backend, interviewed):
    """A who/when field added to `who_when` needs a migration that adds its column, in each store."""
    interviewed("Jan", {})  # the first interview makes the store
    if backend.kind == "sqlite":
        with closing(sqlite3.connect(backend.path)) as conn:
            columns = {row[1] for row in conn.execute("PRAGMA table_info(interviews)")}
    else:
        with backend.cluster.admin(backend.database) as conn:
            columns = {row[0] for row in conn.execute("SELECT column_name FROM information_schema.columns WHERE table_name = 'interviews'")}
    assert set(rows.STORED_COLUMNS) == columns


def test_what_a_re_interview_keeps_and_asks_again_are_who_when_fields():
    assert set(CARRIED_OVER) <= set(STORED_FIELDS) and set(ASKED_AGAIN) <= set(META_FIELDS)


def test_every_who_when_field_has_words_in_both_languages():
    """The views and the interview show a field by its label (`i18n.t(field)`)."""
    assert [f for f in META_FIELDS if catalogue(f) is None] == []

