public import AdvisorCore
public import Foundation

public struct CredentialsError: AdvisorError, Sendable, Equatable {
    public var failureKind: FailureKind { .runtime }
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}

/// What the chain reads: environment, files, processes, HTTP. All injectable, so tests run it on
/// a temporary HOME, a fake credential_process and a loopback server.
public struct CredentialSources: Sendable {
    public var environment: [String: String]
    public var http: any HTTPFetching
    /// Runs a `credential_process` command line; returns its exit status and stdout.
    public var runProcess: @Sendable (String) throws -> (status: Int32, stdout: [UInt8])

    public init(
        environment: [String: String], http: any HTTPFetching = CurlHTTPClient(),
        runProcess: @escaping @Sendable (String) throws -> (status: Int32, stdout: [UInt8]) = CredentialSources.shell
    ) {
        self.environment = environment
        self.http = http
        self.runProcess = runProcess
    }

    public static let shell: @Sendable (String) throws -> (status: Int32, stdout: [UInt8]) = { command in
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        let stdout = Pipe()
        process.standardOutput = stdout
        process.standardError = FileHandle.nullDevice  // may hold secrets; never shown
        try process.run()
        let data = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, Array(data))
    }

    var home: String { environment["HOME"] ?? NSHomeDirectory() }
    var profile: String { environment["AWS_PROFILE"].flatMap { $0.isEmpty ? nil : $0 } ?? environment["AWS_DEFAULT_PROFILE"] ?? "default" }
    var credentialsFile: String { environment["AWS_SHARED_CREDENTIALS_FILE"] ?? home + "/.aws/credentials" }
    var configFile: String { environment["AWS_CONFIG_FILE"] ?? home + "/.aws/config" }
}

/// The AWS CLI's order: environment, shared credentials file, config file, credential_process,
/// container credentials, EC2 instance metadata (IMDSv2). Credentials that expire are refreshed
/// 15 minutes before they do (botocore's advisory window); within 10 minutes a failed refresh is an
/// error (its mandatory window).
///
/// `@unchecked` because the cache and the trace are mutable state shared by the threads of a probe;
/// `lock` guards both, and nothing reads or writes them without it.
public final class CredentialsChain: @unchecked Sendable {
    public static let advisoryRefresh: TimeInterval = 15 * 60
    public static let mandatoryRefresh: TimeInterval = 10 * 60

    private let sources: CredentialSources
    private let lock = NSLock()
    private var cached: Credentials?
    private var lastTrace: [String] = []

    /// What each step said at the last resolution, for `--verbose`; never a secret.
    public var trace: [String] {
        lock.lock()
        defer { lock.unlock() }
        return lastTrace
    }

    public init(sources: CredentialSources) {
        self.sources = sources
    }

    public func credentials(now: Date) throws(CredentialsError) -> Credentials {
        lock.lock()
        defer { lock.unlock() }
        if let cached {
            guard let expiration = cached.expiration, expiration.timeIntervalSince(now) < Self.advisoryRefresh else { return cached }
            do {
                let fresh = try resolve(now: now)
                self.cached = fresh
                return fresh
            } catch {
                if expiration.timeIntervalSince(now) > Self.mandatoryRefresh { return cached }
                throw error
            }
        }
        let fresh = try resolve(now: now)
        cached = fresh
        return fresh
    }

    private func resolve(now: Date) throws(CredentialsError) -> Credentials {
        lastTrace = []
        let steps: [(String, (CredentialSources) throws(CredentialsError) -> Credentials?)] = [
            ("environment", Providers.environment),
            ("shared credentials file", Providers.sharedCredentialsFile),
            ("config file", Providers.configFile),
            ("credential_process", Providers.credentialProcess),
            ("container credentials", Providers.container),
            ("EC2 instance metadata (IMDSv2)", Providers.instanceMetadata),
        ]
        for (name, step) in steps {
            if let credentials = try step(sources) {
                lastTrace.append("\(name): found \(credentials.accessKeyId)")
                // Expired credentials would only fail later, at the first signed call, as a 403.
                if let expiration = credentials.expiration, expiration <= now {
                    throw CredentialsError(
                        "\(name) gave credentials for \(credentials.accessKeyId) that expired at "
                            + RFC3339.dateTimeString(expiration)
                            + "; refresh them (for SSO: aws sso login) and run again")
                }
                return credentials
            }
            lastTrace.append("\(name): nothing")
        }
        throw CredentialsError(
            "no AWS credentials found; tried " + steps.map(\.0).joined(separator: ", ")
                + " (set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)")
    }
}

