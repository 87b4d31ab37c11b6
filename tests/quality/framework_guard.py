"""Find uses of the frameworks' private parts in project code (see test_framework_guard.py).

The checker reads Python source with `ast` and reports:

* imports of names or modules whose path has a component starting with one underscore, from the
  framework packages (`from django.db.models.base import _x`, `import wagtail._y`);
* imports of allauth's `internal` modules (allauth keeps its internal flows and helpers there);
* private attribute access on names bound by framework imports (`models.Model._get_FIELD_display`), on
  objects derived from them in the same scope (`site = Site.find_for_request(r); site._x`,
  `for model in apps.get_models(): ...`, parameters annotated with a framework type) and, inside a
  subclass of a framework class, on `self` for private names the class does not define itself (they can
  only be the framework's);
* runtime assignment of attributes on framework modules and classes (`models.Model.x = ...`,
  `setattr(SomeWagtailClass, ...)`, `setattr` with a computed name on framework objects), and replacing
  an object's class (`node.__class__ = ...`);
* the attribute names in KNOWN_PRIVATE on any object: framework internals that have been used in this
  project before (Wagtail's `_find_for_request`, Django's `_get_raw_host`, ...), also through
  `getattr`/`setattr`/`hasattr` with the name as a string. The one exception is `self.<name>` in a class
  that has no framework base: there the name is the project's own attribute.

`monkeypatch.setattr(...)` in tests is pytest's scoped, undone-afterwards patching and is not a runtime
assignment in this sense (it is a method call, not the `setattr` builtin).
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

FRAMEWORKS = frozenset({"django", "wagtail", "allauth", "celery", "guardian", "redis"})
KNOWN_PRIVATE = frozenset(
    {
        "_find_for_request",
        "_get_raw_host",
        "_cached_parent_obj",
        "_wagtail_site",
        "_get_connection_pool",
        "_get_FIELD_display",
        "_client",
        "_class",
    }
)
# Underscore names that the frameworks document as public API (Model._meta, namedtuple methods, ...).
PUBLIC_UNDERSCORE = frozenset(
    {"_", "_meta", "_default_manager", "_base_manager", "_state", "_replace", "_asdict", "_fields", "_make"}
)
# Attributes the frameworks document as assignable: Django's testing docs empty the test outbox with
# `mail.outbox = []`.
ASSIGNABLE = frozenset({"outbox"})
SKIP_DIRS = frozenset({".venv", "venv", "migrations", "var", "node_modules", "__pycache__", ".git"})

STATIC = "static"  # a framework module, class or function (bound by an import)
OBJECT = "object"  # a value derived from one (call result, loop item, annotated parameter)


@dataclass(frozen=True)
class Violation:
    path: str
    line: int
    what: str  # stable description, without the line number (used as allowlist key)

    @property
    def key(self) -> str:
        return f"{self.path}: {self.what}"

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.what}"


def is_private(name: str) -> bool:
    """One leading underscore, not a dunder, not one of the documented underscore APIs."""
    return name.startswith("_") and not name.startswith("__") and name not in PUBLIC_UNDERSCORE


def _module_problems(module: str) -> list[str]:
    parts = module.split(".")
    if parts[0] not in FRAMEWORKS:
        return []
    problems = []
    private = [p for p in parts if is_private(p)]
    if private:
        problems.append(f"imports private module {module}")
    if parts[0] == "allauth" and "internal" in parts:
        problems.append(f"imports allauth internal module {module}")
    return problems


class _Checker(ast.NodeVisitor):
    def __init__(self, path: str):
        self.path = path
        self.violations: list[Violation] = []
        self.module_scope: dict[str, str | None] = {}
        self.scopes: list[dict[str, str | None]] = [self.module_scope]
        # Enclosing classes: (framework-derived?, names the class defines itself).
        self.classes: list[tuple[bool, set[str]]] = []

    # --- bookkeeping ------------------------------------------------------------------------
    def flag(self, node: ast.AST, what: str) -> None:
        self.violations.append(Violation(self.path, getattr(node, "lineno", 0), what))

    def bind(self, name: str, kind: str | None) -> None:
        self.scopes[-1][name] = kind

    def lookup(self, name: str) -> str | None:
        for scope in reversed(self.scopes):
            if name in scope:
                return scope[name]
        return None

    def origin(self, node: ast.AST) -> str | None:
        """STATIC or OBJECT when the expression is (derived from) a framework import, else None."""
        if isinstance(node, ast.Name):
            return self.lookup(node.id)
        if isinstance(node, ast.Attribute):
            kind = self.origin(node.value)
            return kind if kind and not is_private(node.attr) else None
        if isinstance(node, ast.Call):
            return OBJECT if self.origin(node.func) else None
        if isinstance(node, ast.Subscript):
            return OBJECT if self.origin(node.value) else None
        return None

    def _in_own_class_self(self, node: ast.expr) -> bool:
        """`self`/`cls` inside a class without a framework base."""
        return (
            isinstance(node, ast.Name)
            and node.id in ("self", "cls")
            and bool(self.classes)
            and not self.classes[-1][0]
        )

    def _inherited_private(self, node: ast.expr, attr: str) -> bool:
        """`self._x` in a framework subclass where the class itself never defines `_x`."""
        if not (isinstance(node, ast.Name) and node.id in ("self", "cls") and self.classes):
            return False
        derived, own = self.classes[-1]
        return derived and attr not in own

    def check_attribute(self, node: ast.AST, value: ast.expr, attr: str, how: str) -> None:
        """One access of `value.<attr>` (how: "reads", "writes", "deletes")."""
        described = f"{ast.unparse(value)}.{attr}"
        if attr in KNOWN_PRIVATE and not self._in_own_class_self(value):
            self.flag(node, f"{how} framework-private attribute {described}")
        elif is_private(attr) and self.origin(value):
            self.flag(node, f"{how} private attribute of a framework object {described}")
        elif is_private(attr) and self._inherited_private(value, attr):
            self.flag(node, f"{how} inherited private attribute {described}")

    # --- imports ----------------------------------------------------------------------------
    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            for problem in _module_problems(alias.name):
                self.flag(node, problem)
            root = alias.name.split(".")[0]
            if root in FRAMEWORKS:
                self.bind(alias.asname or root, STATIC)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        module = node.module or ""
        if node.level or module.split(".")[0] not in FRAMEWORKS:
            for alias in node.names:
                self.bind(alias.asname or alias.name, None)
            return
        for problem in _module_problems(module):
            self.flag(node, problem)
        for alias in node.names:
            if is_private(alias.name):
                self.flag(node, f"imports private name {alias.name} from {module}")
            elif module.split(".")[0] == "allauth" and alias.name == "internal":
                self.flag(node, f"imports allauth internal module {module}.internal")
            self.bind(alias.asname or alias.name, STATIC)

    # --- scopes -----------------------------------------------------------------------------
    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        for decorator in node.decorator_list:
            self.visit(decorator)
        for base in node.bases:
            self.visit(base)
        derived = any(self.origin(base) == STATIC for base in node.bases)
        own: set[str] = set()
        for child in ast.walk(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                own.add(child.name)
            elif isinstance(child, ast.Name) and isinstance(child.ctx, ast.Store):
                own.add(child.id)
            elif (
                isinstance(child, ast.Attribute)
                and isinstance(child.ctx, ast.Store)
                and isinstance(child.value, ast.Name)
                and child.value.id in ("self", "cls")
            ):
                own.add(child.attr)
        # Assigning a framework-private name on self does not make it the project's own.
        own -= KNOWN_PRIVATE
        self.classes.append((derived, own))
        self.scopes.append({})
        for statement in node.body:
            self.visit(statement)
        self.scopes.pop()
        self.classes.pop()
        self.bind(node.name, None)

    def _visit_function(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        for decorator in node.decorator_list:
            self.visit(decorator)
        for default in node.args.defaults + [d for d in node.args.kw_defaults if d is not None]:
            self.visit(default)
        scope: dict[str, str | None] = {}
        args = node.args
        for arg in args.posonlyargs + args.args + args.kwonlyargs + [args.vararg, args.kwarg]:
            if arg is None:
                continue
            annotation = arg.annotation
            if isinstance(annotation, ast.BinOp):  # X | None
                annotation = annotation.left
            scope[arg.arg] = OBJECT if annotation is not None and self.origin(annotation) else None
        self.bind(node.name, None)
        self.scopes.append(scope)
        for statement in node.body:
            self.visit(statement)
        self.scopes.pop()

    visit_FunctionDef = _visit_function
    visit_AsyncFunctionDef = _visit_function

    def visit_Lambda(self, node: ast.Lambda) -> None:
        self.scopes.append({a.arg: None for a in node.args.args})
        self.visit(node.body)
        self.scopes.pop()

    # --- assignments ------------------------------------------------------------------------
    def _assign_target(self, target: ast.expr, kind: str | None, statement: ast.AST) -> None:
        if isinstance(target, ast.Name):
            self.bind(target.id, kind)
        elif isinstance(target, (ast.Tuple, ast.List)):
            for element in target.elts:
                self._assign_target(element, OBJECT if kind else None, statement)
        elif isinstance(target, ast.Attribute):
            if target.attr == "__class__":
                self.flag(statement, f"replaces the class of {ast.unparse(target.value)} at runtime")
            elif (
                self.origin(target.value) == STATIC
                and not is_private(target.attr)
                and target.attr not in ASSIGNABLE
            ):
                self.flag(statement, f"assigns attribute on a framework class/module {ast.unparse(target)}")
            self.visit(target)  # private names, known-private names
        else:
            self.visit(target)

    def visit_Assign(self, node: ast.Assign) -> None:
        self.visit(node.value)
        kind = OBJECT if self.origin(node.value) else None
        for target in node.targets:
            self._assign_target(target, kind, node)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        if node.value is not None:
            self.visit(node.value)
        kind = (
            OBJECT
            if (node.value is not None and self.origin(node.value)) or self.origin(node.annotation)
            else None
        )
        self._assign_target(node.target, kind, node)

    def visit_AugAssign(self, node: ast.AugAssign) -> None:
        self.visit(node.value)
        if isinstance(node.target, ast.Attribute):
            self._assign_target(node.target, None, node)
        else:
            self.visit(node.target)

    def _visit_for(self, node: ast.For | ast.AsyncFor) -> None:
        self.visit(node.iter)
        self._assign_target(node.target, OBJECT if self.origin(node.iter) else None, node)
        for statement in node.body + node.orelse:
            self.visit(statement)

    visit_For = _visit_for
    visit_AsyncFor = _visit_for

    def visit_withitem(self, node: ast.withitem) -> None:
        self.visit(node.context_expr)
        if node.optional_vars is not None:
            self._assign_target(node.optional_vars, OBJECT if self.origin(node.context_expr) else None, node)

    # --- attribute access -------------------------------------------------------------------
    def visit_Attribute(self, node: ast.Attribute) -> None:
        how = {ast.Load: "reads", ast.Store: "writes", ast.Del: "deletes"}[type(node.ctx)]
        self.check_attribute(node, node.value, node.attr, how)
        self.visit(node.value)

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        if (
            isinstance(func, ast.Name)
            and func.id in ("getattr", "setattr", "delattr", "hasattr")
            and node.args
        ):
            target = node.args[0]
            name = node.args[1] if len(node.args) > 1 else None
            how = {"setattr": "writes", "delattr": "deletes"}.get(func.id, "reads")
            if isinstance(name, ast.Constant) and isinstance(name.value, str):
                self.check_attribute(node, target, name.value, how)
                if how != "reads" and self.origin(target) == STATIC and not is_private(name.value):
                    self.flag(node, f"{func.id} on a framework class/module {ast.unparse(target)}")
            elif how != "reads" and self.origin(target):
                self.flag(node, f"{func.id} with a computed name on a framework object {ast.unparse(target)}")
        self.generic_visit(node)


def check_source(source: str, path: str = "<snippet>") -> list[Violation]:
    """Return the violations in one module's source."""
    checker = _Checker(path)
    checker.visit(ast.parse(source, filename=path))
    return sorted(checker.violations, key=lambda v: (v.path, v.line, v.what))


def project_files(root: Path) -> Iterable[Path]:
    """Every first-party .py file below root (no virtualenv, migrations, var/, node_modules, dot-dirs)."""
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root).parts
        if any(part in SKIP_DIRS or part.startswith(".") for part in relative[:-1]):
            continue
        yield path


def check_tree(root: Path) -> list[Violation]:
    violations: list[Violation] = []
    for path in project_files(root):
        violations += check_source(path.read_text(encoding="utf-8"), str(path.relative_to(root)))
    return violations


def apply_allowlist(
    violations: list[Violation], allowlist: dict[str, str]
) -> tuple[list[Violation], list[str]]:
    """Split into (violations not allowed, allowlist keys that matched nothing)."""
    used = {v.key for v in violations if v.key in allowlist}
    return [v for v in violations if v.key not in allowlist], sorted(set(allowlist) - used)
