"""EF.CardAccess (file ``011C``, readable without access control): the ``SecurityInfos`` a chip
lists, of which the kiosk reads the ``PACEInfo`` entries (ICAO Doc 9303 Part 11 §9.2).

:func:`parse_card_access` reads them with asn1crypto and raises :class:`CardAccessError`, and
only that, for anything it cannot read; :func:`choose_pace_info` picks the first one this
kiosk can run: Generic Mapping with ECDH and AES (``id-PACE-ECDH-GM-AES-CBC-CMAC-128``, and
the 192/256-bit variants), version 2, on a curve of :mod:`.curves`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from asn1crypto import core

from hardware.card_reader.icao.curves import CURVES, PARAM_BRAINPOOL_P256R1, Curve
from hardware.card_reader.icao.errors import CardAccessError, PaceError

ID_PACE = "0.4.0.127.0.7.2.2.4"
ID_PACE_ECDH_GM_AES_CBC_CMAC_128 = "0.4.0.127.0.7.2.2.4.2.2"
ID_PACE_ECDH_GM_AES_CBC_CMAC_192 = "0.4.0.127.0.7.2.2.4.2.3"
ID_PACE_ECDH_GM_AES_CBC_CMAC_256 = "0.4.0.127.0.7.2.2.4.2.4"
PACE_VERSION = 2
# The protocols implemented here and their key lengths in bytes.
PROTOCOL_KEY_LENGTHS = {
    ID_PACE_ECDH_GM_AES_CBC_CMAC_128: 16,
    ID_PACE_ECDH_GM_AES_CBC_CMAC_192: 24,
    ID_PACE_ECDH_GM_AES_CBC_CMAC_256: 32,
}


class SecurityInfo(core.Sequence):  # type: ignore[misc]
    """``SecurityInfo ::= SEQUENCE { protocol OID, requiredData ANY, optionalData ANY OPT }``."""

    _fields: ClassVar = [
        ("protocol", core.ObjectIdentifier),
        ("required_data", core.Any),
        ("optional_data", core.Any, {"optional": True}),
    ]


class SecurityInfos(core.SetOf):  # type: ignore[misc]
    """``SecurityInfos ::= SET OF SecurityInfo``: the whole of EF.CardAccess."""

    _child_spec = SecurityInfo


@dataclass(frozen=True)
class PaceInfo:
    """One PACEInfo: the protocol OID, its version and the standard domain parameters."""

    protocol: str
    version: int = PACE_VERSION
    parameter_id: int | None = PARAM_BRAINPOOL_P256R1

    @property
    def supported(self) -> bool:
        """True if this kiosk can run it: ECDH-GM with AES on a curve it knows."""
        return (
            self.protocol in PROTOCOL_KEY_LENGTHS
            and self.version == PACE_VERSION
            and self.parameter_id in CURVES
        )

    @property
    def curve(self) -> Curve:
        """The curve of a supported PACEInfo."""
        if self.parameter_id is None or self.parameter_id not in CURVES:
            raise PaceError("the domain parameters are not supported")
        return CURVES[self.parameter_id]

    @property
    def key_length(self) -> int:
        """Session key length in bytes of a supported PACEInfo."""
        if self.protocol not in PROTOCOL_KEY_LENGTHS:
            raise PaceError("the PACE protocol is not supported")
        return PROTOCOL_KEY_LENGTHS[self.protocol]


def _is_pace_info_oid(oid: str) -> bool:
    # PACEInfo protocols are id-PACE.<mapping>.<cipher>; id-PACE.<mapping> alone names a
    # PACEDomainParameterInfo, which this kiosk does not need.
    return oid.startswith(ID_PACE + ".") and oid.count(".") == ID_PACE.count(".") + 2


def _small_integer(value: core.Any, what: str) -> int:
    number = value.parse(core.Integer).native
    if not isinstance(number, int) or not 0 <= number < 1 << 16:
        raise CardAccessError(f"{what} is not a small non-negative INTEGER")
    return number


def parse_card_access(data: bytes) -> tuple[PaceInfo, ...]:
    """The PACEInfos listed in EF.CardAccess, in the card's order (other infos skipped)."""
    try:
        infos = SecurityInfos.load(data, strict=True)
        found: list[PaceInfo] = []
        for info in infos:
            oid = info["protocol"].dotted
            if not _is_pace_info_oid(oid):
                continue
            version = _small_integer(info["required_data"], "the PACEInfo version")
            optional = info["optional_data"]
            parameter_id = (
                None
                if isinstance(optional, core.Void)
                else _small_integer(optional, "the PACEInfo parameterId")
            )
            found.append(PaceInfo(oid, version, parameter_id))
        return tuple(found)
    except CardAccessError:
        raise
    except (ValueError, TypeError, KeyError, IndexError, OverflowError) as error:
        raise CardAccessError(f"EF.CardAccess is not SecurityInfos: {error}") from error


def choose_pace_info(infos: Sequence[PaceInfo]) -> PaceInfo | None:
    """The first PACEInfo this kiosk supports, or None."""
    return next((info for info in infos if info.supported), None)
