"""EF.CardAccess: SecurityInfos in, PACEInfos out; anything else is a CardAccessError."""

from __future__ import annotations

import pytest
from asn1crypto import core
from hypothesis import given, settings
from hypothesis import strategies as st

from hardware.card_reader.icao.card_access import (
    ID_PACE_ECDH_GM_AES_CBC_CMAC_128,
    ID_PACE_ECDH_GM_AES_CBC_CMAC_256,
    PaceInfo,
    choose_pace_info,
    parse_card_access,
)
from hardware.card_reader.icao.curves import PARAM_BRAINPOOL_P256R1, PARAM_NIST_P256
from hardware.card_reader.icao.errors import CardAccessError
from hardware.simulators.card.files import build_card_access

FUZZ = settings(max_examples=300, deadline=None, database=None)
h = bytes.fromhex

ID_PACE_DH_GM_AES_128 = "0.4.0.127.0.7.2.2.4.1.2"
ID_PACE_ECDH_IM_AES_128 = "0.4.0.127.0.7.2.2.4.4.2"
# A ChipAuthenticationInfo (id-CA-ECDH-AES-CBC-CMAC-128, version 1), as cards list next to
# PACEInfo, and a PACEDomainParameterInfo for id-PACE-ECDH-GM (proprietary parameters).
CHIP_AUTHENTICATION_INFO = h("3012060A04007F0007020203020202010102010D")
DOMAIN_PARAMETER_INFO = h("3014060904007F000702020402300406022A0302010D")


def security_infos(*entries: bytes) -> bytes:
    body = b"".join(entries)
    return b"\x31" + bytes([len(body)]) + body


def test_a_built_card_access_parses_back() -> None:
    infos = [
        PaceInfo(ID_PACE_ECDH_GM_AES_CBC_CMAC_256, 2, PARAM_NIST_P256),
        PaceInfo(ID_PACE_ECDH_GM_AES_CBC_CMAC_128, 2, PARAM_BRAINPOOL_P256R1),
    ]

    assert set(parse_card_access(build_card_access(infos))) == set(infos)


def test_other_security_infos_are_skipped() -> None:
    pace = build_card_access([PaceInfo(ID_PACE_ECDH_GM_AES_CBC_CMAC_128)])[2:]
    data = security_infos(CHIP_AUTHENTICATION_INFO, DOMAIN_PARAMETER_INFO, pace)

    assert parse_card_access(data) == (PaceInfo(ID_PACE_ECDH_GM_AES_CBC_CMAC_128),)


def test_a_pace_info_without_parameter_id_parses_but_is_not_supported() -> None:
    info = PaceInfo(ID_PACE_ECDH_GM_AES_CBC_CMAC_128, 2, None)

    assert parse_card_access(build_card_access([info])) == (info,)
    assert choose_pace_info([info]) is None


@pytest.mark.parametrize(
    "info",
    [
        PaceInfo(ID_PACE_DH_GM_AES_128, 2, 2),
        PaceInfo(ID_PACE_ECDH_IM_AES_128, 2, PARAM_BRAINPOOL_P256R1),
        PaceInfo(ID_PACE_ECDH_GM_AES_CBC_CMAC_128, 1, PARAM_BRAINPOOL_P256R1),
        PaceInfo(ID_PACE_ECDH_GM_AES_CBC_CMAC_128, 2, 14),
    ],
    ids=["DH", "integrated mapping", "version 1", "brainpoolP320r1"],
)
def test_variants_the_kiosk_cannot_run_are_not_chosen(info: PaceInfo) -> None:
    supported = PaceInfo(ID_PACE_ECDH_GM_AES_CBC_CMAC_128)

    assert choose_pace_info([info]) is None
    assert choose_pace_info([info, supported]) == supported


@pytest.mark.parametrize(
    "data",
    [
        b"",
        h("3000"),
        h("3100") + b"\x00",
        h("31053003060100"),
        h("310C300A060804007F00070202040202"),
        security_infos(h("3010060A04007F00070202040202 0C024142")),
        security_infos(h("3013060A04007F00070202040202 020102 0C0141")),
        security_infos(h("3014060A04007F00070202040202 020102 0203010000")),
    ],
    ids=[
        "empty",
        "a SEQUENCE, not a SET",
        "trailing byte",
        "OID of nothing",
        "PACEInfo without version",
        "version is text",
        "parameterId is text",
        "parameterId too large",
    ],
)
def test_malformed_card_access_raises_card_access_error(data: bytes) -> None:
    with pytest.raises(CardAccessError):
        parse_card_access(data)


def _parse_or_reject(data: bytes) -> None:
    try:
        infos = parse_card_access(data)
    except CardAccessError:
        return
    assert all(isinstance(info, PaceInfo) for info in infos)


@FUZZ
@given(st.binary(max_size=200))
def test_no_bytes_crash_the_card_access_parser(data: bytes) -> None:
    _parse_or_reject(data)


VALID = build_card_access(
    [
        PaceInfo(ID_PACE_ECDH_GM_AES_CBC_CMAC_128, 2, PARAM_BRAINPOOL_P256R1),
        PaceInfo(ID_PACE_ECDH_GM_AES_CBC_CMAC_256, 2, PARAM_NIST_P256),
    ]
)


@FUZZ
@given(st.data())
def test_no_corruption_of_a_real_card_access_crashes_the_parser(data: st.DataObject) -> None:
    raw = bytearray(VALID)
    for _ in range(data.draw(st.integers(1, 4))):
        index = data.draw(st.integers(0, len(raw) - 1))
        raw[index] = data.draw(st.integers(0, 255))
    cut = data.draw(st.integers(0, len(raw)))

    _parse_or_reject(bytes(raw[:cut]) if data.draw(st.booleans()) else bytes(raw))


_asn1_values = st.one_of(
    st.integers(-(2**70), 2**70).map(lambda n: core.Integer(n)),
    st.binary(max_size=8).map(lambda b: core.OctetString(b)),
    st.text(max_size=6).map(lambda t: core.UTF8String(t)),
    st.just(core.Null()),
)


@FUZZ
@given(
    st.lists(
        st.tuples(
            st.sampled_from(
                [
                    ID_PACE_ECDH_GM_AES_CBC_CMAC_128,
                    ID_PACE_DH_GM_AES_128,
                    "0.4.0.127.0.7.2.2.4.2",
                    "0.4.0.127.0.7.2.2.3.2.2",
                    "1.2.3",
                ]
            ),
            _asn1_values,
            st.none() | _asn1_values,
        ),
        max_size=4,
    )
)
def test_any_well_formed_security_infos_parse_or_are_rejected_with_a_card_access_error(
    entries: list[tuple[str, core.Asn1Value, core.Asn1Value | None]],
) -> None:
    body = b""
    for oid, required, optional in entries:
        inner = core.ObjectIdentifier(oid).dump() + required.dump()
        if optional is not None:
            inner += optional.dump()
        body += b"\x30" + _length(len(inner)) + inner
    data = b"\x31" + _length(len(body)) + body

    _parse_or_reject(data)


def _length(n: int) -> bytes:
    return bytes([n]) if n < 0x80 else bytes([0x81, n]) if n < 0x100 else b"\x82" + n.to_bytes(2)
