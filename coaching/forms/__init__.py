"""Forms for people (sign-up, settings, worksheets), coaches and the log-in page."""
