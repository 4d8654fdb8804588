import AdvisorCore
import Foundation

/// Text escaped for XML 1.0 and HTML (JUnit, SVG, the HTML report), where control characters other
/// than tab and newlines cannot appear at all (not even as `&#27;`): they are written as visible escapes.
enum XMLText {
    static func escape(_ text: String) -> String {
        Sanitize.visible(text).replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
