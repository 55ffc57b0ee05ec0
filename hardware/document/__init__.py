"""Paper documents through the kiosk's camera, as a phone scanner app does them.

- ``page_finder``: the page's four corners in a frame (edges and a brightness split,
  contours, a quadrilateral fit), clockwise from the top-left, in the frame's pixels;
- ``page_quality``: blur (variance of the Laplacian), glare (saturated share) and the page's
  size and place in the frame;
- ``flatten``: the page straightened to its own aspect (A4/A5's 1:√2 recognised), its
  lighting evened and its text's contrast raised;
- ``document_file``: reading a photo, writing a page (PNG/JPEG) or a document (one PDF);
- ``scanner``: the two calls a screen needs, :func:`~hardware.document.scanner.analyse_frame`
  (cheap, every preview frame: corners, figures, the hint) and
  :func:`~hardware.document.scanner.capture_page` (the flat page);
- ``assembly``: a paper's pages as one PDF under ``[documents] max_document_bytes``
  (:class:`~hardware.document.assembly.PdfAssembler`, the core's ``DocumentAssembler``).

The hints and their limits are the core's (``kiosk.document_hints``). May import OpenCV,
NumPy, Pillow and the kiosk core; never Qt, ``ui`` or ``sync``.
"""
