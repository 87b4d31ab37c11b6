"""Anfragen fixtures: people of two authorities and the Geschäftsstelle."""

import pytest


@pytest.fixture
def board(db, user_factory, behoerde_factory):
    """The people the request tests need (named as in the board tests they came from)."""
    essen = behoerde_factory("Polizeipräsidium Essen")
    ge = behoerde_factory("Stadt Gelsenkirchen")
    return {
        "leitung": user_factory(
            behoerde=essen, first_name="Lea", last_name="Leitner", email="lea.leitner@pp-essen.de"
        ),
        "mitglied": user_factory(
            behoerde=ge, first_name="Mats", last_name="Mitglied", email="mats@gelsenkirchen.de"
        ),
        "aussen": user_factory(
            behoerde=ge, first_name="Anna", last_name="Aussen", email="anna.aussen@gelsenkirchen.de"
        ),
        "gs": user_factory("geschaeftsstelle", first_name="Gerd", last_name="Geschäft"),
    }
