"""ID-card readers (PC/SC): reader and card presence, and reading the CCCD chip (ICAO 9303).

- ``interface``: what the kiosk needs from a reader; ``pcsc_reader``: pcscd's reader and
  card presence; ``pcsc_chip``: both as the core's ``CardChip`` port;
- ``cccd_chip``: the read of a chip through any APDU transport (PACE or BAC, then the
  files); ``pcsc_transport``: that transport over pyscard, and ``PcscChipReader``;
- ``cccd_access``: the keys that open a CCCD (BAC candidates from the QR, the CAN);
- ``mrz``, ``dg2``, ``dg13``: what DG1, DG2 and DG13 hold;
- ``icao``: the ICAO protocols themselves (BAC, secure messaging, PACE).

Product code: may import pyscard, asn1crypto, cryptography, ecdsa (through ``icao``) and the
kiosk core's data types; never Qt, ``ui``, ``sync`` or a simulator (the simulated card is in
``hardware.simulators.card``).
"""
