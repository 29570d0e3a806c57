"""Flag for manual grading what the grader cannot prevent: student code that reaches into the grader.

The kernel's guard (``sandbox/guard.py``) restores everything an answer may have changed
before each test, but it lives in the same process as the answer: code that reaches the
kernel object, walks frames or the garbage collector, or writes memory with ``ctypes`` can
still undo it.  Such code has no place in an honest answer to this course, so it is
*flagged*: nbgrader marks the submission for manual grading with the reason
(``flag.py``), ``aiocourse grade`` lists it, ``aiocourse check`` prints it.  A flag never
changes a score by itself; it makes sure no such score goes unread.

Two sources of evidence, both collected by the grader:

* :func:`scan_source` reads every cell the student could write (answer cells, cells they
  added, ``%%writefile`` modules) with :mod:`ast` -- never by running it;
* the kernel's audit hook (``sandbox/audit.py``) records what student code *did*: frames,
  ``gc``, ``ctypes``, tracing hooks, attributes set on classes it did not write.  Code built
  at run time to dodge the reading (``exec``, ``__import__``, ``getattr`` with a computed
  name) is flagged by the reading itself.

Every rule is tested not to fire on any sample answer in ``tests/answers/`` (honest, right
or wrong).
"""

from __future__ import annotations

import ast
from dataclasses import asdict, dataclass
from typing import Any

from nbformat import NotebookNode
from nbgrader.utils import is_grade, is_locked, is_solution

__all__ = ["Flag", "scan_source", "scan_notebook", "flags_of", "METADATA_KEY"]

METADATA_KEY = "tampering"

#: Modules that only a grader-attacking answer imports: the kernel's machinery and raw memory.
FORBIDDEN_MODULES = {
    "IPython": "imports IPython, the machinery that runs the tests",
    "ipykernel": "imports ipykernel, the machinery that runs the tests",
    "jupyter_client": "imports jupyter_client, the machinery that runs the tests",
    "zmq": "imports zmq, the kernel's message channel",
    "traitlets": "imports traitlets, the kernel's configuration",
    "ctypes": "imports ctypes, which can rewrite any memory",
    "_ctypes": "imports ctypes, which can rewrite any memory",
    "cffi": "imports cffi, which can rewrite any memory",
    "builtins": "imports builtins, which every test relies on",
    "autograder.grading": "imports the grader's own machinery",
    "autograder.sandbox": "imports the grader's own machinery",
    "autograder.cli": "imports the grader's own machinery",
    "nbgrader": "imports nbgrader",
}
#: ``module.attribute`` uses that reach the interpreter's hooks or frames.
FORBIDDEN_ATTRIBUTES = {
    ("sys", "settrace"): "installs a tracing hook (sys.settrace)",
    ("sys", "setprofile"): "installs a profiling hook (sys.setprofile)",
    ("sys", "_getframe"): "reads the interpreter's stack frames",
    ("sys", "_current_frames"): "reads other threads' stack frames",
    ("sys", "modules"): "reaches modules through sys.modules",
    ("sys", "meta_path"): "changes how modules are imported",
    ("sys", "path_hooks"): "changes how modules are imported",
    ("sys", "addaudithook"): "installs an audit hook",
    ("sys", "excepthook"): "changes how errors are reported (sys.excepthook)",
    ("sys", "displayhook"): "changes how results are displayed (sys.displayhook)",
    ("sys", "unraisablehook"): "changes how errors are reported (sys.unraisablehook)",
    ("threading", "settrace"): "installs a tracing hook in every thread",
    ("threading", "setprofile"): "installs a profiling hook in every thread",
    ("inspect", "currentframe"): "reads the interpreter's stack frames",
    ("inspect", "stack"): "reads the interpreter's stack frames",
    ("inspect", "getouterframes"): "reads the interpreter's stack frames",
    ("inspect", "getinnerframes"): "reads the interpreter's stack frames",
    ("inspect", "trace"): "reads the interpreter's stack frames",
    ("gc", "get_objects"): "searches the garbage collector for objects, the grader's included",
    ("gc", "get_referrers"): "searches the garbage collector for references to the grader's objects",
    ("gc", "get_referents"): "searches the garbage collector for references to the grader's objects",
    ("gc", "callbacks"): "runs code whenever the garbage collector runs (gc.callbacks)",
    ("signal", "setitimer"): "runs code at arbitrary moments (signal.setitimer)",
    ("signal", "alarm"): "runs code at arbitrary moments (signal.alarm)",
}
#: Attributes of code, functions, frames and classes that only introspection of others' code needs.
FORBIDDEN_DUNDERS = {
    "__code__": "reads or replaces a function's code object",
    "__globals__": "reaches a function's module namespace",
    "__closure__": "reaches a function's hidden variables",
    "__builtins__": "reaches the builtins every test relies on",
    "__subclasses__": "searches classes it did not write",
    "__setattr__": "sets attributes behind Python's back (object.__setattr__)",
    "__delattr__": "deletes attributes behind Python's back",
    "f_back": "walks the interpreter's stack frames",
    "f_globals": "reads another frame's namespace",
    "f_locals": "reads another frame's variables",
    "tb_frame": "walks the interpreter's stack frames",
    "gi_frame": "reads a generator's frame",
    "cr_frame": "reads a coroutine's frame",
    "ag_frame": "reads an async generator's frame",
}
#: Special methods that make an object answer comparisons, truth or lookups as it likes.
FORGING_METHODS = {"__eq__", "__ne__", "__lt__", "__le__", "__gt__", "__ge__", "__hash__", "__bool__",
                   "__len__", "__contains__", "__instancecheck__", "__subclasscheck__", "__getattribute__",
                   "__getattr__", "__del__", "__init_subclass__", "__index__", "__float__", "__int__", "__iter__",
                   "__getitem__", "__round__", "__abs__"}
