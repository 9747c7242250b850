"""The Typer app and the one way commands are registered on it: :func:`command`.

Registration applies the error guard (:func:`cxcheck.cli.guard.guarded`) and the click class
that shows arguments as people read them, to every command and command group alike.
"""

from collections.abc import Callable
from typing import Any, TypeVar

import typer
from typer.core import TyperArgument, TyperCommand

from cxcheck.cli.guard import guarded

F = TypeVar("F", bound=Callable[..., Any])

app = typer.Typer(
    name="cxcheck",
    help="Measure how customer-focused a business really is: checklists, a guided assessment and scored gap reports.",
    no_args_is_help=True,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class _Argument(TyperArgument):
    """An argument as people read it: ``ANSWERS...`` in the usage line, no Python type beside it.

    Typer 0.29 labels arguments with their annotation (``ANSWERS <list[Path]>``) and puts
    braces round required ones (``{ANSWERS}...``); this keeps click's plain convention.
    """

    def display_type_rich(self, ctx: Any) -> str | None:
        return None

    def get_usage_pieces(self, ctx: Any) -> list[str]:
        name = (self.metavar or str(self.name).upper()) + ("..." if self.nargs != 1 else "")
        return [name if self.required else f"[{name}]"]


class _Command(TyperCommand):
    """Every command's click class: Typer builds its arguments, shown as :class:`_Argument`.

    Before the command runs, the text typed for its options and arguments is checked as text
    read from a file is (:func:`cxcheck.cli.options.refuse_controls`), so that no command
    ever saves a file its own loader would then refuse.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for param in self.params:
            if type(param) is TyperArgument:
                param.__class__ = _Argument  # Typer offers no hook to choose the argument class

    def invoke(self, ctx: Any) -> Any:
        from cxcheck.cli.options import refuse_controls

        guarded(refuse_controls)(self.params, ctx.params)  # exit 2 with one line per value, as any bad input
        return super().invoke(ctx)


def group(name: str, help: str) -> typer.Typer:
    """A command group (``cxcheck workshop ...``) on the app."""
    sub = typer.Typer(help=help, no_args_is_help=True, rich_markup_mode=None)
    app.add_typer(sub, name=name)
    return sub


def command(name: str, on: typer.Typer = app, bulk: bool = False) -> Callable[[F], F]:
    """Register a command on ``on`` (the app or a :func:`group`), guarded; see :func:`guarded` for ``bulk``."""

    def register(func: F) -> F:
        on.command(name, cls=_Command)(guarded(func, bulk))
        return func

    return register
