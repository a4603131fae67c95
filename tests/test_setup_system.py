"""``tests/setup-system.sh``: what ``make test`` and CI install, and when they stop.

The script runs here against a fake system: a ``bin`` folder on ``PATH``
holding stand-ins for the tools it probes (``java``, ``node``...), for ``id``
(root or not), ``sudo`` (with or without a password) and ``apt-get`` (which
logs its calls and "installs" by creating the stand-ins), and the browser,
font and library cache at paths the script is told to probe. Nothing on the
real machine is installed or removed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from contrib_project import MAKE, make_project

from conftest import PROJECT

SCRIPT = PROJECT / "tests" / "setup-system.sh"
BASH = "/bin/bash"
#: the stand-ins run with nothing else on PATH
CHMOD = shutil.which("chmod")

#: package -> the probe it satisfies: a command on PATH, or a file
COMMANDS = {
    "default-jre-headless": "java",
    "nodejs": "node",
    "npm": "npm",
    "poppler-utils": "pdftoppm",
    "make": "make",
}
LIBRARIES = {
    "libpango-1.0-0": "libpango-1.0.so.0",
    "libpangoft2-1.0-0": "libpangoft2-1.0.so.0",
}
EVERYTHING = ["chromium", *COMMANDS, "fonts-dejavu-core", *LIBRARIES]


def executable(path: Path, text: str) -> None:
    path.write_text("#!/bin/bash\n" + text, encoding="utf-8")
    path.chmod(0o755)


class FakeSystem:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.bin = root / "bin"
        self.bin.mkdir(parents=True)
        self.log = root / "apt.log"
        self.libraries = root / "ld.so.cache.txt"
        self.libraries.write_text("", encoding="utf-8")
        self.chromium = root / "chromium"
        self.font = root / "DejaVuSans.ttf"
        # (builtins only: PATH holds nothing but the stand-ins)
        executable(root / "ldconfig", f'printf "%s\\n" "$(<"{self.libraries}")"\n')
        # apt-get "installs" a package by making its probe succeed
        installs = "\n".join(
            f"    {package}) {self.install_command(package)} ;;" for package in EVERYTHING
        )
        executable(
            self.bin / "apt-get",
            f'echo "${{SUDO_RAN:+sudo }}apt-get $*" >> "{self.log}"\n'
            f'[[ -e "{root}/apt-fails" ]] && exit 100\n'
            "[[ $1 == install ]] || exit 0\n"
            f'[[ -e "{root}/apt-installs-nothing" ]] && exit 0\n'
            'for package in "$@"; do\n'
            "  case $package in\n"
            f"{installs}\n"
            "  esac\n"
            "done\n",
        )
        self.user(0)

    def install_command(self, package: str) -> str:
        if package == "chromium":
            return f'printf "#!/bin/sh\\n" > "{self.chromium}"; {CHMOD} +x "{self.chromium}"'
        if package == "fonts-dejavu-core":
            return f': > "{self.font}"'
        if package in LIBRARIES:
            return f'printf "\\t{LIBRARIES[package]} (libc6,x86-64) => /x\\n" >> "{self.libraries}"'
        path = self.bin / COMMANDS[package]
        return f'printf "#!/bin/sh\\n" > "{path}"; {CHMOD} +x "{path}"'

    def user(self, uid: int, sudo: str | None = None) -> None:
        """Who runs the script: ``sudo`` is None (no sudo), "password" or "nopassword"."""
        executable(self.bin / "id", f"[[ $1 == -u ]] && echo {uid}\n")
        sudo_path = self.bin / "sudo"
        if sudo is None:
            sudo_path.unlink(missing_ok=True)
        elif sudo == "password":
            executable(sudo_path, 'echo "sudo: a password is required" >&2\nexit 1\n')
        else:
            # sudo -n [VAR=value...] command...: run it, marking the log
            executable(
                sudo_path,
                'shift\nwhile [[ $1 == *=* ]]; do export "$1"; shift; done\nSUDO_RAN=1 "$@"\n',
            )

    def install(self, *packages: str) -> None:
        subprocess.run([BASH, "-c", "; ".join(self.install_command(p) for p in packages)])

    def remove_apt(self) -> None:
        (self.bin / "apt-get").unlink()

    def environment(self) -> dict[str, str]:
        return {
            "PATH": str(self.bin),
            "HOME": str(self.root),
            "BRIEFING_CHROMIUM": str(self.chromium),
            "BRIEFING_FONT": str(self.font),
            "BRIEFING_LDCONFIG": str(self.root / "ldconfig"),
        }

    def run(self) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [BASH, str(SCRIPT)],
            env=self.environment(),
            capture_output=True,
            text=True,
            timeout=60,
        )

    def apt_calls(self) -> list[str]:
        return self.log.read_text().splitlines() if self.log.exists() else []


@pytest.fixture
def system(tmp_path: Path) -> FakeSystem:
    return FakeSystem(tmp_path)


def test_nothing_missing_installs_nothing_and_says_nothing(system) -> None:
    system.install(*EVERYTHING)
    result = system.run()
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    assert system.apt_calls() == []


def test_as_root_it_updates_then_installs_only_what_is_missing(system) -> None:
    system.install(*[p for p in EVERYTHING if p not in ("chromium", "default-jre-headless")])
    result = system.run()
    assert result.returncode == 0, result.stderr
    assert system.apt_calls() == [
        "apt-get update -qq",
        "apt-get install -y -qq --no-install-recommends chromium default-jre-headless",
    ]
    assert result.stderr == (
        "setup-system: installing chromium default-jre-headless with apt-get\n"
    )
    # the next run finds everything
    assert system.run().returncode == 0
    assert len(system.apt_calls()) == 2


def test_on_a_bare_machine_every_package_is_named(system) -> None:
    result = system.run()
    assert result.returncode == 0, result.stderr
    assert system.apt_calls()[1] == (
        "apt-get install -y -qq --no-install-recommends chromium default-jre-headless "
        "nodejs npm fonts-dejavu-core libpango-1.0-0 libpangoft2-1.0-0 poppler-utils make"
    )


def test_without_root_or_passwordless_sudo_one_message_and_a_failure(system) -> None:
    system.install(*[p for p in EVERYTHING if p not in ("chromium", "poppler-utils")])
    for sudo, why in ((None, "there is no sudo"), ("password", "sudo asks for a password")):
        system.user(1000, sudo)
        result = system.run()
        assert result.returncode == 1
        assert result.stdout == ""
        assert result.stderr == (
            "The tests need system packages that are missing: chromium poppler-utils.\n"
            f"This user cannot install them (not root, and {why}). "
            "Install them, then run `make test` again:\n\n"
            "    sudo apt-get update && sudo apt-get install -y --no-install-recommends "
            "chromium poppler-utils\n\n"
            "(On a system without apt-get, install the same tools with its package "
            "manager.)\n"
        )
    assert system.apt_calls() == []


def test_passwordless_sudo_installs_as_root_does(system) -> None:
    system.install(*[p for p in EVERYTHING if p != "fonts-dejavu-core"])
    system.user(1000, "nopassword")
    result = system.run()
    assert result.returncode == 0, result.stderr
    assert system.apt_calls() == [
        "sudo apt-get update -qq",
        "sudo apt-get install -y -qq --no-install-recommends fonts-dejavu-core",
    ]


def test_when_apt_get_fails_or_cannot_help_it_stops_with_the_message(system) -> None:
    system.install(*[p for p in EVERYTHING if p != "npm"])
    (system.root / "apt-fails").touch()
    failed = system.run()
    assert failed.returncode == 1
    assert "apt-get could not install them" in failed.stderr
    assert "--no-install-recommends npm\n" in failed.stderr

    (system.root / "apt-fails").unlink()
    (system.root / "apt-installs-nothing").touch()
    still = system.run()
    assert still.returncode == 1
    assert "apt-get ran, but these are still missing." in still.stderr

    system.remove_apt()
    none = system.run()
    assert none.returncode == 1
    assert "There is no apt-get here to install them with." in none.stderr


def test_make_test_stops_before_pytest_when_the_setup_fails(tmp_path: Path) -> None:
    """The Makefile's wiring: `system` runs first, and its failure ends `make test`."""
    root = make_project(tmp_path / "project")
    (root / "tests").mkdir()
    (root / "tests" / "setup-system.sh").write_text(SCRIPT.read_text(encoding="utf-8"))
    system = FakeSystem(tmp_path / "system")
    system.install(*[p for p in EVERYTHING if p != "chromium"])
    system.user(1000, "password")
    executable(system.bin / "make", f'exec "{_real("make")}" "$@"\n')
    environment = {**os.environ, **system.environment()}
    environment["PATH"] = f"{system.bin}:{os.environ['PATH']}"
    # pytest would leave its cache here if it ran
    result = subprocess.run(
        [*MAKE, "test"],
        cwd=root,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "missing: chromium." in result.stderr
    assert "pytest" not in result.stdout + result.stderr
    assert not (root / ".pytest_cache").exists()
    assert not (root / "tests" / "a11y").exists()  # npm ci did not run either


def _real(command: str) -> str:
    found = shutil.which(command)
    assert found, f"{command} is needed to run this test"
    return found
