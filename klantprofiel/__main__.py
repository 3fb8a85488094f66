"""`python -m klantprofiel` runs the same CLI as the console script."""

from klantprofiel.cli.app import main

main()
