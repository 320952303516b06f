from tests.matrix import Url  # noqa: F401


def objects() -> dict:
    return {}


URLS: list = []
