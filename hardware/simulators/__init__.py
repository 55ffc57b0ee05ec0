"""Simulated devices, for the demo and the tests: each sits at the lowest boundary it can, so
the real code above it runs.

- ``printer``: a printer with no paper that runs the real layout and ESC/POS encoding, then
  decodes the bytes back into the PNG a real printer would print;
- ``camera``: replays image files into the real scanning pipeline (``demo_frames`` draws the
  demo citizen's ID card; ``paper_photos`` makes synthetic photos of paper held up to the
  camera, the tests' and the demo's sample papers in ``config/demo/papers/``);
- ``card_reader``: a reader whose card presence is driven by code;
- ``card``: the ID card's chip (an ICAO eMRTD applet), in process or behind the real pcscd
  through vsmartcard's vpcd driver.

Product code never imports this package (an import contract says so); the composition root
(``kiosk.app``) does, in demo mode. It may import the device packages beside it and the
kiosk core's data types; never Qt, ``ui`` or ``sync``.
"""
