"""Builds pks_yamlc from pks_yamlc.c against the system's libyaml (Debian: libyaml-dev), with the
SHA-256 of that source compiled in: yamlread uses the module only while it equals the hash of
native/pks_yamlc.c in the checkout, so an edited but not rebuilt source never gives a verdict."""

import hashlib
from pathlib import Path

from setuptools import Extension, setup

SOURCE = "pks_yamlc.c"
digest = hashlib.sha256((Path(__file__).resolve().parent / SOURCE).read_bytes()).hexdigest()

setup(
    ext_modules=[
        Extension(
            "pks_yamlc",
            sources=[SOURCE],
            libraries=["yaml"],
            define_macros=[("PKS_SOURCE_SHA256", f'"{digest}"')],
            extra_compile_args=["-O2", "-Wall", "-Wextra", "-Werror=implicit-function-declaration"],
        )
    ]
)
