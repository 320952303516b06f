"""The README's deployment commands are the ones CI runs (deploy/ci-check.sh, `make ops-check`).

The script holds the commands word for word (README_COMMANDS) and fails when the README or
docs/deployment.md differ; this test catches the drift in the ordinary suite, without the
several minutes of an install."""

import re

from django.conf import settings

ROOT = settings.BASE_DIR
SCRIPT = (ROOT / "deploy" / "ci-check.sh").read_text()


def commands_in(path, heading: str) -> list[str]:
    """The shell blocks of one Markdown section, without comments and blank lines."""
    text = path.read_text()
    section = text[text.index(heading) :]
    end = re.search(r"^## ", section[len(heading) :], flags=re.MULTILINE)
    section = section[: len(heading) + end.start()] if end else section
    lines = []
    for block in re.findall(r"^```sh\n(.*?)^```", section, flags=re.MULTILINE | re.DOTALL):
        for line in block.splitlines():
            line = re.sub(r"\s*#.*$", "", line).rstrip()
            if line:
                lines.append(line)
    return lines


def script_commands() -> list[str]:
    return re.search(r"^README_COMMANDS='(.*?)'$", SCRIPT, flags=re.MULTILINE | re.DOTALL)[
        1
    ].splitlines()


def test_readme_and_deployment_guide_give_the_commands_ci_checks():
    assert commands_in(ROOT / "README.md", "## Deployment") == script_commands()
    assert commands_in(ROOT / "docs" / "deployment.md", "## Install") == script_commands()


def test_ci_runs_the_install_and_first_admin_commands_as_written():
    install = next(c for c in script_commands() if "install.sh" in c)
    options = install.split("install.sh", 1)[1].strip()  # --host pembinaan.rutanmagetan.go.id
    assert re.search(r'"\$SRC/deploy/install.sh" --prefix "\$PREFIX" ' + re.escape(options), SCRIPT)
    assert "sudo rutan-manage createsuperuser" in script_commands()
    assert re.search(r'"\$MANAGE" createsuperuser --noinput', SCRIPT)
