public import Foundation

/// The one way tests run another program: the built `advisor`, a Python oracle, a helper.
/// stdout and stderr are read at the same time (a child that fills one pipe while we wait on the
/// other would hang the test), stdin is written and closed, and the environment is exactly what
/// the caller gives.
public enum Subprocess {
    public struct Result: Sendable {
        public var stdout: String
        public var stderr: String
        public var code: Int32
        public var stdoutData: Data

        public var stdoutLines: [String] { stdout.split(separator: "\n").map(String.init) }
    }

    /// Where the child's stdout goes: captured, or a file (`/dev/full`, to see a failed write).
    public enum Output: Sendable {
        case capture
        case file(String)
    }

    /// Runs `executable` to the end. `environment` nil inherits ours. A program still running after
    /// `timeout` seconds is killed (SIGKILL; exit code 137 in the result), so a regression that
    /// hangs fails its test instead of hanging the suite.
    public static func run(
        _ executable: URL, _ arguments: [String], environment: [String: String]? = nil,
        directory: URL? = nil, stdin: Data? = nil, stdout: Output = .capture,
        timeout: Double = 300
    ) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let environment { process.environment = environment }
        if let directory { process.currentDirectoryURL = directory }
        let outPipe = Pipe(), errPipe = Pipe(), inPipe = Pipe()
        switch stdout {
        case .capture: process.standardOutput = outPipe
        case .file(let path):
            guard let handle = FileHandle(forWritingAtPath: path) else { throw CocoaError(.fileWriteUnknown) }
            process.standardOutput = handle
        }
        process.standardError = errPipe
        process.standardInput = stdin == nil ? FileHandle.nullDevice : inPipe
        try process.run()
        let pid = process.processIdentifier
        let watchdog = DispatchWorkItem { kill(pid, SIGKILL) }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: watchdog)
        defer { watchdog.cancel() }
        let errorBytes = Captured()
        let reader = Thread { errorBytes.set(errPipe.fileHandleForReading.readDataToEndOfFile()) }
        reader.start()
        if let stdin {
            // A child that exits without reading all of stdin must not kill us with SIGPIPE.
            signal(SIGPIPE, SIG_IGN)
            try? inPipe.fileHandleForWriting.write(contentsOf: stdin)
            try? inPipe.fileHandleForWriting.close()
        }
        let outBytes: Data
        if case .capture = stdout { outBytes = outPipe.fileHandleForReading.readDataToEndOfFile() } else { outBytes = Data() }
        process.waitUntilExit()
        let stderrData = errorBytes.wait()
        return Result(
            stdout: String(decoding: outBytes, as: UTF8.self), stderr: String(decoding: stderrData, as: UTF8.self),
            code: process.terminationStatus, stdoutData: outBytes)
    }

    /// A program running in the background with its output captured; `finish()` waits for it.
    public final class Running: @unchecked Sendable {
        // @unchecked: `outcome` is written once by the runner thread before `done` is signalled.
        private var outcome: Swift.Result<Result, any Error> = .failure(CocoaError(.executableLoad))
        private let done = DispatchSemaphore(value: 0)

        init(_ body: @escaping @Sendable () throws -> Result) {
            let thread = Thread { [self] in
                outcome = Swift.Result { try body() }
                done.signal()
            }
            thread.start()
        }

        public func finish() throws -> Result {
            done.wait()
            return try outcome.get()
        }
    }

    /// Runs `executable` in the background, capturing what it prints: for several at once.
    public static func background(_ executable: URL, _ arguments: [String], environment: [String: String]? = nil) throws -> Running {
        Running { try run(executable, arguments, environment: environment) }
    }

    /// Starts `executable` and returns at once, for tests that signal or kill it midway; its stdout
    /// goes to `output` when given, else nowhere.
    public static func start(
        _ executable: URL, _ arguments: [String], environment: [String: String]? = nil,
        output: Pipe? = nil
    ) throws -> Process {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let environment { process.environment = environment }
        process.standardOutput = output ?? FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// python3 from PATH with `arguments` (a script path or `-c` code).
    public static func python(_ arguments: [String], stdin: String? = nil) throws -> Result {
        try run(URL(fileURLWithPath: "/usr/bin/env"), ["python3"] + arguments, stdin: stdin.map { Data($0.utf8) })
    }

    /// Whether python3 can import every module named.
    public static func pythonHas(_ modules: String...) -> Bool {
        (try? python(["-c", "import " + modules.joined(separator: ", ")]).code) == 0
    }

    /// Bytes handed from the stderr reader thread to the caller.
    final class Captured: @unchecked Sendable {
        // @unchecked: `data` is written once by the reader thread and read after `done` is signalled.
        private var data = Data()
        private let done = DispatchSemaphore(value: 0)

        func set(_ bytes: Data) {
            data = bytes
            done.signal()
        }

        func wait() -> Data {
            done.wait()
            return data
        }
    }
}

extension Subprocess {
    /// What `peakMemory` saw: the exit code and the child's own peak resident set.
    public struct Measured: Sendable {
        public var code: Int32
        public var peakKiB: Int
        public var stderr: String
    }

    /// Runs `executable` with stdout discarded and reads the child's own peak resident memory from
    /// wait4. A small Python parent does the waiting: in this process, Foundation's Process reaps
    /// children itself, so a wait4 here can lose the child (and its rusage) to another test's
    /// Process, and RUSAGE_CHILDREN mixes in every other test's children. Killed after `timeout`.
    public static func peakMemory(
        _ executable: URL, _ arguments: [String], environment: [String: String],
        timeout: Double = 300
    ) throws -> Measured {
        // fork and wait4 by hand: subprocess.Popen reaps the child itself and loses its rusage.
        let waiting = """
            import json, os, sys
            read_end, write_end = os.pipe()
            pid = os.fork()
            if pid == 0:
                os.close(read_end)
                null = os.open("/dev/null", os.O_RDWR)
                os.dup2(null, 0); os.dup2(null, 1); os.dup2(write_end, 2)
                os.execve(sys.argv[2], sys.argv[2:], json.loads(os.environ["ADVISOR_PEAK_ENV"]))
            os.close(write_end)
            import signal, threading
            timer = threading.Timer(float(sys.argv[1]), lambda: os.kill(pid, signal.SIGKILL)); timer.start()
            chunks = []
            while True:
                chunk = os.read(read_end, 65536)
                if not chunk: break
                chunks.append(chunk)
            _, status, usage = os.wait4(pid, 0)
            timer.cancel()
            code = os.waitstatus_to_exitcode(status)
            print(json.dumps({"code": code if code >= 0 else 128 - code, "peak": usage.ru_maxrss,
                              "stderr": b"".join(chunks).decode("utf-8", "replace")}))
            """
        let data = try JSONSerialization.data(withJSONObject: environment)
        let result = try run(
            URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", waiting, String(timeout), executable.path] + arguments,
            environment: ["PATH": "/usr/bin:/bin", "ADVISOR_PEAK_ENV": String(decoding: data, as: UTF8.self)],
            timeout: timeout + 30)
        guard result.code == 0, let object = try JSONSerialization.jsonObject(with: result.stdoutData) as? [String: Any],
            let code = object["code"] as? Int, let peak = object["peak"] as? Int
        else {
            throw CocoaError(.executableLoad, userInfo: [NSLocalizedDescriptionKey: "the measuring parent failed: \(result.stderr)"])
        }
        return Measured(code: Int32(code), peakKiB: peak, stderr: object["stderr"] as? String ?? "")
    }
}
