"""The ICAO Doc 9303 Part 11 protocols a terminal speaks to an eMRTD chip (the CCCD's).

- ``tlv``: BER lengths, single-byte-tag TLVs, OID content octets;
- ``ciphers``: 3DES, the retail MAC, AES, AES-CMAC and their padding;
- ``bac``: MRZ check digits and information, BAC keys, the terminal's half of BAC;
- ``secure_messaging``: protected APDUs, 3DES (after BAC) and AES (after PACE);
- ``card_access``: EF.CardAccess and the PACEInfos it lists;
- ``curves``: PACE's elliptic curves and point arithmetic (python-ecdsa);
- ``pace``: the terminal's half of PACE (Generic Mapping, ECDH, AES);
- ``errors``: what all of them raise (:class:`~.errors.IcaoError` and its kinds).

Pure protocol, no I/O: a caller hands in a ``send(apdu) -> response`` or the bytes. May import
the standard library, ``cryptography``, ``asn1crypto`` and ``ecdsa``; never Qt, ``ui``,
``sync``, the kiosk core, pyscard or any other I/O, nor a simulator. The card's halves of
these protocols live with the simulated card (``hardware.simulators.card``), which imports
this package, never the other way round.
"""
