"""The simulated ID card: the chip of a CCCD (an ICAO eMRTD applet), for the demo and the tests.

- ``chip``: :class:`~.chip.CccdCardSimulator`, the card's state machine, in process
  (``transmit``) or on the virtual reader (``insert``/``remove``);
- ``files``: what the card holds (EF.CardAccess, EF.COM, DG1, DG2, DG13, EF.SOD), built from
  a test identity;
- ``pace_chip`` and ``secure_channel``: the card's halves of PACE, of BAC mutual
  authentication and of secure messaging;
- ``vpcd_link``: the card's end of vsmartcard's vpcd protocol;
- ``vpcd``: pcscd + vpcd with the card on "Virtual PCD 00 00", as the demo and the tests use
  it (``python -m hardware.simulators.card.vpcd``; ``python -m hardware.simulators.card``
  puts a card on an already running pcscd, or times in-process reads).

May import the card reader's code (its ICAO protocol code, the DG13 types, the access keys;
the vpcd service and the benchmark also the PC/SC reader and the chip reader that read the
card), pyscard, Pillow, asn1crypto and the kiosk core's data types; never Qt, ``ui`` or
``sync``. Product code never imports it (an import contract says so).
"""
