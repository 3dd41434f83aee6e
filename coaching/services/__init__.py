"""Every write a person makes in `coaching`, one module per thing written.

Each function is keyword-only and one transaction; views read a form, call one function
here, show a message and redirect. Writes to a seeker's applications and follow-ups are
`rejections.services`.

- `connections`: a coach's invitation sent, answered or cancelled; a link ended.
- `worksheets`: save a worksheet (draft or complete) and keep its next-step follow-up in
  step; delete one.
- `comments`: post, edit within the window, delete.
- `suggestions`: a coach's suggested follow-up, or an action agreed in a session.
- `notes`: a coach's private notes and session log.
- `goals`: set and end weekly goals.
- `notifications`: email choices, the one-click unsubscribes, marking as read.
"""
