def test_dbg(screens):
    d = screens.driver
    d.tap("startButton")
    screens.window.window.grabWindow().save("/tmp/dbg0.png")
    d.tap("procedure_dang-ky-tam-tru")
    screens.window.window.grabWindow().save("/tmp/dbg1.png")
    print("SCREEN", screens.session.screen)
