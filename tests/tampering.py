"""Submissions that attack the tests from inside the kernel (issue 22), for 04_coroutines.

Each case answers ``shout`` wrongly (it returns the word unchanged) and tries to make its
test pass anyway through a door of IPython, ``sys``, builtins, the harness or the guard
itself; every other answer is correct.  What each must get: 0 for ``test_shout`` and full
marks elsewhere (the restored pipeline runs the tests as written), and a flag for manual
grading whose reason contains ``flag`` -- the grader never rewards, and never hides, code
that reaches into it.
"""

from __future__ import annotations

from dataclasses import dataclass

from answers.ch04_coroutines import CORRECT, FULL
from submissions import Variant

CHAPTER = "04_coroutines"
WRONG_SHOUT = "async def shout(word):\n    return word\n"


@dataclass
class Attack:
    code: str
    flag: str  # a fragment of the reason the submission is flagged with
    why: str
    #: the guard itself was put out of action: no test result of the notebook can be trusted
    untrusted: bool = False

    def variant(self) -> Variant:
        shout = self.code if "async def shout" in self.code else self.code + WRONG_SHOUT
        expected = {test: 0 for test in FULL} if self.untrusted else {**FULL, "test_shout": 0}
        return Variant({**CORRECT, "shout": shout}, expected)


PATCH = (
    "import autograder, autograder.checks\n"
    "def _always_pass(*args, **kwargs):\n"
    "    return None\n"
)

ATTACKS = {
    "input_transformer": Attack(
        'get_ipython().input_transformers_cleanup.append(lambda lines: ["pass\\n"])\n',
        "get_ipython", "every later cell, the tests included, becomes `pass` (the one-line attack of issue 22)"),
    "input_transformer_post": Attack(
        'get_ipython().input_transformers_post.append(lambda lines: ["pass\\n"])\n',
        "get_ipython", "the same, one stage later"),
    "ast_transformer": Attack(
        "import ast\n"
        "class _Empty(ast.NodeTransformer):\n"
        "    def visit_Module(self, node):\n"
        "        node.body = [ast.Pass()]\n"
        "        return node\n"
        "get_ipython().ast_transformers.append(_Empty())\n",
        "get_ipython", "every later cell's syntax tree emptied"),
    "event_callback": Attack(
        PATCH + "def _patch(*args):\n"
                "    autograder.checks.assert_result = autograder.assert_result = _always_pass\n"
                "get_ipython().events.register('pre_run_cell', _patch)\n",
        "get_ipython", "re-patches the checks just before each cell runs, after any restoring"),
    "custom_exception_handler": Attack(
        "get_ipython().set_custom_exc((Exception,), lambda shell, etype, value, tb, tb_offset=None: None)\n",
        "get_ipython", "swallows every error a test raises"),
    "trace_hook": Attack(
        PATCH + "import sys\n"
                "def _trace(frame, event, arg):\n"
                "    autograder.checks.assert_result = autograder.assert_result = _always_pass\n"
                "sys.settrace(_trace)\n",
        "sys.settrace", "a tracing hook that re-patches the checks on every call"),
    "fake_autograder_module": Attack(
        "import sys, types, autograder\n"
        "_fake = types.ModuleType('autograder')\n"
        "_fake.__dict__.update(vars(autograder))\n"
        "_fake.assert_result = lambda *args, **kwargs: None\n"
        "sys.modules['autograder'] = _fake\n",
        "sys.modules", "a module of its own in place of the harness"),
    "stdlib_patched": Attack(
        "import inspect\n"
        "inspect.isawaitable = lambda value: True\n"
        "import autograder.checks\n"
        "autograder.checks.fail_check = lambda *args, **kwargs: None\n",
        "inspect.isawaitable", "patches the standard library and the function every check fails through"),
    "guard_bypassed": Attack(
        "_kernel = get_ipython().kernel\n"
        "_kernel.do_execute = type(_kernel).do_execute.__get__(_kernel)\n"
        'get_ipython().input_transformers_cleanup.append(lambda lines: ["pass\\n"])\n',
        "kernel", "puts the kernel's own do_execute back in place of the grader's guard, then the one-line attack "
                  "(the guard's restore after the answer cell puts the guard back)"),
    "guard_found_with_gc": Attack(
        "import gc\n"
        "for _o in gc.get_objects():\n"
        "    if type(_o).__name__ == 'Guard':\n"
        "        _o.tests = frozenset()\n"
        'get_ipython().input_transformers_cleanup.append(lambda lines: ["pass\\n"])\n',
        "garbage collector", "finds the guard through gc and tells it there are no tests", untrusted=True),
    "obfuscated": Attack(
        "exec(bytes.fromhex('" + 'get_ipython().input_transformers_cleanup.append(lambda lines: ["pass\\n"])'
        .encode().hex() + "').decode())\n",
        "exec", "the one-line attack, hidden from a reader"),
    "equals_everything": Attack(
        "class _Loud(str):\n"
        "    def __eq__(self, other):\n"
        "        return True\n"
        "    __hash__ = str.__hash__\n"
        "async def shout(word):\n"
        "    return _Loud(word)\n",
        "__eq__", "returns a str subclass that says it equals anything"),
}
