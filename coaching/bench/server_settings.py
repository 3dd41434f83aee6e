"""Settings for the gunicorn the benchmark starts: production's, on a bench database.

Everything comes from config.settings (DEBUG=0, the manifest static storage, JIT off…);
only the database name, where collected static files are, and the URLconf with the floor
page differ. Read from the environment the benchmark sets for the server it starts.
"""

import os

from config.settings import *  # noqa: F403
from config.settings import DATABASES

DATABASES["default"]["NAME"] = os.environ["BENCH_DATABASE_NAME"]
STATIC_ROOT = os.environ["BENCH_STATIC_ROOT"]
ROOT_URLCONF = "coaching.bench.urls"
