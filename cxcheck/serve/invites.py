"""Personal links: one unguessable token per invited participant, and one for the facilitator's progress view.

A link is the only thing that says who is answering: the server takes the participant's name,
role and answers file from the invitation the token belongs to, never from the request. The
tokens are kept in the workshop folder (``.collect-tokens.yaml``, readable by its owner only),
so that links sent before a restart still work after it; delete the file to issue new ones.
"""

from __future__ import annotations

import hmac
import os
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from cxcheck.core.workshop import CONFIG, Invitee
from cxcheck.errors import CxError
from cxcheck.io import yamlsafe
from cxcheck.io.atomic import write_atomic
from cxcheck.io.validation import fail_if, load_valid

TOKENS = ".collect-tokens.yaml"
TOKEN_BYTES = 24
"""192 random bits: far beyond guessing at any rate a server could answer."""

_Token = Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]{32,}$")]


class TokensFile(BaseModel):
    """``.collect-tokens.yaml``: the facilitator's token and each invited name's."""

    model_config = ConfigDict(extra="forbid", defer_build=True)
    consultant: _Token
    participants: dict[str, _Token] = Field(default_factory=dict)


@dataclass(frozen=True)
class Link:
    """One participant's invitation and the token of their personal link."""

    invitee: Invitee
    token: str


@dataclass(frozen=True)
class Invitations:
    """Every personal link of a collection, and the facilitator's."""

    links: tuple[Link, ...]
    consultant: str

    def find(self, token: str) -> Link | None:
        """The link ``token`` opens, compared in constant time with every token (none when it opens none)."""
        given = token.encode("utf-8")
        found = None
        for link in self.links:
            if hmac.compare_digest(link.token.encode("ascii"), given):
                found = link
        return found

    def is_consultant(self, token: str) -> bool:
        return hmac.compare_digest(self.consultant.encode("ascii"), token.encode("utf-8"))


def invitations(folder: Path, invitees: Sequence[Invitee]) -> Invitations:
    """The links for ``invitees``: the tokens the folder already gave them, new ones for the rest.

    Two invitees whose answers files would have one name are refused: one link would then
    write over the other's answers.
    """
    if not invitees:
        raise CxError(
            'nobody is invited: name each participant with --invite "Name:role", or list them under '
            "invites: in workshop.yaml",
            folder / CONFIG,
        )
    by_file: dict[str, Invitee] = {}
    for invitee in invitees:
        other = by_file.setdefault(invitee.file_name, invitee)
        if other is not invitee:
            raise CxError(
                f"{other.name!r} and {invitee.name!r} would share the answers file {invitee.file_name}; "
                "tell them apart (a surname or an initial)"
            )
    path = folder / TOKENS
    kept = _read(path)
    tokens = dict(kept.participants) if kept else {}
    links = tuple(Link(i, tokens.setdefault(i.name, _new_token())) for i in invitees)
    consultant = kept.consultant if kept else _new_token()
    if kept is None or tokens != kept.participants:
        text = "# Written by `cxcheck collect`: the personal links' tokens. Keep it private; delete it for new links.\n"
        write_atomic(path, text + yamlsafe.dump({"consultant": consultant, "participants": tokens}))
        os.chmod(path, 0o600)
    return Invitations(links, consultant)


def _new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def _read(path: Path) -> TokensFile | None:
    if not path.exists():
        return None
    kept, _, problems = load_valid(TokensFile, path)
    fail_if(problems)
    return kept
