from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from salam.library.permissions import can_edit_library, can_manage_rota

pytestmark = pytest.mark.django_db


def test_the_partner_editor_may_edit_inside_its_period(partner_editor, iom_turn):
    assert can_edit_library(partner_editor, now=timezone.now())


def test_the_partner_editor_may_not_edit_outside_its_period(partner_editor, iom_turn):
    after = iom_turn.ends_at + dt.timedelta(minutes=1)
    before = iom_turn.starts_at - dt.timedelta(minutes=1)
    assert not can_edit_library(partner_editor, now=after)
    assert not can_edit_library(partner_editor, now=before)


def test_another_partners_editor_may_not_edit_in_iom_turn(make_person, cmrs, iom_turn):
    cmrs_editor = make_person("carla")
    cmrs.editors.add(cmrs_editor)
    assert not can_edit_library(cmrs_editor, now=timezone.now())
    assert can_edit_library(cmrs_editor, now=iom_turn.ends_at + dt.timedelta(days=1))


def test_the_secretariat_may_always_edit(secretariat):
    assert can_edit_library(secretariat, now=timezone.now() + dt.timedelta(days=999))


def test_outsiders_and_anonymous_may_not_edit(outsider, iom_turn):
    assert not can_edit_library(outsider, now=timezone.now())
    assert not can_edit_library(AnonymousUser(), now=timezone.now())


def test_only_organisers_manage_the_rota(organiser, partner_editor, secretariat):
    assert can_manage_rota(organiser)
    assert not can_manage_rota(partner_editor)
    assert not can_manage_rota(secretariat)
