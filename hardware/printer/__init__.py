"""Receipt printers: the interface, the ESC/POS driver and a simulator that writes PNGs."""
