import NakerLogging

/// Writes `text` and a newline to stderr: messages for the person at the terminal.
func printError(_ text: String) {
    LineOutput.standardError.write(text + "\n")
}
