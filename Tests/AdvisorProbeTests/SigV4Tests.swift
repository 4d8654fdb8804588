@testable import AdvisorProbe
import AdvisorTestSupport
import Foundation
import Testing

/// Parses the suite's `.req` files: `METHOD PATH?QUERY HTTP/1.1`, `Name:value` lines (a line that
/// starts with whitespace continues the previous value), a blank line, the body. No trailing newline.
enum RequestFile {
    static func parse(_ text: String) -> SigningRequest {
        let parts = text.components(separatedBy: "\n\n")
        let head = parts[0], body = parts.dropFirst().joined(separator: "\n\n")
        var lines = head.components(separatedBy: "\n")
        let requestLine = lines.removeFirst()
        let method = String(requestLine.prefix { $0 != " " })
        let target = String(requestLine.dropFirst(method.count + 1).dropLast(" HTTP/1.1".count))
        let path = String(target.prefix { $0 != "?" })
        let query = target.count > path.count ? String(target.dropFirst(path.count + 1)) : ""
        var headers: [(name: String, value: String)] = []
        for line in lines where !line.isEmpty {
            if line.first == " " || line.first == "\t", !headers.isEmpty {
                headers[headers.count - 1].value += "\n" + line
                continue
            }
            let name = String(line.prefix { $0 != ":" })
            headers.append((name: name, value: String(line.dropFirst(name.count + 1))))
        }
        return SigningRequest(method: method, path: path, query: query, headers: headers, body: Array(body.utf8))
    }
}

@Suite(.enabled(if: Shared.isAvailable, Comment(rawValue: Shared.skipMessage)))
struct SigV4SuiteTests {
    static let credentials = Credentials(accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")

    /// Every case folder of the suite (nested ones included).
    static var cases: [String] {
        guard Shared.isAvailable, let walker = FileManager.default.enumerator(atPath: Shared.file("testdata/sigv4").path) else { return [] }
        var result: [String] = []
        for case let relative as String in walker where relative.hasSuffix(".req") {
            result.append(String(relative.dropLast(4)))
        }
        return result.sorted()
    }

    /// The suite's own files disagree for these two (see its README): test them from .sts onward.
    static let inconsistentCanonicalRequests: Set<String> = ["post-x-www-form-urlencoded", "post-x-www-form-urlencoded-parameters"]

    static func text(_ file: String) throws -> String {
        try String(contentsOf: Shared.file("testdata/\(file)"), encoding: .utf8)
    }

    @Test func allThirtyThreeCasesAreFound() {
        #expect(Self.cases.count == 33)
    }

    @Test(arguments: cases)
    func suiteCase(path: String) throws {
        let name = String(path.split(separator: "/").last!)
        var request = RequestFile.parse(try Self.text("sigv4/\(path).req"))
        var credentials = Self.credentials
        // get-vanilla-with-session-token: the signer adds the session token (it is in .creq and
        // .sreq, not in .req). post-sts-header-after adds it after signing: not signed, not here.
        let creq = try Self.text("sigv4/\(path).creq")
        if request.header("x-amz-security-token") == nil, creq.contains("x-amz-security-token:"),
            let token = RequestFile.parse(try Self.text("sigv4/\(path).sreq")).header("x-amz-security-token")
        {
            credentials.sessionToken = token
            request = SigV4Signer(service: "service", region: "us-east-1")
                .sign(request, credentials: credentials, date: Date(timeIntervalSince1970: 1_440_938_160))
            request.headers.removeAll { $0.name == "Authorization" }
        }
        let signer = SigV4Signer(service: "service", region: "us-east-1")
        let canonical = signer.canonicalRequest(request)
        if !Self.inconsistentCanonicalRequests.contains(name) {
            #expect(canonical.text == creq, "\(path).creq")
            #expect(
                signer.stringToSign(canonicalRequest: canonical.text, amzDate: "20150830T123600Z") == (try Self.text("sigv4/\(path).sts")))
            #expect(signer.authorization(request, credentials: credentials) == (try Self.text("sigv4/\(path).authz")))
        }
        // From the string to sign onward, every case.
        let sts = try Self.text("sigv4/\(path).sts")
        let authz = try Self.text("sigv4/\(path).authz")
        let expectedSignature = String(authz.split(separator: "=").last!)
        #expect(signer.signature(stringToSign: sts, secret: Self.credentials.secretAccessKey, date: "20150830") == expectedSignature)
    }

