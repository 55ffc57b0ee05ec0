"""The receipt of the submission just made, without a printer: printed or failed, the
printer coming back, printing again only after a failure, and nothing kept at the end."""

from kiosk.receipt_printing import PrintState, ReceiptPrinting

LOCAL_ID = "01JCX8Q2W3E4R5T6Y7U8I9O0PA"


def state(printing: ReceiptPrinting) -> PrintState:
    """The state read afresh (mypy would keep what an earlier assert said of the attribute)."""
    return printing.state


def test_a_receipt_that_prints_is_done_with():
    printing = ReceiptPrinting()
    assert state(printing) == PrintState.IDLE and not printing.can_print_again
    assert printing.start(LOCAL_ID)
    assert state(printing) == PrintState.PRINTING
    assert not printing.start(LOCAL_ID)  # one print at a time
    assert printing.finished(LOCAL_ID, printed=True)
    assert state(printing) == PrintState.PRINTED
    assert not printing.can_print_again and not printing.start(LOCAL_ID)
    assert not printing.printer_ready(True)  # nothing waits for the printer


def test_a_failed_receipt_waits_for_the_printer_and_may_be_printed_again():
    printing = ReceiptPrinting()
    printing.start(LOCAL_ID)
    assert printing.finished(LOCAL_ID, printed=False)
    assert state(printing) == PrintState.FAILED and printing.can_print_again
    assert not printing.printer_back
    assert not printing.printer_ready(False)  # no change: nothing to tell
    assert printing.printer_ready(True) and printing.printer_back
    assert not printing.printer_ready(True)
    assert printing.start(LOCAL_ID)
    assert state(printing) == PrintState.PRINTING
    assert not printing.printer_ready(False)  # only a failed receipt waits
    assert printing.finished(LOCAL_ID, printed=True)
    assert state(printing) == PrintState.PRINTED and not printing.printer_back


def test_a_print_that_ends_after_the_session_is_not_taken():
    printing = ReceiptPrinting()
    printing.start(LOCAL_ID)
    printing.forget()
    assert not printing.finished(LOCAL_ID, printed=False)
    assert state(printing) == PrintState.IDLE and not printing.printer_back


def test_another_submissions_print_is_not_taken_for_this_one():
    printing = ReceiptPrinting()
    printing.start(LOCAL_ID)
    assert not printing.finished("01JCX8Q2W3E4R5T6Y7U8I9O0PB", printed=True)
    assert state(printing) == PrintState.PRINTING


def test_forgetting_a_failed_receipt_leaves_nothing():
    printing = ReceiptPrinting()
    printing.start(LOCAL_ID)
    printing.finished(LOCAL_ID, printed=False)
    printing.printer_ready(True)
    printing.forget()
    assert state(printing) == PrintState.IDLE and not printing.printer_back
    assert not printing.can_print_again
