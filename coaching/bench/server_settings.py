"""Settings for the gunicorn the benchmark starts: production's, on a bench database.

Everything comes from config.settings (DEBUG=0, the manifest static storage, JIT off…);
only the database name, where collected static files are, and the URLconf with the floor
page differ, read from the environment the benchmark gives the server it starts. Without
those variables (a module sweep importing every module) it changes nothing but the URLconf,
and it never changes config.settings' own dictionaries.
"""

import os

from config.settings import *  # noqa: F403
from config.settings import DATABASES as _DATABASES
from config.settings import STATIC_ROOT as _STATIC_ROOT

DATABASES = {
    **_DATABASES,
    "default": {
        **_DATABASES["default"],
        "NAME": os.environ.get("BENCH_DATABASE_NAME", _DATABASES["default"]["NAME"]),
    },
}
STATIC_ROOT = os.environ.get("BENCH_STATIC_ROOT", _STATIC_ROOT)
ROOT_URLCONF = "coaching.bench.urls"
