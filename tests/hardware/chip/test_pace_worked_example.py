"""PACE (``hardware.card_reader.icao``, and the card's half in ``hardware.simulators.card``)
against ICAO Doc 9303 Part 11, Appendix G.1: "Worked example: PACE –
Generic Mapping, ECDH based example" (brainpoolP256r1, id-PACE-ECDH-GM-AES-CBC-CMAC-128,
the MRZ as password: document number T22000129, born 640812, expires 101031).

Every hex value below is printed in that appendix (G.1.1 to G.1.5). They were taken from two
independent public transcriptions of it, which agree: JMRTD's ``PACEProtocolTest``
(``testSupplementSampleECDHGM``) and zienit/icao-examples' ``PACE_ECDH_GMTest``. The test at
the end replays the whole exchange between the kiosk's side (PaceTerminal) and the card's
side (PaceChip) with the appendix's ephemeral secrets and checks every APDU.

The point arithmetic (python-ecdsa) is also checked against ``cryptography``'s curves on
random scalars.

The appendix has no AES secure-messaging example, so AesSecureMessaging is checked against
a computation written out here with the ``cryptography`` primitives (the formulas of Part 11
§9.8), against itself in both directions, and for tampering.
"""

from __future__ import annotations

import random

import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.cmac import CMAC

from hardware.card_reader.icao.bac import mrz_information
from hardware.card_reader.icao.card_access import (
    ID_PACE_ECDH_GM_AES_CBC_CMAC_128,
    PaceInfo,
    parse_card_access,
)
from hardware.card_reader.icao.curves import (
    CURVES,
    PARAM_BRAINPOOL_P256R1,
    PARAM_NIST_P256,
    decode_point,
    encode_point,
    map_generator,
    point_add,
    scalar_multiply,
    shared_secret,
)
from hardware.card_reader.icao.errors import IcaoError, PaceError, SecureMessagingError
from hardware.card_reader.icao.pace import (
    KDF_ENC,
    KDF_MAC,
    KDF_PI,
    PASSWORD_MRZ,
    PaceTerminal,
    authentication_token,
    kdf,
    mrz_password,
    public_key_object,
)
from hardware.card_reader.icao.secure_messaging import AesSecureMessaging
from hardware.simulators.card.files import build_card_access
from hardware.simulators.card.pace_chip import PaceChip
from hardware.simulators.card.secure_channel import CardSecureMessaging

h = bytes.fromhex