enum Providers {
    static func environment(_ sources: CredentialSources) throws(CredentialsError) -> Credentials? {
        let env = sources.environment
        guard let key = env["AWS_ACCESS_KEY_ID"], !key.isEmpty else { return nil }
        guard let secret = env["AWS_SECRET_ACCESS_KEY"], !secret.isEmpty else {
            throw CredentialsError("AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not")
        }
        return Credentials(
            accessKeyId: key, secretAccessKey: secret,
            sessionToken: env["AWS_SESSION_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }, source: "environment")
    }

    static func sharedCredentialsFile(_ sources: CredentialSources) throws(CredentialsError) -> Credentials? {
        guard let sections = try INIFile.read(sources.credentialsFile),
            let section = sections[sources.profile]
        else { return nil }
        return try keys(section, source: "\(sources.credentialsFile) [\(sources.profile)]")
    }

    static func configFile(_ sources: CredentialSources) throws(CredentialsError) -> Credentials? {
        guard let section = try configSection(sources) else { return nil }
        return try keys(section, source: "\(sources.configFile) [\(sources.profile)]")
    }

    static func configSection(_ sources: CredentialSources) throws(CredentialsError) -> [String: String]? {
        guard let sections = try INIFile.read(sources.configFile) else { return nil }
        let name = sources.profile == "default" ? "default" : "profile \(sources.profile)"
        return sections[name] ?? (sources.profile == "default" ? sections["profile default"] : nil)
    }

    static func keys(_ section: [String: String], source: String) throws(CredentialsError) -> Credentials? {
        guard let key = section["aws_access_key_id"] else { return nil }
        guard let secret = section["aws_secret_access_key"] else {
            throw CredentialsError("\(source): aws_access_key_id without aws_secret_access_key")
        }
        return Credentials(accessKeyId: key, secretAccessKey: secret, sessionToken: section["aws_session_token"], source: source)
    }

    /// `credential_process` (e.g. `aws configure export-credentials --format process` for SSO users):
    /// JSON `{"Version": 1, "AccessKeyId", "SecretAccessKey", "SessionToken", "Expiration"}` on stdout.
    static func credentialProcess(_ sources: CredentialSources) throws(CredentialsError) -> Credentials? {
        guard let command = try configSection(sources)?["credential_process"] else { return nil }
        let result: (status: Int32, stdout: [UInt8])
        do { result = try sources.runProcess(command) } catch {
            throw CredentialsError("credential_process could not be started: \(error.localizedDescription)")
        }
        guard result.status == 0 else {
            throw CredentialsError("credential_process exited with status \(result.status) (its output is not shown: it may hold secrets)")
        }
        guard let json = (try? JSONSerialization.jsonObject(with: Data(result.stdout))) as? [String: Any] else {
            throw CredentialsError("credential_process did not print a JSON object")
        }
        guard (json["Version"] as? NSNumber)?.intValue == 1 else {
            throw CredentialsError("credential_process output needs \"Version\": 1")
        }
        return try parse(json, source: "credential_process", tokenKey: "SessionToken")
    }

    static func parse(_ json: [String: Any], source: String, tokenKey: String) throws(CredentialsError) -> Credentials {
        guard let key = json["AccessKeyId"] as? String, let secret = json["SecretAccessKey"] as? String else {
            throw CredentialsError("\(source): the answer has no AccessKeyId and SecretAccessKey")
        }
        var expiration: Date?
        if let text = json["Expiration"] as? String {
            guard let date = RFC3339.parseDateTime(text) else {
                throw CredentialsError("\(source): Expiration '\(text)' is not an RFC 3339 time")
            }
            expiration = date
        }
        return Credentials(
            accessKeyId: key, secretAccessKey: secret, sessionToken: json[tokenKey] as? String,
            expiration: expiration, source: source)
    }

    /// ECS and EKS Pod Identity: a relative URI on 169.254.170.2, or a full URI with an
    /// authorization token (inline or in a file).
    static func container(_ sources: CredentialSources) throws(CredentialsError) -> Credentials? {
        let env = sources.environment
        let url: String
        if let relative = env["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"], !relative.isEmpty {
            url = "http://169.254.170.2" + relative
        } else if let full = env["AWS_CONTAINER_CREDENTIALS_FULL_URI"], !full.isEmpty {
            url = full
        } else {
            return nil
        }
        var headers: [(String, String)] = [("Accept", "application/json")]
        if let file = env["AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"], !file.isEmpty {
            guard let token = try? String(contentsOfFile: file, encoding: .utf8) else {
                throw CredentialsError("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE \(file) cannot be read")
            }
            headers.append(("Authorization", token.trimmingCharacters(in: .whitespacesAndNewlines)))
        } else if let token = env["AWS_CONTAINER_AUTHORIZATION_TOKEN"], !token.isEmpty {
            headers.append(("Authorization", token))
        }
        let response: HTTPResponse
        do { response = try sources.http.send(method: "GET", url: url, headers: headers, body: [], timeout: 2) } catch {
            throw CredentialsError("container credentials endpoint \(Redact.url(url)): \(Redact.url(error.message))")
        }
        guard response.status == 200, let json = (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any] else {
            throw CredentialsError("container credentials endpoint \(Redact.url(url)) answered HTTP \(response.status)")
        }
        return try parse(json, source: "container credentials", tokenKey: "Token")
    }

    /// IMDSv2: a session token by PUT, then the role name, then the role's credentials.
    static func instanceMetadata(_ sources: CredentialSources) throws(CredentialsError) -> Credentials? {
        let env = sources.environment
        if env["AWS_EC2_METADATA_DISABLED"]?.lowercased() == "true" { return nil }
        let base = (env["AWS_EC2_METADATA_SERVICE_ENDPOINT"].flatMap { $0.isEmpty ? nil : $0 } ?? "http://169.254.169.254")
            .trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        let timeout = 1.0
        let tokenResponse: HTTPResponse
        do {
            tokenResponse = try sources.http.send(
                method: "PUT", url: base + "/latest/api/token",
                headers: [("X-aws-ec2-metadata-token-ttl-seconds", "21600")], body: [], timeout: timeout)
        } catch {
            return nil  // not on EC2: the chain ends here, as the CLI's does
        }
        guard tokenResponse.status == 200 else { return nil }
        let token = String(decoding: tokenResponse.body, as: UTF8.self)
        let headers = [("X-aws-ec2-metadata-token", token)]
        func get(_ path: String) throws(CredentialsError) -> [UInt8] {
            let response: HTTPResponse
            do { response = try sources.http.send(method: "GET", url: base + path, headers: headers, body: [], timeout: timeout) } catch {
                throw CredentialsError("instance metadata \(path): \(error.message)")
            }
            guard response.status == 200 else { throw CredentialsError("instance metadata \(path) answered HTTP \(response.status)") }
            return response.body
        }
        let roles = String(decoding: try get("/latest/meta-data/iam/security-credentials/"), as: UTF8.self)
        guard let role = roles.split(separator: "\n").first.map(String.init), !role.isEmpty else {
            throw CredentialsError("the instance has no IAM role attached")
        }
        guard
            let json = (try? JSONSerialization.jsonObject(with: Data(try get("/latest/meta-data/iam/security-credentials/\(role)"))))
                as? [String: Any]
        else {
            throw CredentialsError("instance metadata for role \(role) is not JSON")
        }
        return try parse(json, source: "EC2 instance metadata (role \(role))", tokenKey: "Token")
    }
}

/// The AWS shared config/credentials format: `[section]` and `key = value` lines, `#`/`;` comments.
enum INIFile {
    static func read(_ path: String) throws(CredentialsError) -> [String: [String: String]]? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw CredentialsError("\(path) cannot be read")
        }
        var sections: [String: [String: String]] = [:]
        var current: String?
        for (number, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("[") {
                guard line.hasSuffix("]") else { throw CredentialsError("\(path):\(number + 1): a section header must end with ']'") }
                current = line.dropFirst().dropLast().trimmingCharacters(in: .whitespaces)
                sections[current!, default: [:]] = sections[current!] ?? [:]
                continue
            }
            if raw.first == " " || raw.first == "\t" { continue }  // nested values (s3 = …) are not credentials
            guard let equals = line.firstIndex(of: "=") else {
                // Never echo the line: it may be a secret.
                throw CredentialsError("\(path):\(number + 1): expected 'key = value'")
            }
            guard let section = current else { throw CredentialsError("\(path):\(number + 1): a value before any [section]") }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            sections[section]![key] = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
        }
        return sections
    }
}

