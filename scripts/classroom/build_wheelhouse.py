"""Build a wheelhouse: every wheel the course needs, so a room can install it with no network.

    python scripts/classroom/build_wheelhouse.py                  # Python 3.11-3.13, this platform
    python scripts/classroom/build_wheelhouse.py --platform all   # ...and Windows, macOS, Linux
    python scripts/classroom/build_wheelhouse.py --from-installed # offline: repack this environment

Then, on each laptop (no index needed):

    python -m pip install --no-index --find-links wheelhouse "parallel-tool-calling-course[classroom]"

The default mode asks the package index once, on the instructor's machine, for binary wheels of
the exact tested versions in constraints.txt (``pip download --only-binary=:all:`` per Python
version and platform). ``--from-installed`` needs no network at all: it repacks the distributions
already installed in the running environment (same versions, this Python and platform only).
The wheelhouse also holds the course notebooks as a zip and a README with these steps.
"""
from __future__ import annotations

import argparse
import base64
import csv
import hashlib
import io
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import zipfile
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROJECT = "parallel-tool-calling-course"
PYTHONS = ("3.11", "3.12", "3.13")
# Platform tags per laptop family. pip does not widen manylinux tags by itself, so list them.
PLATFORMS: dict[str, tuple[str, ...]] = {
    "linux-x86_64": ("manylinux_2_28_x86_64", "manylinux_2_17_x86_64", "manylinux2014_x86_64",
                     "manylinux_2_5_x86_64", "manylinux1_x86_64", "linux_x86_64"),
    "linux-aarch64": ("manylinux_2_28_aarch64", "manylinux_2_17_aarch64", "manylinux2014_aarch64"),
    "macos-arm64": ("macosx_14_0_arm64",),          # pip widens macOS tags down to 10.x itself
    "macos-x86_64": ("macosx_14_0_x86_64",),
    "windows-amd64": ("win_amd64",),
}
BUILD_TOOLS = ("setuptools>=69", "wheel")


def run(cmd: list[str], **kwargs) -> None:
    """Run a command, echoing it first, and stop with its exit status if it fails."""
    print("+", " ".join(cmd), flush=True)
    subprocess.run(cmd, check=True, **kwargs)


def pip(*args: str) -> list[str]:
    return [sys.executable, "-m", "pip", "--disable-pip-version-check", *args]


# --- online: pip download for every supported Python -------------------------------------------

def download(dest: Path, pythons: list[str], platforms: list[str], extras: str) -> list[str]:
    """Fetch binary wheels of the tested versions for each Python version and platform.

    Returns the combinations that failed (a pinned version without a wheel there); the others
    are still fetched, so one missing wheel doesn't cost the whole wheelhouse.
    """
    failed = []
    for py in pythons:
        # pip reads "3.11" as 3.11.0, and some pinned wheels need a later patch release
        # (soupsieve 4.1 needs 3.11.5): check Requires-Python against an up-to-date patch.
        full = py if py.count(".") >= 2 else f"{py}.99"
        for family in platforms:
            tags = [] if family == "current" else [f"--platform={tag}" for tag in PLATFORMS[family]]
            try:
                run(pip("download", "--dest", str(dest), "--only-binary=:all:",
                        f"--python-version={full}", "--implementation=cp", *tags,
                        "--constraint", str(ROOT / "constraints.txt"),
                        "--find-links", str(dest), f"{PROJECT}{extras}"))
            except subprocess.CalledProcessError:
                failed.append(f"Python {py} on {family}")
    return failed