    static let bedrockCases = [
        "converse-stream-profile-id-colon", "converse-stream-profile-arn",
        "converse-stream-global-profile-session-token", "list-inference-profiles-query",
    ]

    @Test(arguments: bedrockCases)
    func bedrockCase(name: String) throws {
        let request = RequestFile.parse(try Self.text("sigv4-bedrock/\(name)/\(name).req"))
        let signer = SigV4Signer(service: "bedrock", region: "us-east-1")
        let canonical = signer.canonicalRequest(request)
        #expect(canonical.text == (try Self.text("sigv4-bedrock/\(name)/\(name).creq")))
        #expect(
            signer.stringToSign(canonicalRequest: canonical.text, amzDate: "20150830T123600Z")
                == (try Self.text("sigv4-bedrock/\(name)/\(name).sts")))
        var credentials = Self.credentials
        credentials.sessionToken = request.header("x-amz-security-token")
        #expect(signer.authorization(request, credentials: credentials) == (try Self.text("sigv4-bedrock/\(name)/\(name).authz")))
        // sign() from scratch puts the same headers on the request botocore sent.
        var unsigned = request
        unsigned.headers.removeAll { ["x-amz-date", "x-amz-security-token"].contains($0.name.lowercased()) }
        let signed = signer.sign(unsigned, credentials: credentials, date: Date(timeIntervalSince1970: 1_440_938_160))
        #expect(signed.header("authorization") == (try Self.text("sigv4-bedrock/\(name)/\(name).authz")))
        if name.hasPrefix("converse-stream") {
            // The wire path for the model id is what botocore sent.
            let segment = request.path.dropFirst("/model/".count).dropLast("/converse-stream".count)
            #expect(BedrockRequests.converseStreamPath(modelId: String(segment).removingPercentEncoding!) == request.path)
        }
    }
}

/// A few hundred randomised ConverseStream requests signed by botocore's SigV4Auth in python3.
@Suite(.enabled(if: Botocore.isAvailable, "python3 with botocore is missing (scripts/bootstrap.sh installs it): skipped"))
struct SigV4BotocoreTests {
    @Test func agreesWithBotocoreOnRandomisedRequests() throws {
        let lines = try Subprocess.python([Repo.file("Tests/Oracles/botocore_sigv4.py").path, "300", "20261122"]).stdoutLines
        #expect(lines.count == 300)
        for line in lines {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let headers = (object["headers"] as! [[String]]).map { (name: $0[0], value: $0[1]) }
            let request = SigningRequest(
                method: object["method"] as! String, path: object["path"] as! String, headers: headers,
                body: Array(Data(base64Encoded: object["body"] as! String)!))
            let credentials = Credentials(
                accessKeyId: object["access_key"] as! String, secretAccessKey: object["secret_key"] as! String,
                sessionToken: object["session_token"] as? String)
            let signer = SigV4Signer(service: "bedrock", region: object["region"] as! String)
            let signed = signer.sign(request, credentials: credentials, date: Date(timeIntervalSince1970: object["epoch"] as! Double))
            #expect(signed.header("x-amz-date") == object["amz_date"] as? String)
            #expect(signed.header("authorization") == object["authorization"] as? String, "\(object["model"]!) in \(object["region"]!)")
            #expect(BedrockRequests.converseStreamPath(modelId: object["model"] as! String) == object["path"] as? String)
        }
    }
}

enum Botocore {
    static var isAvailable: Bool { Subprocess.pythonHas("botocore") }
}
