"""BAC and 3DES secure messaging (``hardware.card_reader.icao``, and the card's half in
``hardware.simulators.card.secure_channel``) against the worked example of ICAO Doc 9303
Part 11, Appendix D (BAC).

Every hex value below is printed in the appendix: D.1 (MRZ), D.2 (key derivation), D.3
(mutual authentication), D.4 (secure messaging: SELECT EF.COM, two READ BINARY).
"""

from __future__ import annotations

import pytest

from hardware.card_reader.icao.bac import (
    BacChallenge,
    adjust_parity,
    bac_keys,
    check_digit,
    derive_key,
    external_authenticate_data,
    initial_ssc,
    key_seed,
    mrz_information,
    session_keys,
    verify_card_answer,
)
from hardware.card_reader.icao.ciphers import retail_mac
from hardware.card_reader.icao.errors import AuthenticationError, SecureMessagingError
from hardware.card_reader.icao.secure_messaging import SecureMessaging
from hardware.simulators.card.secure_channel import CardSecureMessaging

h = bytes.fromhex

MRZ_INFORMATION = "L898902C<369080619406236"
K_SEED = h("239AB9CB282DAF66231DC5A4DF6BFBAE")
K_ENC = h("AB94FDECF2674FDFB9B391F85D7F76F2")
K_MAC = h("7962D9ECE03D1ACD4C76089DCE131543")
RND_IC = h("4608F91988702212")
RND_IFD = h("781723860C06C226")
K_IFD = h("0B795240CB7049B01C19B33E32804F0B")
E_IFD = h("72C29C2371CC9BDB65B779B8E8D37B29ECC154AA56A8799FAE2F498F76ED92F2")
M_IFD = h("5F1448EEA8AD90A7")
E_IC = h("46B9342A41396CD7386BF5803104D7CEDC122B9132139BAF2EEDC94EE178534F")
M_IC = h("2F2D235D074D7449")
K_IC = h("0B4F80323EB3191CB04970CB4052790B")
SESSION_SEED = h("0036D272F5C350ACAC50C3F572D23600")
KS_ENC = h("979EC13B1CBFE9DCD01AB0FED307EAE5")
KS_MAC = h("F1CB1F1FB5ADF208806B89DC579DC1F8")
SSC = h("887022120C06C226")

SELECT_EF_COM = h("00A4020C02011E")
SELECT_EF_COM_PROTECTED = h("0CA4020C158709016375432908C044F68E08BF8B92D635FF24F800")
SELECT_EF_COM_RESPONSE = h("990290008E08FA855A5D4C50A8ED9000")
READ_FIRST_4 = h("00B0000004")
READ_FIRST_4_PROTECTED = h("0CB000000D9701048E08ED6705417E96BA5500")
READ_FIRST_4_RESPONSE = h("8709019FF0EC34F9922651990290008E08AD55CC17140B2DED9000")
READ_REST_18 = h("00B0000412")
READ_REST_18_PROTECTED = h("0CB000040D9701128E082EA28A70F3C7B53500")
READ_REST_18_RESPONSE = h(
    "871901FB9235F4E4037F2327DCC8964F1F9B8C30F42C8E2FFF224A990290008E08C8B2787EAEA07D749000"
)
EF_COM = h("60145F0104303130365F36063034303030305C026175")


def test_mrz_information_is_built_with_check_digits_as_in_the_example() -> None:
    assert check_digit("L898902C<") == "3"
    assert check_digit("690806") == "1"
    assert check_digit("940623") == "6"
    assert mrz_information("L898902C", "690806", "940623") == MRZ_INFORMATION


def test_bac_keys_derive_the_published_seed_and_keys() -> None:
    assert key_seed(MRZ_INFORMATION) == K_SEED
    assert bac_keys(MRZ_INFORMATION) == (K_ENC, K_MAC)


def test_key_derivation_sets_odd_parity_on_every_byte() -> None:
    for key in (*bac_keys(MRZ_INFORMATION), derive_key(SESSION_SEED, 1)):
        assert all(bin(byte).count("1") % 2 == 1 for byte in key)
    assert adjust_parity(h("00FF")) == h("01FE")


