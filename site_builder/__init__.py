"""Registry of cooperation agreements of Indonesian correctional institutions."""

__version__ = "0.1.0"
