"""The conformance suite: every procedure-route × every scenario, plus the account paths, run
against a deployment (the bundled mock, a staging copy, the live portal at the review page),
judged, scored and reported. README "Conformance suite" tells how to run it.

| module | job |
|---|---|
| `scenarios` | the catalogue: fault plan, counters that must fire, expected outcome, pages needed |
| `routes` | the rows: flows found in `flows/<route>/`, their examples and page traits; account paths |
| `dossiers` | each example filed by the route under test; the refusal's variant |
| `applicability` | which cells run, and the reason for every one that does not |
| `portal_admin` | the mock's admin API: fault plan, counters, what was stored |
| `cell`, `accounts` | run one cell (a filing; a registration or sign-in) and judge it |
| `judge` | the verdict from what was observed (pure) |
| `stored` | the stored dossier against the dossier file |
| `drift` | the drift report: step, locator tried, fallback used, similar names on the page |
| `results` | cells, rows, conformance index and pass rate |
| `suite`, `cli_run` | run the table on one or more targets; the CLI's run |
| `table`, `report_junit`, `report_html` | the terminal table, JUnit XML, the HTML report |
| `pytest_plugin`, `cases` | the same cells under pytest (`-p agent.conformance.pytest_plugin`) |
"""
