"""Headless Chromium (Debian's `chromium`, installed by `make chromium`) for the tests that render pages."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest


def executable() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        pytest.skip(
            "Debian's chromium is not installed and `make chromium` could not install it here (needs root and apt-get)"
        )
    return found


def _run(args: list[str], timeout: int = 120) -> subprocess.CompletedProcess:
    cmd = [
        executable(),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--hide-scrollbars",
        "--user-data-dir=/tmp/chromium-tests-profile",
        *args,
    ]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)


def dump_dom(url: str, wait_ms: int = 8000) -> str:
    """The page's DOM after its scripts ran (virtual time lets timers and rendering settle)."""
    proc = _run([f"--virtual-time-budget={wait_ms}", "--dump-dom", url])
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout


def screenshot(url: str, out: Path, size: str = "1280,2200", wait_ms: int = 5000) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.unlink(missing_ok=True)
    proc = _run([f"--virtual-time-budget={wait_ms}", f"--window-size={size}", f"--screenshot={out}", url])
    assert proc.returncode == 0 and out.exists(), proc.stderr[-2000:]
    return out


def png_colours(path: Path, sample: int = 4000) -> int:
    """How many distinct colours a sample of the PNG's pixels has (a blank page has one or two)."""
    import struct
    import zlib

    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, width, height, bpp = 8, b"", 0, 0, 4
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        chunk = data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour_type = struct.unpack(">IIBB", chunk[:10])
            bpp = {2: 3, 6: 4}.get(colour_type, 4) * depth // 8
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * bpp + 1
    seen = set()
    # unfiltered bytes of filter-type-0 rows are the pixels; other rows still vary with the content
    for row in range(0, height, max(1, height // 200)):
        line = raw[row * stride + 1 : (row + 1) * stride]
        for x in range(0, len(line) - bpp, max(bpp, (len(line) // 20) // bpp * bpp)):
            seen.add(line[x : x + bpp])
        if len(seen) > sample:
            break
    return len(seen)
