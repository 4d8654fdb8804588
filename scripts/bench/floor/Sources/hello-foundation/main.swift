// Prints one line through the parts of Foundation advisor's libraries keep linked: GRDB's Date
// support formats with DateFormatter (FoundationInternationalization, ICU) and String(format:) is
// swift-corelibs-foundation's. With Date alone the linker would keep only FoundationEssentials.
import Foundation

let formatter = DateFormatter()
formatter.dateFormat = "yyyy"
print(String(format: "hello %@ %d", formatter.string(from: Date()), ProcessInfo.processInfo.environment.count))
