import QtQuick
import Kiosk
import "../../components"

// Over every resident screen while the technician's PIN pad or screen is up: opaque, and
// taking every touch, so nothing of the resident's screens shows or can be reached. The
// technician screen itself loads only once the PIN was right.
Rectangle {
    id: layer
    objectName: "technicianLayerRoot"
    readonly property var view: kiosk.technicianView
    color: Theme.background

    MouseArea {
        // what no control of the pad or the screen takes stops here
        anchors.fill: parent
    }

    PinPad {
        anchors.fill: parent
        visible: layer.view.state !== TechnicianState.Open
        view: layer.view
    }

    Loader {
        objectName: "technicianScreenLoader"
        anchors.fill: parent
        active: layer.view.state === TechnicianState.Open
        source: "TechnicianScreen.qml"
    }

    MouseArea {
        // any touch starts the two minutes again, and goes on to what was touched
        anchors.fill: parent
        z: 100
        onPressed: (mouse) => { layer.view.touched(); mouse.accepted = false }
    }
}
