"""The campaign of issue 9: hostile inputs by class, each run through the real command line.

``attempts`` is the table (one :class:`~campaign.harness.Attempt` per row: a class, what
it tries, how its scratch folder is set up, the ``clearflow`` arguments); ``harness`` runs
one in a fresh folder, in-process or as a subprocess with a timeout (special files,
permissions, concurrency), and records its outcome: a clear error, success, an internal
error, a hang, or data changed (a file or the store differs, other than the declared
outputs of a command that succeeded). ``test_campaign`` asserts every attempt is a clear
error or success; ``benchmarks/run_campaign.py`` prints the counts by class and writes them
as JSON.
"""
