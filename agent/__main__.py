"""`python -m agent`: the same CLI as `dvc-agent`."""

from agent.cli import main

main()
