"""``cxcheck collect``: the workshop day's collection server (the ``collect`` extra: Starlette, uvicorn, segno)."""

from pathlib import Path
from typing import Annotated

import typer

from cxcheck.cli.app import command
from cxcheck.errors import Status

EXTRA = "cxcheck collect needs the collect extra: pip install 'cxcheck[collect]'"
LOOPBACK = "127.0.0.1"


@command("collect")
def collect(
    folder: Annotated[Path, typer.Argument(metavar="WORKSHOP", help="The workshop folder (from `workshop init`).")],
    invite: Annotated[
        list[str],
        typer.Option(
            "--invite",
            metavar="NAME:ROLE",
            help='A participant to give a personal link, e.g. "Ann Lee:frontline" (repeatable; '
            "added to workshop.yaml's invites).",
        ),
    ] = [],  # noqa: B006 - typer reads the default, never mutates it
    host: Annotated[
        str,
        typer.Option(
            metavar="ADDRESS",
            help="Address to listen on: 0.0.0.0 lets the room's network (phones) in. Default: only this computer.",
        ),
    ] = LOOPBACK,
    port: Annotated[int, typer.Option(metavar="PORT", min=0, max=65535, help="Port (0: any free one).")] = 8765,
    qr: Annotated[bool, typer.Option("--qr/--no-qr", help="Draw each link as a QR code for phones.")] = True,
) -> Status:
    """Serve the form on the workshop day: each participant's answers land in the folder as their answers file."""
    import contextlib
    import socket

    from cxcheck import clock
    from cxcheck.core.workshop import parse_invite
    from cxcheck.errors import CxError

    try:
        import segno
        import uvicorn

        from cxcheck.serve.app import create_app
    except ImportError:
        raise CxError(EXTRA) from None
    from cxcheck.serve.session import Session
    from cxcheck.terminal.console import visible

    session = Session.open(folder, [parse_invite(text) for text in invite], clock.now)
    try:
        listening = socket.create_server((host, port), family=socket.AF_INET6 if ":" in host else socket.AF_INET)
    except OSError as exc:
        raise CxError(f"cannot listen on {host}:{port} ({exc.strerror}); choose another --port") from None
    base = f"http://{room_address() if host in ('0.0.0.0', '::') else host}:{listening.getsockname()[1]}"
    echo = typer.echo
    echo(f"Collecting answers for {visible(session.config.organisation)} into {folder}/ at {base}")
    if host == LOOPBACK:
        echo("Only this computer can open the links; for phones on the room's network, run with --host 0.0.0.0.")
    else:
        echo("Anyone on this network can reach the port, but only a personal link opens a form (docs/workshops.md).")
    echo("Personal links (send each person their own; whoever holds a link answers as that person):")
    for link in session.links.links:
        url = f"{base}/p/{link.token}"
        role = f" ({link.invitee.role})" if link.invitee.role else ""
        echo(f"  {visible(link.invitee.name)}{role} -> {link.invitee.file_name}: {url}")
        if qr:
            segno.make(url, error="m").terminal(compact=True)
    echo(f"Progress, for you alone: {base}/progress/{session.links.consultant}")
    echo("Press Ctrl-C to stop: every answer sent is saved in its file as it arrives.")
    config = uvicorn.Config(
        create_app(session),
        log_level="warning",
        access_log=False,
        server_header=False,
        date_header=False,
        limit_concurrency=64,
        timeout_keep_alive=5,
        h11_max_incomplete_event_size=16 * 1024,
    )
    with contextlib.suppress(KeyboardInterrupt):  # uvicorn finishes the requests under way, then passes Ctrl-C on
        uvicorn.Server(config).run(sockets=[listening])
    echo(f"Stopped. The answers are in {folder}/: cxcheck report {folder} -o workshop.html")
    return Status.INTERRUPTED


def room_address() -> str:
    """This computer's address on the room's network: where a UDP socket would send from (nothing is sent)."""
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("10.255.255.255", 1))
            return str(probe.getsockname()[0])
        except OSError:
            return socket.gethostname()
