"""What goes wrong in the ICAO protocols: one base class, so a caller can catch them all."""

from __future__ import annotations


class IcaoError(ValueError):
    """A cryptographic check failed or a message does not have the ICAO form."""


class SecureMessagingError(IcaoError):
    """A protected message failed its MAC or is malformed: the session cannot be trusted."""


class AuthenticationError(IcaoError):
    """The other side of BAC mutual authentication answered with the wrong cryptogram."""


class PaceError(IcaoError):
    """A PACE step was refused or answered wrongly: no session was established."""


class CardAccessError(IcaoError):
    """EF.CardAccess is not SecurityInfos, or a PACEInfo in it is malformed."""
