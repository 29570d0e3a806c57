"""The grading sandbox: a Jupyter kernel whose launcher limits what student code can do.

``aiocourse-grader`` is an ordinary kernel spec whose command is
``python -m autograder.sandbox.launch -- python -m ipykernel_launcher -f {connection_file}``:
the launcher applies :class:`SandboxLimits` (CPU seconds, address space, processes, file
size; as root also a network namespace and hidden course files) and then execs ipykernel,
so the limits hold for the kernel and everything it starts.  nbgrader's autograde uses it
through ``c.Execute.kernel_name`` in ``nbgrader_config.py``; see docs/grading.md.
"""

from .kernelspec import KERNEL_NAME, ensure_kernelspec, install_kernelspec
from .limits import ENV_VAR, SandboxLimits

__all__ = ["KERNEL_NAME", "ENV_VAR", "SandboxLimits", "ensure_kernelspec", "install_kernelspec"]
