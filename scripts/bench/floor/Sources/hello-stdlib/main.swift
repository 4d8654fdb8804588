// Prints one line: a Swift process with nothing but the standard library.
print("hello \(CommandLine.arguments.count)")
