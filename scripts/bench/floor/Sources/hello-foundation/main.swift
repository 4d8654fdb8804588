// Prints one line using Foundation (a date and the process's environment), so the linker keeps it.
import Foundation

print("hello \(Date().timeIntervalSince1970 > 0) \(ProcessInfo.processInfo.environment.count > 0)")
