"""The pure register modules and the Inmate model must agree on names, choices and lengths."""

from pembinaan import registration, sdp, stages
from pembinaan.models import (
    STAGE_CHOICES,
    Inmate,
    InmateClass,
    LegalStatus,
    RegistrationStatus,
)


def test_class_and_stage_choices_match_the_model():
    assert InmateClass.choices == stages.CLASS_CHOICES
    assert stages.STAGE_CHOICES == STAGE_CHOICES
    assert LegalStatus.choices == stages.LEGAL_STATUS_CHOICES


def test_registration_statuses_match_the_model():
    assert RegistrationStatus.choices == registration.STATUS_CHOICES


def test_every_parsed_attribute_is_an_inmate_field():
    fields = {f.name for f in Inmate._meta.get_fields()}
    assert set(sdp.FIELD_FOR_COLUMN.values()) <= fields


def test_the_parser_never_accepts_text_longer_than_the_model_holds():
    for column, limit in sdp.MAX_LENGTHS.items():
        field = Inmate._meta.get_field(sdp.FIELD_FOR_COLUMN[column])
        assert limit <= field.max_length, column
    number_field = Inmate._meta.get_field("registration_number")
    assert number_field.max_length >= registration.REGISTRATION_NUMBER_MAX_LENGTH


def test_the_parser_never_accepts_numbers_larger_than_the_model_holds():
    for column in sdp.INTEGER_COLUMNS:
        field = Inmate._meta.get_field(sdp.FIELD_FOR_COLUMN[column])
        assert field.get_internal_type() in {"PositiveSmallIntegerField", "PositiveIntegerField"}
    assert sdp.INTEGER_MAX <= 32767
