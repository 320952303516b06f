"""The Content-Security-Policy every HTML page must carry (settings.CONTENT_SECURITY_POLICY)."""


def directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    parsed = {}
    for part in header.split(";"):
        name, *values = part.split()
        parsed[name] = values
    return parsed


def assert_csp(response) -> None:
    """Scripts only from our own files: no inline script, no event handler, no eval."""
    assert "Content-Security-Policy" in response, response.get("Content-Type")
    policy = directives(response)
    assert policy["script-src"] == ["'self'"]
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
