"""``formcheck batch``: a backlog of client videos, analysed in parallel, resumable.

:mod:`.inputs` finds the files and their exercises, :mod:`.task` analyses one file (the
same function in-process, in a local worker process or as a Ray task), :mod:`.ledger`
remembers what is finished, :mod:`.local` and :mod:`.cluster` run the tasks.
"""
