"""The touch screen: Qt Quick screens and the Python objects they bind to."""
