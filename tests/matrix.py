"""The URL × role matrix: every named URL of the project, and which personas may use it.

Each app declares its rows in `tests/<app>/url_matrix.py`:

    def objects() -> dict:           # creates what the URLs need (runs inside the test's db)
        return {"inmate": InmateFactory()}

    URLS = [
        Url("pembinaan:inmate_list", roles={"petugas", "kepala", "admin_user"}),
        Url("pembinaan:inmate_detail", roles=..., kwargs=lambda o: {"pk": o["inmate"].pk}),
        Url("pembinaan:plan_approve", roles={"kepala", "admin_user"}, method="POST", kwargs=...),
        Url("home", public=True),
    ]

`tests/test_url_matrix.py` fails when a named URL has no row, and checks every row for every
persona: allowed → the expected status; anonymous → redirect to the login page; any other
role → 403; GET on a POST-only view → 405.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

PERSONAS = ["anon", "petugas", "kepala", "ulp", "pejabat", "admin_user"]
STAFF_PERSONAS = set(PERSONAS) - {"anon"}


@dataclass(frozen=True)
class Url:
    name: str
    roles: set[str] = field(default_factory=set)
    kwargs: Callable[[dict], dict] | None = None
    method: str = "GET"  # "POST" for views that only accept POST
    public: bool = False  # no login needed; every persona gets `status`
    status: int = 200  # what an allowed persona gets on GET
    status_for: dict[str, int] = field(default_factory=dict)  # per-persona exceptions
    query: str = ""  # query string appended to the URL

    def expected(self, persona: str) -> int:
        return self.status_for.get(persona, self.status)

    def __str__(self) -> str:
        return self.name
