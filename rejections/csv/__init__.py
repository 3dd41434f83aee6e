"""Applications in and out: CSV and Excel files from Reframe or from other trackers.

- `columns`: the fields, the headings and values other tools use for them, limits.
- `reading`: an upload (any encoding, delimiter, or .xlsx) becomes a `Table` of text.
- `dates`: the dates people's files hold; the day/month order is decided, never guessed.
- `cells`: one cell's value (salary, currency, contacts, an exported history).
- `mapping`: which column fills which field, proposed and then confirmed on a page.
- `checking`: every row read through the mapping, every problem reported; nothing saved.
- `saving`: a confirmed batch becomes applications, timeline, outcomes and contacts (in bulk;
  the import's writes as a whole are `rejections.services.imports`).
- `writing`: the CSV and .xlsx export, and the template.
"""
