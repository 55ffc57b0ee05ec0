"""The touch screen: the Qt Quick screens (``qml/``) and the Python objects they bind to.

- ``session_bridge``: ``kiosk`` in QML: navigation, language, error, inactivity, and one
  view per family of screens as a constant property: ``catalogue_view`` (the procedures on
  offer and the one chosen), ``identify_view`` (reader and chip), ``form_view`` (questions,
  photos of papers, the check page), ``confirmation_view`` (submit, confirmation, receipt),
  ``camera_feed`` (the camera, its preview and the QR codes it reads) and ``lookup_view``
  (a dossier by its tracking code);
- ``background``: slow work on a worker thread, its outcome back on the GUI thread (the
  only place here that starts a thread);
- ``qml_enums`` (the core's state enums as QML enumerations), ``qml_values`` (JSON for
  structures, a signal only when a value changed), ``words`` (the resident's language),
  ``memory_image`` and ``camera_view`` (pictures painted from memory, never from disk);
- ``application`` (Qt, fonts, translations, the window), ``driver`` and ``tour`` (tapping
  the real screens, for the tests and ``kiosk tour``).

May import Qt (PySide6) and the kiosk core, the ports included; never ``hardware``, ``sync``,
a device, network or database library (import contracts in ``pyproject.toml``): the
composition root hands the screens their ports.
"""
