"""Classroom commands: the offline wheelhouse, the projector page, a local JupyterHub and its rehearsal."""