CARD_ACCESS = h("31143012060A04007F0007020204020202010202010D")
MRZ_INFORMATION = "T22000129364081251010318"
PI = h("7E2D2A41 C74EA0B3 8CD36F86 3939BFA8 E9032AAD")
K_PI = h("89DED1B2 6624EC1E 634C1989 302849DD")
ENCRYPTED_NONCE = h("95A3A016 522EE98D 01E76CB6 B98B42C3")
NONCE = h("3F00C4D3 9D153F2B 2A214A07 8D899B22")
MAP_PRIVATE_TERMINAL = 0x7F4EF07B9EA82FD78AD689B38D0BC78CF21F249D953BC46F4C6E19259C010F99
MAP_PUBLIC_TERMINAL = h(
    "04 7ACF3EFC 982EC455 65A4B155 129EFBC7 4650DCBF A6362D89 6FC70262 E0C2CC5E"
    "544552DC B6725218 799115B5 5C9BAA6D 9F6BC3A9 618E70C2 5AF71777 A9C4922D"
)
MAP_PRIVATE_CHIP = 0x498FF49756F2DC1587840041839A85982BE7761D14715FB091EFA7BCE9058560
MAP_PUBLIC_CHIP = h(
    "04 824FBA91 C9CBE26B EF53A0EB E7342A3B F178CEA9 F45DE0B7 0AA60165 1FBA3F57"
    "30D8C879 AAA9C9F7 3991E61B 58F4D52E B87A0A0C 709A49DC 63719363 CCD13C54"
)
SHARED_POINT_H = h(
    "04 60332EF2 450B5D24 7EF6D386 8397D398 852ED6E8 CAF6FFEE F6BF85CA 57057FD5"
    "0840CA74 15BAF3E4 3BD414D3 5AA4608B 93A2CAF3 A4E3EA4E 82C9C13D 03EB7181"
)
MAPPED_GENERATOR = h(
    "04 8CED63C9 1426D4F0 EB1435E7 CB1D74A4 6723A0AF 21C89634 F65A9AE8 7A9265E2"
    "8C879506 743F8611 AC33645C 5B985C80 B5F09A0B 83407C1B 6A4D857A E76FE522"
)
KEY_PRIVATE_TERMINAL = 0xA73FB703AC1436A18E0CFA5ABB3F7BEC7A070E7A6788486BEE230C4A22762595
KEY_PUBLIC_TERMINAL = h(
    "04 2DB7A64C 0355044E C9DF1905 14C625CB A2CEA487 54887122 F3A5EF0D 5EDD301C"
    "3556F3B3 B186DF10 B857B58F 6A7EB80F 20BA5DC7 BE1D43D9 BF850149 FBB36462"
)
KEY_PRIVATE_CHIP = 0x107CF58696EF6155053340FD633392BA81909DF7B9706F226F32086C7AFF974A
KEY_PUBLIC_CHIP = h(
    "04 9E880F84 2905B8B3 181F7AF7 CAA9F0EF B743847F 44A306D2 D28C1D9E C65DF6DB"
    "7764B222 77A2EDDC 3C265A9F 018F9CB8 52E111B7 68B32690 4B59A019 3776F094"
)
SHARED_SECRET = h("28768D20 701247DA E81804C9 E780EDE5 82A9996D B4A31502 0B273319 7DB84925")
KS_ENC = h("F5F0E35C 0D7161EE 6724EE51 3A0D9A7F")
KS_MAC = h("FE251C78 58B356B2 4514B3BD 5F4297D1")
TOKEN_INPUT_TERMINAL = h("7F494F06 0A04007F 00070202 04020286 41") + KEY_PUBLIC_CHIP
TOKEN_TERMINAL = h("C2B0BD78 D94BA866")
TOKEN_CHIP = h("3ABB9674 BCE93C08")

INFO = PaceInfo(ID_PACE_ECDH_GM_AES_CBC_CMAC_128, 2, PARAM_BRAINPOOL_P256R1)
BRAINPOOL = CURVES[PARAM_BRAINPOOL_P256R1]
# The same curves in the other library, to check the kiosk's against.
CRYPTOGRAPHY_CURVES: dict[int, ec.EllipticCurve] = {
    PARAM_BRAINPOOL_P256R1: ec.BrainpoolP256R1(),
    PARAM_NIST_P256: ec.SECP256R1(),
}


def test_the_example_card_access_lists_ecdh_gm_aes_128_on_brainpool_p256r1() -> None:
    assert parse_card_access(CARD_ACCESS) == (INFO,)
    assert build_card_access([INFO]) == CARD_ACCESS
    assert INFO.supported


def test_the_mrz_password_and_k_pi_are_the_published_ones() -> None:
    assert mrz_information("T22000129", "640812", "101031") == MRZ_INFORMATION
    assert mrz_password(MRZ_INFORMATION) == PI
    assert kdf(PI, KDF_PI, 16) == K_PI


def test_the_encrypted_nonce_decrypts_to_the_published_nonce() -> None:
    decryptor = Cipher(algorithms.AES(K_PI), modes.CBC(bytes(16))).decryptor()

    assert decryptor.update(ENCRYPTED_NONCE) + decryptor.finalize() == NONCE


def test_mapping_gives_the_published_shared_point_and_generator() -> None:
    chip_map = decode_point(BRAINPOOL, MAP_PUBLIC_CHIP)
    terminal_map = decode_point(BRAINPOOL, MAP_PUBLIC_TERMINAL)

    shared = scalar_multiply(BRAINPOOL, MAP_PRIVATE_TERMINAL, chip_map)
    assert shared is not None
    assert encode_point(BRAINPOOL, shared) == SHARED_POINT_H
    assert scalar_multiply(BRAINPOOL, MAP_PRIVATE_CHIP, terminal_map) == shared
    mapped = map_generator(BRAINPOOL, int.from_bytes(NONCE, "big"), shared)
    assert encode_point(BRAINPOOL, mapped) == MAPPED_GENERATOR


