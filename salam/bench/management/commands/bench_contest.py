"""`python manage.py bench_contest`: the contest's figures on this machine: processing time per
minute of 720p video (ffmpeg to 720p and 360p H.264/AAC, poster, strip) and the throughput of
the resumable chunked upload (the site's request path, in a rolled-back transaction)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser

from salam.bench.contest import measure_processing, measure_upload


class Command(BaseCommand):
    help = "Time the contest's video processing and chunked upload."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seconds", type=int, default=30, help="length of the 720p video")
        parser.add_argument("--upload-mib", type=int, default=256, help="bytes uploaded, MiB")
        parser.add_argument("--chunk-mib", type=int, default=8, help="chunk size, MiB")

    def handle(
        self, *args: object, seconds: int, upload_mib: int, chunk_mib: int, **options: object
    ) -> None:
        from salam.contest import media

        missing = media.available()
        if missing:
            raise CommandError(f"{', '.join(missing)} not installed (apt-get install ffmpeg)")
        processing = measure_processing(seconds)
        self.stdout.write(
            f"processing: {processing.seconds_of_video:.1f} s of 720p video in "
            f"{processing.processing_seconds:.1f} s = "
            f"{processing.per_minute:.1f} s per minute of video"
        )
        upload = measure_upload(upload_mib * 1024 * 1024, chunk_mib * 1024 * 1024)
        self.stdout.write(
            f"upload: {upload.bytes_sent / 1024 / 1024:.0f} MiB in "
            f"{upload.chunk_bytes // 1024 // 1024} MiB chunks in {upload.seconds:.2f} s = "
            f"{upload.mib_per_second:.1f} MiB/s"
        )
