"""Getting a job into Reframe quickly: a posting's link, a bookmarklet, a shared page, an email.

fetch.py reads a page safely (SSRF rules), postings.py turns it into a prefill for the
new-application form, sanitise.py turns a posting's HTML into plain text, emails.py
recognises what a pasted employer email is.
"""