#: Built-in types whose subclasses can pass for their values in a comparison.
VALUE_TYPES = {"str", "int", "float", "list", "tuple", "dict", "set", "frozenset", "bytes", "complex", "bool"}
RUNTIME_CODE = {"exec": "runs code built at run time (exec)", "eval": "runs code built at run time (eval)",
                "compile": "compiles code at run time", "__import__": "imports a module by a computed name",
                "globals": "changes the notebook's namespace through globals()",
                "get_ipython": "reaches IPython's shell (get_ipython), which runs the tests"}
#: Cell magics whose body is Python the kernel will import or run in its own process.
PYTHON_CELL_MAGICS = {"writefile", "time", "timeit", "capture"}
#: Line magics an honest answer uses; any other may change the kernel itself.
HARMLESS_LINE_MAGICS = {"time", "timeit", "writefile", "pip", "matplotlib", "who", "whos", "pwd", "ls"}


@dataclass(frozen=True)
class Flag:
    """One reason to read a submission by hand: what, where."""

    cell: int  # 1-based position of the code cell in the notebook; 0 when unknown
    line: int
    reason: str

    def __str__(self) -> str:
        where = f"cell {self.cell}, line {self.line}" if self.cell else f"line {self.line}"
        return f"{where}: {self.reason}"

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _root_name(node: ast.AST) -> str | None:
    while isinstance(node, (ast.Attribute, ast.Subscript, ast.Call)):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else None


class _Reader(ast.NodeVisitor):
    def __init__(self) -> None:
        self.found: list[tuple[int, str]] = []
        self.modules: dict[str, str] = {}  # local name -> module it is bound to
        self.imported: dict[str, str] = {}  # local name -> "module.name" imported with from-import

    def flag(self, node: ast.AST, reason: str) -> None:
        self.found.append((getattr(node, "lineno", 0), reason))

    def _module(self, module: str, node: ast.AST) -> None:
        for name, reason in FORBIDDEN_MODULES.items():
            if module == name or module.startswith(name + "."):
                self.flag(node, reason)

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self._module(alias.name, node)
            local = alias.asname or alias.name.split(".")[0]
            self.modules[local] = alias.name if alias.asname else alias.name.split(".")[0]

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        module = node.module or ""
        self._module(module, node)
        for alias in node.names:
            self._module(f"{module}.{alias.name}", node)
            self.imported[alias.asname or alias.name] = f"{module}.{alias.name}"
            if (module, alias.name) in FORBIDDEN_ATTRIBUTES:
                self.flag(node, FORBIDDEN_ATTRIBUTES[(module, alias.name)])
            if alias.name in RUNTIME_CODE:
                self.flag(node, RUNTIME_CODE[alias.name])

    def visit_Attribute(self, node: ast.Attribute) -> None:
        if node.attr in FORBIDDEN_DUNDERS:
            self.flag(node, FORBIDDEN_DUNDERS[node.attr])
        if isinstance(node.value, ast.Name):
            module = self.modules.get(node.value.id)
            if module and (module, node.attr) in FORBIDDEN_ATTRIBUTES:
                self.flag(node, FORBIDDEN_ATTRIBUTES[(module, node.attr)])
        if node.attr == "kernel" and _root_name(node) == "get_ipython":
            self.flag(node, "reaches the kernel that runs the tests")
        self.generic_visit(node)

    def visit_Name(self, node: ast.Name) -> None:
        if node.id in RUNTIME_CODE:
            self.flag(node, RUNTIME_CODE[node.id])
        elif node.id == "__builtins__":
            self.flag(node, FORBIDDEN_DUNDERS["__builtins__"])

    def visit_Call(self, node: ast.Call) -> None:
        name = node.func.id if isinstance(node.func, ast.Name) else None
        if name in ("setattr", "delattr") and node.args and _root_name(node.args[0]) in {**self.modules, **self.imported}:
            self.flag(node, f"changes an attribute of {ast.unparse(node.args[0])}, which it imported ({name})")
        if name in ("getattr", "setattr", "delattr", "hasattr") and len(node.args) >= 2 \
                and not isinstance(node.args[1], ast.Constant):
            self.flag(node, f"{name} with a computed attribute name, which the grader cannot read")
        if name == "vars" and node.args and _root_name(node.args[0]) in self.modules:
            self.flag(node, "reaches a module's namespace through vars()")
        called = node.func.attr if isinstance(node.func, ast.Attribute) else name
        if called == "import_module" and node.args and not isinstance(node.args[0], ast.Constant):
            self.flag(node, "imports a module by a computed name")
        if name == "type" and len(node.args) == 3:
            self.flag(node, "builds a class at run time with type(name, bases, namespace)")
        self.generic_visit(node)

    def _assigned(self, target: ast.AST) -> None:
        if isinstance(target, (ast.Tuple, ast.List)):
            for element in target.elts:
                self._assigned(element)
        elif isinstance(target, ast.Attribute):
            root = _root_name(target)
            if root in self.modules:
                self.flag(target, f"replaces {ast.unparse(target)}, part of the module {self.modules[root]}")
            elif root in self.imported:
                self.flag(target, f"changes {ast.unparse(target)}, which comes from {self.imported[root]}")

    def visit_Assign(self, node: ast.Assign) -> None:
        for target in node.targets:
            self._assigned(target)
        self.generic_visit(node)

    def visit_AugAssign(self, node: ast.AugAssign) -> None:
        self._assigned(node.target)
        self.generic_visit(node)

    def visit_Delete(self, node: ast.Delete) -> None:
        for target in node.targets:
            self._assigned(target)
        self.generic_visit(node)

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        for base in node.bases:
            if isinstance(base, ast.Name) and base.id in VALUE_TYPES:
                self.flag(node, f"defines a subclass of {base.id}, which can pass for a {base.id} it is not")
        for item in node.body:
            if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)) and item.name in FORGING_METHODS:
                self.flag(item, f"defines {item.name} in class {node.name}, which lets an object answer "
                                "comparisons or lookups as it likes")
        if node.keywords:
            self.flag(node, f"gives class {node.name} a metaclass or class keywords")
        self.generic_visit(node)


