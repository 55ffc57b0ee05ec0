"""The composition root: the one package that reads the configuration and wires the parts.

It alone in ``kiosk`` may import ``ui``, ``hardware`` and ``sync`` (the import contracts in
``pyproject.toml`` ignore this package and no other), and it alone may import the
simulators, for the demo. It holds:

- ``parts``: how each part is built from the settings (printer, outbox, portal client);
- ``wiring``: :func:`build_app`, every part of a running kiosk, real or simulated, each
  given the audit trail;
- ``audit_log``: where the audit trail goes (the ``kiosk.audit`` logger, and the journal
  with ``KIOSK_*`` fields when python-systemd is installed);
- ``demo``: what the demo puts in place of the devices (the simulated camera's frames);
- ``on_screen``: the QML window over a built kiosk, and the tour of its screens;
- ``start_up``: ``kiosk run`` and ``kiosk demo`` in two stages: the home screen's first
  frame with only Qt, the bridge and the core loaded (``screen_keys``: the screen's settings
  read with tomllib; ``pending_ports``: stand-in ports that hold a resident's first requests),
  then :func:`build_app` on a thread and the real ports swapped in, then READY=1;
- ``metrics``: the Prometheus metrics over a :class:`~kiosk.health.KioskHealth` source, and
  their HTTP server (the only module importing ``prometheus_client``);
- ``cli``: the ``kiosk`` command, with the technicians' commands (``technician_commands``),
  the outbox commands (``outbox_commands``), the portal commands (``portal_commands``) and
  ``kiosk health`` (``health_commands``).

Nothing outside this package constructs a device or a client.
"""
