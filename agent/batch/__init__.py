"""Bulk filing from spreadsheets: every valid row filed exactly once, resumable after any crash.

The pieces, each with one job: `inputs` reads rows, `plan` validates them all before a browser
starts, `ledger` remembers every row's state durably, `reconcile` asks the portal what a crash
left unknown, `workers` files rows in parallel (`schedule` hands them out, `failures` decides what
a failed attempt costs), `progress` shows it, and `results`, `report_html` and `junit` write what
happened. `ports` is all the batch knows of the runner; `run` ties the pieces together for the CLI.
"""