def test_key_agreement_gives_the_published_keys_and_session_keys() -> None:
    mapped = decode_point(BRAINPOOL, MAPPED_GENERATOR)

    terminal_public = scalar_multiply(BRAINPOOL, KEY_PRIVATE_TERMINAL, mapped)
    chip_public = scalar_multiply(BRAINPOOL, KEY_PRIVATE_CHIP, mapped)
    assert terminal_public is not None and chip_public is not None
    assert encode_point(BRAINPOOL, terminal_public) == KEY_PUBLIC_TERMINAL
    assert encode_point(BRAINPOOL, chip_public) == KEY_PUBLIC_CHIP
    assert shared_secret(BRAINPOOL, KEY_PRIVATE_TERMINAL, chip_public) == SHARED_SECRET
    assert shared_secret(BRAINPOOL, KEY_PRIVATE_CHIP, terminal_public) == SHARED_SECRET
    assert kdf(SHARED_SECRET, KDF_ENC, 16) == KS_ENC
    assert kdf(SHARED_SECRET, KDF_MAC, 16) == KS_MAC


def test_the_authentication_tokens_are_the_published_ones() -> None:
    oid = ID_PACE_ECDH_GM_AES_CBC_CMAC_128

    assert public_key_object(oid, KEY_PUBLIC_CHIP) == TOKEN_INPUT_TERMINAL
    assert authentication_token(KS_MAC, oid, KEY_PUBLIC_CHIP) == TOKEN_TERMINAL
    assert authentication_token(KS_MAC, oid, KEY_PUBLIC_TERMINAL) == TOKEN_CHIP


class RecordingChip:
    """Passes MSE:Set AT and GENERAL AUTHENTICATE to a PaceChip and keeps every exchange."""

    def __init__(self, chip: PaceChip) -> None:
        self.chip = chip
        self.exchanges: list[tuple[bytes, bytes]] = []

    def send(self, apdu: bytes) -> bytes:
        data = apdu[5 : 5 + apdu[4]]
        answer = self.chip.set_at(data) if apdu[1] == 0x22 else self.chip.general_authenticate(data)
        self.exchanges.append((apdu, answer))
        return answer


def example_chip() -> PaceChip:
    return PaceChip(
        [INFO],
        {PASSWORD_MRZ: PI},
        nonce=NONCE,
        private_keys=iter([MAP_PRIVATE_CHIP, KEY_PRIVATE_CHIP]),
    )


def test_terminal_and_chip_replay_the_whole_worked_example_apdu_by_apdu() -> None:
    chip = RecordingChip(example_chip())
    terminal = PaceTerminal(
        INFO,
        PI,
        PASSWORD_MRZ,
        private_keys=iter([MAP_PRIVATE_TERMINAL, KEY_PRIVATE_TERMINAL]),
    )

    session = terminal.run(chip.send)

    ok = h("9000")
    map_command = h("10860000 45 7C43 8141") + MAP_PUBLIC_TERMINAL + h("00")
    key_command = h("10860000 45 7C43 8341") + KEY_PUBLIC_TERMINAL + h("00")
    assert chip.exchanges == [
        (h("0022C1A4 12 800A04007F00070202040202 830101 84010D"), ok),
        (h("10860000 02 7C00 00"), h("7C12 8010") + ENCRYPTED_NONCE + ok),
        (map_command, h("7C43 8241") + MAP_PUBLIC_CHIP + ok),
        (key_command, h("7C43 8441") + KEY_PUBLIC_CHIP + ok),
        (h("00860000 0C 7C0A 8508") + TOKEN_TERMINAL + h("00"), h("7C0A 8608") + TOKEN_CHIP + ok),
    ]
    assert (session.ks_enc, session.ks_mac) == (KS_ENC, KS_MAC)
    assert chip.chip.session == session


