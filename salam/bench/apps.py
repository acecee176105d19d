from django.apps import AppConfig


class BenchConfig(AppConfig):
    """The benchmarks, reached only through their `bench_*` management commands."""

    name = "salam.bench"
    label = "bench"
    verbose_name = "Benchmarks"
