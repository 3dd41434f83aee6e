"""The performance benchmark behind `manage.py bench` (`make bench`).

- `seed.py`: the data (a bulk loader on purpose, using the app's own rules);
- `pages.py`: what is measured, each page with the text that proves it shows the data;
- `databases.py`: the throw-away databases (1/10 size and a full-size copy);
- `measure.py`: in-process timing (Django's test client), the import and the digest;
- `http.py`: the same pages over real HTTP through gunicorn, and requests per second;
- `printing.py`: the tables and their verdicts against the targets;
- `urls.py`, `server_settings.py`: the floor page, for both ways of measuring.

It lives in `coaching` because the project's top-level layout is fixed (two apps and
`config`); nothing in the running site imports it.
"""
