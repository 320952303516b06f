import pytest


@pytest.fixture
def captcha_passes(settings):
    """django-simple-captcha's test mode: the answer "PASSED" is accepted (tests only)."""
    settings.CAPTCHA_TEST_MODE = True
