"""The receipt printer: ``interface`` (what a printer does, whatever its connection),
``escpos_encoding`` (laid-out blocks to ESC/POS bytes and back), ``escpos_printer`` (a real
printer through python-escpos: network, USB, serial, device file), ``receipt_output`` (the
printer as the core's ``ReceiptOutput`` port). The simulated printer is in
``hardware.simulators.printer``. May import python-escpos, Pillow and the kiosk core's
receipt layout and data types."""