def build_project_wheel(dest: Path, offline: bool) -> None:
    """Build this course's own wheel into the wheelhouse (from a clean copy of the sources)."""
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "src"
        src.mkdir()
        for name in ("pyproject.toml", "README.md", "course", "widgets"):
            path = ROOT / name
            if path.is_dir():
                shutil.copytree(path, src / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
            elif path.exists():
                shutil.copy2(path, src / name)
        index = ["--no-index", "--find-links", str(dest)] if offline else []
        run(pip("wheel", "--no-deps", "--wheel-dir", str(dest), *index, str(src)))


# --- offline: repack the distributions installed in this environment ---------------------------

def _b64_digest(data: bytes) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def _wheel_name(name: str) -> str:
    return re.sub(r"[-_.]+", "_", name)


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _tags(wheel_text: str) -> str:
    """The compressed tag triple for a wheel file name, from a WHEEL file's Tag lines."""
    tags = [line.split(":", 1)[1].strip() for line in wheel_text.splitlines() if line.startswith("Tag:")]
    if not tags:
        return "py3-none-any"
    parts = [sorted({t.split("-")[i] for t in tags}) for i in range(3)]
    return "-".join(".".join(p) for p in parts)


def _closure(roots: list[str]) -> list[metadata.Distribution]:
    """The installed distributions needed by the requirement strings in `roots`, extras included."""
    from packaging.requirements import Requirement

    installed = {_canonical(d.metadata["Name"]): d for d in metadata.distributions()}
    seen: dict[str, set[str]] = {}
    todo = [Requirement(r) for r in roots]
    while todo:
        req = todo.pop()
        key = _canonical(req.name)
        extras = set(req.extras)
        if key in seen and extras <= seen[key]:
            continue
        seen[key] = seen.get(key, set()) | extras
        dist = installed.get(key)
        if dist is None:
            raise SystemExit(f"{req.name} is needed but not installed in this environment "
                             f"({sys.prefix}); install the course there first.")
        for spec in dist.requires or []:
            sub = Requirement(spec)
            envs = [{"extra": e} for e in seen[key]] or [{"extra": ""}]
            if sub.marker is None or any(sub.marker.evaluate(env) for env in envs):
                todo.append(sub)
    return [installed[k] for k in sorted(seen)]


def repack(dist: metadata.Distribution, dest: Path) -> Path | None:
    """Rebuild a wheel from an installed distribution's RECORD; None if it was not installed from one."""
    info = Path(str(dist._path))  # type: ignore[attr-defined]
    if info.suffix != ".dist-info" or (info / "direct_url.json").exists() and \
            '"editable": true' in (info / "direct_url.json").read_text():
        return None
    site = info.parent
    prefix = Path(sys.prefix).resolve()
    name, version = dist.metadata["Name"], dist.version
    data_dir = f"{_wheel_name(name)}-{version}.data"
    wheel_text = (info / "WHEEL").read_text() if (info / "WHEEL").exists() else \
        "Wheel-Version: 1.0\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    console = {ep.name for ep in dist.entry_points if ep.group in ("console_scripts", "gui_scripts")}
    skip_info = {"RECORD", "INSTALLER", "REQUESTED", "direct_url.json"}
    target = dest / f"{_wheel_name(name)}-{version}-{_tags(wheel_text)}.whl"
    rows: list[tuple[str, str, str]] = []
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as wheel:
        for row in csv.reader(io.StringIO((info / "RECORD").read_text())):
            if not row or not row[0]:
                continue
            rel = row[0]
            source = (site / rel).resolve()
            if "__pycache__" in rel or rel.endswith(".pyc") or not source.is_file():
                continue
            if rel.startswith(info.name + "/"):
                if rel.split("/", 1)[1] in skip_info:
                    continue
                arcname = rel
            elif rel.startswith("../"):
                try:
                    under_prefix = source.relative_to(prefix).as_posix()
                except ValueError:
                    continue
                scheme, _, rest = under_prefix.partition("/")
                if scheme in ("bin", "Scripts"):
                    if Path(rest).stem in console or rest in console:
                        continue  # pip writes console scripts itself, for the new environment
                    arcname = f"{data_dir}/scripts/{rest}"
                else:
                    arcname = f"{data_dir}/data/{under_prefix}"
            else:
                arcname = rel
            data = source.read_bytes()
            if arcname.startswith(f"{data_dir}/scripts/") and data.startswith(b"#!") and b"python" in data.split(b"\n", 1)[0]:
                data = b"#!python\n" + data.split(b"\n", 1)[1]
            info_zip = zipfile.ZipInfo(arcname, date_time=(2020, 1, 1, 0, 0, 0))
            info_zip.external_attr = (source.stat().st_mode & 0o777 | 0o100000) << 16
            info_zip.compress_type = zipfile.ZIP_DEFLATED
            wheel.writestr(info_zip, data, compresslevel=1)
            rows.append((arcname, f"sha256={_b64_digest(data)}", str(len(data))))
        record_name = f"{info.name}/RECORD"
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerows(rows)
        writer.writerow((record_name, "", ""))
        wheel.writestr(zipfile.ZipInfo(record_name, date_time=(2020, 1, 1, 0, 0, 0)), out.getvalue())
    return target


def project_requirements(extras: str) -> list[str]:
    """This course's requirements, read from pyproject.toml (installed metadata may be stale)."""
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = [e.strip() for e in extras.strip("[]").split(",") if e.strip()]
    optional = project.get("optional-dependencies", {})
    missing = [e for e in wanted if e not in optional]
    if missing:
        raise SystemExit(f"pyproject.toml has no extra {missing}; it has {sorted(optional)}")
    return [*project["dependencies"], *(r for e in wanted for r in optional[e])]


def from_installed(dest: Path, extras: str) -> None:
    """Repack every installed distribution the course needs (this Python, this platform)."""
    project = _canonical(PROJECT)
    count = 0
    for dist in _closure(project_requirements(extras)):
        if _canonical(dist.metadata["Name"]) == project:
            continue  # built fresh from the sources instead
        if repack(dist, dest) is None:
            print(f"  skipped {dist.metadata['Name']} (not installed from a wheel)", flush=True)
        else:
            count += 1
    print(f"repacked {count} installed distributions into {dest}", flush=True)


def have_build_tools(dest: Path) -> bool:
    """Whether the wheelhouse can build the course offline (setuptools>=69 and wheel)."""
    names = [p.name.lower() for p in dest.glob("*.whl")]
    def version_of(prefix: str) -> tuple[int, ...] | None:
        for n in names:
            if n.startswith(prefix + "-"):
                return tuple(int(x) for x in re.findall(r"\d+", n.split("-")[1])[:2])
        return None
    st = version_of("setuptools")
    return st is not None and st >= (69,) and version_of("wheel") is not None


# --- the rest of the wheelhouse ----------------------------------------------------------------

def add_notebooks(dest: Path) -> None:
    """Zip the learner notebooks next to the wheels: the room needs them as much as the code."""
    lessons = ROOT / "lessons"
    if not lessons.is_dir():
        print("  (no lessons/ folder yet: notebooks not added)")
        return
    target = dest / "course-notebooks.zip"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(lessons.rglob("*.ipynb")):
            if ".ipynb_checkpoints" not in path.parts:
                archive.write(path, Path("parallel-tool-calling-course") / path.relative_to(ROOT))


README = """\
Offline wheelhouse for the parallel tool calling course
=======================================================

Python {pythons}, platforms: {platforms}.

On each laptop (no internet needed), with Python 3.11.5 or newer (3.11, 3.12 or 3.13):

    python -m venv course-env
    course-env/bin/python -m pip install --no-index --find-links . "{project}[classroom]"
        (Windows: course-env\\Scripts\\python -m pip install --no-index --find-links . "{project}[classroom]")

Unzip course-notebooks.zip, then from its folder:

    course-env/bin/jupyter lab lessons/00_index.ipynb

Run the pip command from this folder (or replace "." with the folder's path).
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dest", type=Path, default=ROOT / "wheelhouse", help="output folder")
    parser.add_argument("--python", nargs="+", default=list(PYTHONS), help="Python versions (X.Y)")
    parser.add_argument("--platform", nargs="+", default=["current"],
                        help="'current', 'all', or any of: " + ", ".join(PLATFORMS))
    parser.add_argument("--extras", default="[classroom]", help="extras to include, e.g. '[classroom]' or ''")
    parser.add_argument("--from-installed", action="store_true",
                        help="no network: repack this environment's installed distributions")
    args = parser.parse_args(argv)
    dest: Path = args.dest.resolve()
    dest.mkdir(parents=True, exist_ok=True)
    platforms = list(PLATFORMS) if args.platform == ["all"] else args.platform
    unknown = [p for p in platforms if p != "current" and p not in PLATFORMS]
    if unknown:
        parser.error(f"unknown platform {unknown}; choose from current, all, {', '.join(PLATFORMS)}")

    failed: list[str] = []
    if args.from_installed:
        from_installed(dest, args.extras)
        for tool in BUILD_TOOLS:
            try:
                from_installed_tool(dest, tool)
            except LookupError:
                pass
        if not have_build_tools(dest):
            print("  setuptools>=69 and wheel are not installed here: downloading them, to build "
                  "the course wheel (the only download in this mode)", flush=True)
            run(pip("download", "--dest", str(dest), "--only-binary=:all:", *BUILD_TOOLS))
        build_project_wheel(dest, offline=True)
        pythons, fams = [f"{sys.version_info.major}.{sys.version_info.minor}"], ["this machine"]
    else:
        build_project_wheel(dest, offline=False)
        failed = download(dest, args.python, platforms, args.extras)
        pythons, fams = args.python, ["this machine" if p == "current" else p for p in platforms]
    add_notebooks(dest)
    (dest / "README.txt").write_text(README.format(pythons=", ".join(pythons),
                                                   platforms=", ".join(fams), project=PROJECT))
    wheels = sorted(dest.glob("*.whl"))
    size = sum(p.stat().st_size for p in wheels) / 1e6
    print(f"\nwheelhouse ready: {len(wheels)} wheels, {size:.0f} MB in {dest}")
    print(f'install with: python -m pip install --no-index --find-links {dest.name} "{PROJECT}{args.extras}"')
    if failed:
        print("\nNOT COMPLETE for: " + "; ".join(failed) + ".\nA pinned version in constraints.txt "
              "has no binary wheel there (pip's message above names it); laptops of that kind "
              "would need a compiler, or a different pin.", file=sys.stderr)
        return 1
    return 0


def from_installed_tool(dest: Path, requirement: str) -> None:
    """Repack a build tool if a new enough version is installed here."""
    from packaging.requirements import Requirement

    req = Requirement(requirement)
    try:
        dist = metadata.distribution(req.name)
    except metadata.PackageNotFoundError as exc:
        raise LookupError(requirement) from exc
    if not req.specifier.contains(dist.version, prereleases=True):
        raise LookupError(requirement)
    repack(dist, dest)


if __name__ == "__main__":
    sys.exit(main())