def test_a_terminal_with_the_wrong_password_is_refused_at_mutual_authentication() -> None:
    chip = example_chip()
    terminal = PaceTerminal(INFO, mrz_password("T22000129364081251010319"), PASSWORD_MRZ)

    with pytest.raises(PaceError, match="refused with 6300"):
        terminal.run(RecordingChip(chip).send)
    assert terminal.step == "mutual authentication"
    assert chip.session is None
    assert chip.failures == 1


def test_a_chip_whose_token_is_wrong_is_not_trusted() -> None:
    chip = RecordingChip(example_chip())

    def forging_send(apdu: bytes) -> bytes:
        answer = chip.send(apdu)
        if apdu[0] == 0x00 and apdu[1] == 0x86:
            return answer[:-3] + bytes([answer[-3] ^ 1]) + answer[-2:]
        return answer

    with pytest.raises(PaceError, match="token does not verify"):
        PaceTerminal(INFO, PI, PASSWORD_MRZ).run(forging_send)


def test_a_chip_that_echoes_the_terminals_key_is_refused() -> None:
    chip = RecordingChip(example_chip())

    def echoing_send(apdu: bytes) -> bytes:
        answer = chip.send(apdu)
        if apdu[5:9] == h("7C438341"):
            return h("7C438441") + apdu[9 : 9 + 65] + h("9000")
        return answer

    with pytest.raises(PaceError, match="own key"):
        PaceTerminal(INFO, PI, PASSWORD_MRZ).run(echoing_send)


@pytest.mark.parametrize("parameter_id", [PARAM_BRAINPOOL_P256R1, PARAM_NIST_P256])
def test_the_curve_constants_match_cryptographys_curve(parameter_id: int) -> None:
    curve = CURVES[parameter_id]
    one = ec.derive_private_key(1, CRYPTOGRAPHY_CURVES[parameter_id]).public_key().public_numbers()

    assert (one.x, one.y) == curve.generator
    assert curve.contains(curve.generator)
    assert scalar_multiply(curve, curve.n, curve.generator) is None
    assert scalar_multiply(curve, curve.n - 1, curve.generator) == (curve.gx, curve.p - curve.gy)


@pytest.mark.parametrize("parameter_id", [PARAM_BRAINPOOL_P256R1, PARAM_NIST_P256])
def test_the_point_arithmetic_agrees_with_cryptography_on_random_scalars(
    parameter_id: int,
) -> None:
    curve = CURVES[parameter_id]
    crypto_curve = CRYPTOGRAPHY_CURVES[parameter_id]
    rng = random.Random(parameter_id)
    for _ in range(5):
        k = rng.randrange(1, curve.n)
        other = ec.derive_private_key(rng.randrange(1, curve.n), crypto_curve)
        numbers = other.public_key().public_numbers()
        point = (numbers.x, numbers.y)

        expected = ec.derive_private_key(k, crypto_curve).public_key().public_numbers()
        assert scalar_multiply(curve, k, curve.generator) == (expected.x, expected.y)
        product = scalar_multiply(curve, k, point)
        assert product is not None
        assert product[0].to_bytes(32, "big") == shared_secret(curve, k, point)
        peer = ec.EllipticCurvePublicNumbers(point[0], point[1], crypto_curve).public_key()
        assert shared_secret(curve, k, point) == ec.derive_private_key(k, crypto_curve).exchange(
            ec.ECDH(), peer
        )
        assert point_add(curve, point, (point[0], curve.p - point[1])) is None
        assert point_add(curve, point, point) == scalar_multiply(curve, 2, point)


@pytest.mark.parametrize(
    "encoded",
    [
        b"",
        h("04") + bytes(64),
        h("02") + MAPPED_GENERATOR[1:33],
        MAPPED_GENERATOR[:-1] + bytes([MAPPED_GENERATOR[-1] ^ 1]),
        MAPPED_GENERATOR + b"\x00",
    ],
    ids=["empty", "origin", "compressed", "off the curve", "too long"],
)
def test_a_public_key_that_is_not_a_curve_point_is_refused(encoded: bytes) -> None:
    with pytest.raises(PaceError):
        decode_point(BRAINPOOL, encoded)


# --- AES secure messaging ------------------------------------------------------------------


