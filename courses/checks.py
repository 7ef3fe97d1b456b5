"""System checks of the courses app, run by `python manage.py check --deploy`."""

from django.core.checks import Warning, register

from courses.videos import ffmpeg_installed


@register(deploy=True)
def check_ffmpeg(app_configs, **kwargs) -> list[Warning]:
    """Uploaded videos get their smaller copies from ffmpeg (courses/videos.py)."""
    if ffmpeg_installed():
        return []
    return [
        Warning(
            "ffmpeg or ffprobe is not installed: uploaded videos get no smaller copies, and "
            "trainees on weak connections are offered only the original.",
            hint="Install Debian's ffmpeg (`make video`) on the machines that run the task "
            "workers; see docs/lessons.md.",
            id="courses.W001",
        )
    ]
