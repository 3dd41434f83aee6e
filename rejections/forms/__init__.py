"""Forms for applications, follow-ups, interviews and offers: one module per area."""