/// Where Bedrock Runtime calls go: `--endpoint-url`, else the SDKs' `AWS_ENDPOINT_URL_BEDROCK_RUNTIME`,
/// else `AWS_ENDPOINT_URL` (both ignored when `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true`), else
/// `https://bedrock-runtime.{region}.amazonaws.com`.
/// Bedrock's control plane and Service Quotas are found the same way, each with its own variable
/// (`AWS_ENDPOINT_URL_BEDROCK`, `AWS_ENDPOINT_URL_SERVICE_QUOTAS`), as the AWS CLI and SDKs find them.
public enum BedrockEndpoint {
    public static func runtime(region: String, explicit: String?, environment: [String: String]) throws(InputError) -> String {
        try resolve(
            "AWS_ENDPOINT_URL_BEDROCK_RUNTIME", default: "https://bedrock-runtime.\(region).amazonaws.com", explicit: explicit,
            environment: environment)
    }

    /// ListInferenceProfiles and ListFoundationModels: `https://bedrock.{region}.amazonaws.com`.
    public static func controlPlane(region: String, explicit: String?, environment: [String: String]) throws(InputError) -> String {
        try resolve(
            "AWS_ENDPOINT_URL_BEDROCK", default: "https://bedrock.\(region).amazonaws.com", explicit: explicit,
            environment: environment)
    }

