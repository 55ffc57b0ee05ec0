"""ID-card readers (PC/SC): reader and card presence, and reading the CCCD chip (ICAO 9303)."""
