from tests.matrix import STAFF_PERSONAS, Url


def objects() -> dict:
    return {}


URLS = [
    Url("home", public=True),
    # A logged-in user is sent on to the dashboard.
    Url("login", public=True, status_for={p: 302 for p in STAFF_PERSONAS}),
    Url("dashboard", roles=STAFF_PERSONAS),
    Url("logout", public=True, method="POST"),
]
