"""Test videos made by ffmpeg (Debian's, `make video`): a test pattern with a tone.

Tests that need ffmpeg ask for the `ffmpeg` fixture: without it they are skipped on a
developer's machine and fail in CI (where CI is set), which installs it.
"""

import json
import os
import shutil
import subprocess  # noqa: S404 - ffmpeg and ffprobe, with arguments as a list
from pathlib import Path

import pytest


@pytest.fixture
def ffmpeg():
    if not (shutil.which("ffmpeg") and shutil.which("ffprobe")):
        if os.environ.get("CI"):
            pytest.fail("ffmpeg is not installed in CI (make video installs it)", pytrace=False)
        pytest.skip("ffmpeg is not installed (make video installs Debian's)")


def make_test_video(
    path: Path, *, seconds: float = 2, size: str = "640x480", sound: bool = True, crf: int = 23
) -> Path:
    """An H.264 MP4 of ffmpeg's test pattern (testsrc) with a 440 Hz tone, at `path`."""
    command = ["ffmpeg", "-nostdin", "-v", "error", "-y"]
    command += ["-f", "lavfi", "-i", f"testsrc=duration={seconds}:size={size}:rate=25"]
    if sound:
        command += ["-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds}"]
    command += ["-c:v", "libx264", "-preset", "veryfast", "-crf", str(crf), "-pix_fmt", "yuv420p"]
    command += ["-c:a", "aac", "-shortest"] if sound else []
    subprocess.run([*command, str(path)], check=True, timeout=300)  # noqa: S603
    return path


def probe(path) -> dict:
    """ffprobe's streams of the file: {"video": (width, height) or None, "audio": bool,
    "seconds": float}."""
    command = ["ffprobe", "-v", "error", "-print_format", "json"]
    command += ["-show_streams", "-show_format", str(path)]
    done = subprocess.run(command, check=True, capture_output=True, timeout=60)  # noqa: S603
    found = json.loads(done.stdout)
    videos = [s for s in found["streams"] if s["codec_type"] == "video"]
    return {
        "video": (videos[0]["width"], videos[0]["height"]) if videos else None,
        "audio": any(s["codec_type"] == "audio" for s in found["streams"]),
        "seconds": float(found["format"]["duration"]),
    }


@pytest.fixture(scope="session")
def test_video_bytes(tmp_path_factory) -> bytes:
    """A 2-second 640x480 test video with sound, made once for the session."""
    if not (shutil.which("ffmpeg") and shutil.which("ffprobe")):
        return b""  # the tests asking for it ask for `ffmpeg` too, and are skipped
    return make_test_video(tmp_path_factory.mktemp("video") / "testsrc.mp4").read_bytes()
