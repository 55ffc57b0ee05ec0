"""ID-card readers (PC/SC): presence of a reader and a card; chip reading comes later."""
