import AdvisorTestSupport
import Foundation

/// The fake Bedrock endpoint (Tests/Oracles/fake_bedrock.py) on 127.0.0.1, for one test: started
/// with a scenario, stopped (SIGKILL) when the test ends; it also stops itself after 120 s.
final class FakeBedrock {
    static let accessKey = "AKIAFAKEBEDROCK00001"
    static let secretKey = "fakeBedrockSecretDoNotPrint/0123456789abc"

    let process: Process
    let directory: TemporaryDirectory
    let port: Int

    struct LogEntry: Decodable {
        var call: Int
        var path: String
        var model: String
        var action: String
        var signature_ok: Bool
        var bearer: Bool
    }

    init(profiles: [String: [String: Int]] = [:], refuse: [String] = [], script: [String] = [], region: String = "eu-central-1") throws {
        directory = try TemporaryDirectory()
        let scenario: [String: Any] = ["access_key": Self.accessKey, "secret_key": Self.secretKey, "region": region,
                                       "profiles": profiles, "refuse": refuse, "script": script]
        try JSONSerialization.data(withJSONObject: scenario).write(to: URL(fileURLWithPath: directory.path("scenario.json")))
        process = try Subprocess.start(URL(fileURLWithPath: "/usr/bin/env"),
                                       ["python3", Repo.file("Tests/Oracles/fake_bedrock.py").path, directory.path("scenario.json"),
                                        directory.path("port"), directory.path("log")])
        var found: Int?
        for _ in 0..<200 {  // up to 10 s for the interpreter to start
            if let text = try? String(contentsOfFile: directory.path("port"), encoding: .utf8), let value = Int(text) {
                found = value
                break
            }
            usleep(50_000)
        }
        guard let found else {
            kill(process.processIdentifier, SIGKILL)
            throw CocoaError(.fileReadNoSuchFile)
        }
        port = found
    }

    deinit {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        directory.remove()
    }

    var url: String { "http://127.0.0.1:\(port)" }

    var log: [LogEntry] {
        let text = (try? String(contentsOfFile: directory.path("log"), encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { try? JSONDecoder().decode(LogEntry.self, from: Data($0.utf8)) }
    }
}