def _python_parts(source: str) -> list[tuple[int, str]]:
    """The Python in a cell, with the line it starts on: the cell itself, with IPython's
    magics and shell escapes blanked (after flagging the unusual ones), or the body of a
    ``%%writefile`` (a module the notebook will import)."""
    lines = source.splitlines()
    first = lines[0].strip() if lines else ""
    if first.startswith("%%"):
        magic = first[2:].split()[0] if first[2:].split() else ""
        if magic in PYTHON_CELL_MAGICS:
            return [(2, "\n".join(lines[1:]))]
        return [(1, f"raise_unusual_cell_magic_{magic}")]
    cleaned = []
    for line in lines:
        stripped = line.lstrip()
        if stripped.startswith("%"):
            magic = stripped[1:].split()[0] if stripped[1:].split() else ""
            cleaned.append(line[: len(line) - len(stripped)] + ("pass" if magic in HARMLESS_LINE_MAGICS
                                                                   else f"raise_unusual_line_magic_{magic}"))
        elif stripped.startswith("!"):
            cleaned.append(line[: len(line) - len(stripped)] + "pass")
        else:
            cleaned.append(line)
    return [(1, "\n".join(cleaned))]


def scan_source(source: str) -> list[tuple[int, str]]:
    """``(line, reason)`` for everything in ``source`` that reaches into the grader."""
    found: list[tuple[int, str]] = []
    for offset, code in _python_parts(source):
        try:
            tree = ast.parse(code)
        except SyntaxError:
            continue  # it fails in the kernel too, and earns nothing
        reader = _Reader()
        reader.visit(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Name) and node.id.startswith("raise_unusual_"):
                kind, _, magic = node.id.removeprefix("raise_unusual_").partition("_magic_")
                reader.flag(node, f"uses the IPython {kind.replace('_', ' ')} magic %{magic}, "
                                  "which can change the kernel that runs the tests")
        found += [(line + offset - 1, reason) for line, reason in reader.found]
    return sorted(set(found))


def _is_students(cell: NotebookNode) -> bool:
    """Cells the student wrote: answers, and any code cell that is not the instructor's."""
    return cell.cell_type == "code" and (is_solution(cell) or not (is_grade(cell) or is_locked(cell)))


def scan_notebook(nb: NotebookNode) -> list[Flag]:
    """Read every student cell (see :func:`scan_source`); also turn the audit hook's evidence,
    which the grader left on each cell's metadata, into flags."""
    flags: list[Flag] = []
    number = 0
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        number += 1
        if _is_students(cell):
            flags += [Flag(number, line, reason) for line, reason in scan_source(cell.source)]
        for record in cell.get("metadata", {}).get("aiocourse", {}).get("evidence", []):
            flags.append(Flag(number, int(record.get("line", 0)),
                              f"while this cell ran, student code {record.get('why', 'reached into the grader')}"))
    return sorted(set(flags), key=lambda f: (f.cell, f.line, f.reason))


def flags_of(nb: NotebookNode) -> list[Flag]:
    """The flags the grader stored on a graded notebook (see ``preprocessor.py``)."""
    return [Flag(**f) for f in nb.metadata.get("aiocourse", {}).get(METADATA_KEY, [])]