    /// ListServiceQuotas: `https://servicequotas.{region}.amazonaws.com`.
    public static func serviceQuotas(region: String, explicit: String?, environment: [String: String]) throws(InputError) -> String {
        try resolve(
            "AWS_ENDPOINT_URL_SERVICE_QUOTAS", default: "https://servicequotas.\(region).amazonaws.com", explicit: explicit,
            environment: environment)
    }

    static func resolve(
        _ serviceVariable: String, default standard: String, explicit: String?, environment: [String: String]
    ) throws(InputError) -> String {
        if let explicit, !explicit.isEmpty { return try checked(trimmed(explicit), field: "--endpoint-url") }
        if environment["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"]?.lowercased() != "true" {
            for name in [serviceVariable, "AWS_ENDPOINT_URL"] {
                if let value = environment[name], !value.isEmpty { return try checked(trimmed(value), field: name) }
            }
        }
        return standard
    }

    /// Only http(s): libcurl would also speak ftp://, file:// and a dozen others to whatever the
    /// URL names, with the signed request.
    static func checked(_ url: String, field: String) throws(InputError) -> String {
        let lowered = url.lowercased()
        guard lowered.hasPrefix("https://") || lowered.hasPrefix("http://"), url.count > (lowered.hasPrefix("https") ? 8 : 7) else {
            throw InputError(field: field, value: Redact.url(url), expected: "an https:// (or, for a test server, http://) URL")
        }
        return url
    }

    static func trimmed(_ url: String) -> String {
        url.hasSuffix("/") ? String(url.dropLast()) : url
    }

    /// The Host header for a URL: what SigV4 signs, byte for byte as libcurl sends it.
    public static func host(of url: String) -> String {
        let afterScheme = url.range(of: "://").map { url[$0.upperBound...] } ?? Substring(url)
        return String(afterScheme.prefix { $0 != "/" })
    }
}

/// Secrets out of anything shown or stored. URLs lose their user information and query strings
/// (`http://user:password@host/`, `user:password@host` without a scheme, `?token=…`); and the
/// values of the credentials in use are replaced wherever they appear, since an endpoint (a
/// proxy, a test server, a misconfigured gateway) may echo the request's headers back into an
/// error message or a header advisor reports and stores.
public enum Redact {
    public static let mark = "[redacted]"

    /// An endpoint as output may show it: without user information or query.
    public static func endpoint(_ url: String) -> String { self.url(url) }

    /// In a URL, or in a message quoting one (`… http://u:p@host/x?token=t: Could not connect`).
    static func url(_ text: String) -> String {
        // The URL starts at its scheme, or, without one, at the start of a text with no space in it.
        let start: String.Index
        if let scheme = text.range(of: "://") {
            start = text[..<scheme.lowerBound].lastIndex(of: " ").map { text.index(after: $0) } ?? text.startIndex
        } else if !text.contains(" ") {
            start = text.startIndex
        } else {
            return text
        }
        let schemeEnd = text[start...].range(of: "://")?.upperBound ?? start
        let end = text[schemeEnd...].firstIndex(of: " ") ?? text.endIndex
        var link = String(text[schemeEnd..<end])
        let authorityEnd = link.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? link.endIndex
        if let at = link[..<authorityEnd].lastIndex(of: "@") {
            link = "***@" + String(link[link.index(after: at)...])
        }
        // A query string carries tokens as often as not (`?X-Amz-Security-Token=…`, `?api_key=…`).
        if let query = link.firstIndex(of: "?") {
            let fragment = link[query...].firstIndex(of: "#") ?? link.endIndex
            link = String(link[...query]) + "***" + String(link[fragment...])
        }
        return String(text[..<schemeEnd]) + link + (end < text.endIndex ? url(String(text[end...])) : "")
    }

    /// `text` with every occurrence of each secret replaced (secrets shorter than 8 characters are
    /// left: no real one is, and replacing "a" everywhere would garble the text).
    public static func secrets(_ text: String, _ values: [String]) -> String {
        var result = text
        for value in values where value.count >= 8 && result.contains(value) {
            result = result.replacingOccurrences(of: value, with: mark)
        }
        return result
    }
}