def test_external_authenticate_data_matches_e_ifd_and_m_ifd() -> None:
    challenge = BacChallenge(RND_IFD, K_IFD)

    assert external_authenticate_data(challenge, RND_IC, K_ENC, K_MAC) == E_IFD + M_IFD
    assert retail_mac(K_MAC, E_IFD) == M_IFD


def test_the_cards_answer_verifies_and_yields_k_ic() -> None:
    challenge = BacChallenge(RND_IFD, K_IFD)

    assert verify_card_answer(E_IC + M_IC, challenge, RND_IC, K_ENC, K_MAC) == K_IC


def test_a_tampered_card_answer_is_refused() -> None:
    challenge = BacChallenge(RND_IFD, K_IFD)
    tampered = bytes([E_IC[0] ^ 1]) + E_IC[1:] + M_IC

    with pytest.raises(AuthenticationError):
        verify_card_answer(tampered, challenge, RND_IC, K_ENC, K_MAC)


def test_session_keys_and_send_sequence_counter_match_the_example() -> None:
    assert derive_key(SESSION_SEED, 1) == KS_ENC
    assert session_keys(K_IFD, K_IC) == (KS_ENC, KS_MAC)
    assert initial_ssc(RND_IC, RND_IFD) == SSC


def test_secure_messaging_protects_and_unprotects_the_three_example_apdus() -> None:
    sm = SecureMessaging(KS_ENC, KS_MAC, SSC)

    assert sm.protect(SELECT_EF_COM) == SELECT_EF_COM_PROTECTED
    assert sm.unprotect(SELECT_EF_COM_RESPONSE) == h("9000")
    assert sm.protect(READ_FIRST_4) == READ_FIRST_4_PROTECTED
    assert sm.unprotect(READ_FIRST_4_RESPONSE) == h("60145F01") + h("9000")
    assert sm.protect(READ_REST_18) == READ_REST_18_PROTECTED
    assert sm.unprotect(READ_REST_18_RESPONSE) == EF_COM[4:] + h("9000")
    assert sm.ssc == h("887022120C06C22C")


def test_a_response_with_a_bad_mac_raises() -> None:
    sm = SecureMessaging(KS_ENC, KS_MAC, SSC)
    sm.protect(SELECT_EF_COM)
    forged = SELECT_EF_COM_RESPONSE[:-3] + bytes([SELECT_EF_COM_RESPONSE[-3] ^ 1]) + h("9000")

    with pytest.raises(SecureMessagingError):
        sm.unprotect(forged)


def test_the_card_side_reads_back_what_the_terminal_protected() -> None:
    terminal = SecureMessaging(KS_ENC, KS_MAC, SSC)
    card = CardSecureMessaging(SecureMessaging(KS_ENC, KS_MAC, SSC))

    command = card.unprotect_command(terminal.protect(READ_REST_18))
    response = card.protect_response(EF_COM[4:], h("9000"))

    assert command.to_bytes() == READ_REST_18
    assert terminal.unprotect(response) == EF_COM[4:] + h("9000")


def test_the_card_side_produces_the_example_response_bytes() -> None:
    card = CardSecureMessaging(SecureMessaging(KS_ENC, KS_MAC, SSC))
    card.unprotect_command(SELECT_EF_COM_PROTECTED)

    assert card.protect_response(b"", h("9000")) == SELECT_EF_COM_RESPONSE
    assert card.unprotect_command(READ_FIRST_4_PROTECTED).to_bytes() == READ_FIRST_4
    assert card.protect_response(h("60145F01"), h("9000")) == READ_FIRST_4_RESPONSE
    assert card.unprotect_command(READ_REST_18_PROTECTED).to_bytes() == READ_REST_18
    assert card.protect_response(EF_COM[4:], h("9000")) == READ_REST_18_RESPONSE


def test_the_card_side_refuses_a_command_with_a_bad_mac() -> None:
    card = CardSecureMessaging(SecureMessaging(KS_ENC, KS_MAC, SSC))
    forged = SELECT_EF_COM_PROTECTED[:-2] + bytes([SELECT_EF_COM_PROTECTED[-2] ^ 1]) + b"\x00"

    with pytest.raises(SecureMessagingError):
        card.unprotect_command(forged)