def _aes_ecb(key: bytes, block: bytes) -> bytes:
    encryptor = Cipher(algorithms.AES(key), modes.ECB()).encryptor()
    return encryptor.update(block) + encryptor.finalize()


def _pad16(data: bytes) -> bytes:
    data += b"\x80"
    return data + bytes(-len(data) % 16)


def _cmac8(key: bytes, data: bytes) -> bytes:
    mac = CMAC(algorithms.AES(key))
    mac.update(data)
    return mac.finalize()[:8]


def test_aes_secure_messaging_protects_a_select_as_part_11_section_9_8_says() -> None:
    # SELECT EF.COM, the first command after PACE: SSC 0 → 1.
    ssc = (1).to_bytes(16, "big")
    iv = _aes_ecb(KS_ENC, ssc)
    encryptor = Cipher(algorithms.AES(KS_ENC), modes.CBC(iv)).encryptor()
    cryptogram = encryptor.update(_pad16(h("011E"))) + encryptor.finalize()
    do87 = h("8711 01") + cryptogram
    header = h("0CA4020C")
    mac = _cmac8(KS_MAC, _pad16(ssc + _pad16(header) + do87))
    expected = header + h("1D") + do87 + h("8E08") + mac + h("00")

    sm = AesSecureMessaging(KS_ENC, KS_MAC)

    assert sm.protect(h("00A4020C02011E")) == expected
    assert sm.ssc == ssc


def test_aes_secure_messaging_reads_a_response_as_part_11_section_9_8_says() -> None:
    # The answer to READ BINARY (SSC 2): DO'87 with 4 bytes, DO'99 9000, DO'8E.
    ssc = (2).to_bytes(16, "big")
    encryptor = Cipher(algorithms.AES(KS_ENC), modes.CBC(_aes_ecb(KS_ENC, ssc))).encryptor()
    do87 = h("8711 01") + encryptor.update(_pad16(h("60145F01"))) + encryptor.finalize()
    do99 = h("99029000")
    response = do87 + do99 + h("8E08") + _cmac8(KS_MAC, _pad16(ssc + do87 + do99)) + h("9000")

    sm = AesSecureMessaging(KS_ENC, KS_MAC, (1).to_bytes(16, "big"))

    assert sm.unprotect(response) == h("60145F01 9000")


def test_aes_secure_messaging_round_trips_between_terminal_and_card() -> None:
    terminal = AesSecureMessaging(KS_ENC, KS_MAC)
    card = CardSecureMessaging(AesSecureMessaging(KS_ENC, KS_MAC))
    content = bytes(range(223))

    for apdu in (h("00A4020C020101"), h("00B00000DF"), h("00B000DF10")):
        command = card.unprotect_command(terminal.protect(apdu))
        assert command.to_bytes() == apdu
        assert terminal.unprotect(card.protect_response(content, h("9000"))) == content + h("9000")
    assert terminal.ssc == card.ssc == (6).to_bytes(16, "big")


def test_an_aes_response_out_of_sequence_or_tampered_is_refused() -> None:
    terminal = AesSecureMessaging(KS_ENC, KS_MAC)
    card = CardSecureMessaging(AesSecureMessaging(KS_ENC, KS_MAC))
    card.unprotect_command(terminal.protect(h("00B0000004")))
    response = card.protect_response(h("60145F01"), h("9000"))
    tampered = response[:5] + bytes([response[5] ^ 1]) + response[6:]

    with pytest.raises(SecureMessagingError):
        AesSecureMessaging(KS_ENC, KS_MAC, (1).to_bytes(16, "big")).unprotect(tampered)
    with pytest.raises(SecureMessagingError):
        AesSecureMessaging(KS_ENC, KS_MAC, (2).to_bytes(16, "big")).unprotect(response)
    assert terminal.unprotect(response) == h("60145F01 9000")


def test_aes_secure_messaging_needs_aes_keys_and_a_16_byte_counter() -> None:
    with pytest.raises(IcaoError):
        AesSecureMessaging(bytes(8), bytes(8))
    with pytest.raises(IcaoError):
        AesSecureMessaging(KS_ENC, KS_MAC, bytes(8))
