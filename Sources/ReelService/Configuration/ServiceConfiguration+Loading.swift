import Foundation
import Yams

extension ServiceConfiguration {
    /// A configuration problem, naming the file or variable and the field.
    public struct LoadError: Error, Sendable, Equatable, CustomStringConvertible {
        let message: String
        public var description: String { message }
    }

    /// Builds the configuration: defaults, then the YAML file, then `REEL_*` variables.
    /// - Parameters:
    ///   - file: A YAML file (`--config`), or nil for `REEL_CONFIG` or none.
    ///   - environment: The process environment.
    /// - Returns: The merged configuration (command-line options are applied by the caller).
    /// - Throws: `LoadError` naming the file, variable or field.
    public static func load(file: String?, environment: [String: String]) throws(LoadError) -> ServiceConfiguration {
        var configuration = ServiceConfiguration()
        if let path = file ?? environment["REEL_CONFIG"] {
            try configuration.apply(yamlFile: path)
        }
        try configuration.apply(environment: environment)
        return configuration
    }

    /// The settable fields by their YAML key, with the `REEL_*` variable of each.
    private static let keys: [String] = [
        "host", "port", "database", "output", "public_url", "api_token", "api_tokens", "hook_secret",
        "callback_secret", "key_secret", "workers", "max_attempts", "retry_delay", "lease", "heartbeat", "body_limit",
        "source_limit", "output_limit", "callback_url_limit", "metadata_limit", "rate_limit", "rate_burst",
        "header_timeout", "body_timeout", "idle_timeout", "default_ladder", "allow_sources", "allow_private_networks",
        "sns_subscribe_urls", "s3_endpoint", "ladders", "console", "preview_secret",
    ]

    mutating func apply(yamlFile path: String) throws(LoadError) {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw LoadError(message: "\(path): cannot read the configuration file")
        }
        let root: Any?
        do {
            root = try Yams.load(yaml: text)
        } catch {
            throw LoadError(message: "\(path): not valid YAML: \(error)")
        }
        guard let root else { return }
        guard let map = root as? [String: Any] else {
            throw LoadError(message: "\(path): expected a mapping of settings")
        }
        for (key, value) in map {
            if key == "api_token" || key == "api_tokens" {
                // A list may hold mappings ({id, token, scopes, tenant}) as well as strings.
                try setTokens(value as? [Any] ?? [value], origin: "\(path): \(key)")
                continue
            }
            let text: String
            switch value {
            case let list as [Any]: text = list.map { "\($0)" }.joined(separator: ",")
            default: text = "\(value)"
            }
            try set(key, text, origin: "\(path): \(key)")
        }
    }

    /// `REEL_*` variables that name no setting (a typo such as `REEL_APITOKEN`), for a warning.
    /// Variables of other tools (`REEL_TEST_*`, `REEL_SHARED_MEDIA`) and `REEL_CONFIG` are not counted.
    /// - Parameter environment: The process environment.
    public static func unknownVariables(in environment: [String: String]) -> [String] {
        let known = Set(keys.map { "REEL_" + $0.uppercased() } + ["REEL_CONFIG", "REEL_SHARED_MEDIA"])
        return environment.keys.filter { $0.hasPrefix("REEL_") && !$0.hasPrefix("REEL_TEST_") && !known.contains($0) }
            .sorted()
    }

    mutating func apply(environment: [String: String]) throws(LoadError) {
        for key in Self.keys {
            let variable = "REEL_" + key.uppercased()
            if let value = environment[variable] { try set(key, value, origin: variable) }
        }
    }

    /// Sets one field from text (lists are comma-separated).
    /// - Parameters:
    ///   - key: The YAML key.
    ///   - value: The value as text.
    ///   - origin: Where it came from, for errors.
    mutating func set(_ key: String, _ value: String, origin: String) throws(LoadError) {
        func number<T: LosslessStringConvertible>(_: T.Type) throws(LoadError) -> T {
            guard let parsed = T(value.trimmingCharacters(in: .whitespaces)) else {
                throw LoadError(message: "\(origin): '\(value)' is not a number")
            }
            return parsed
        }
        func flag() throws(LoadError) -> Bool {
            switch value.lowercased() {
            case "true", "yes", "1", "on": return true
            case "false", "no", "0", "off": return false
            default: throw LoadError(message: "\(origin): '\(value)' is not true or false")
            }
        }
        func list() -> [String] {
            value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        switch key {
        case "host": host = value
        case "port": port = try number(Int.self)
        case "database": database = value
        case "output": output = value
        case "public_url": publicURL = value
        case "api_token", "api_tokens": try setTokens(list(), origin: origin)
        case "hook_secret": hookSecret = value
        case "callback_secret": callbackSecret = value
        case "key_secret": keySecret = value
        case "workers": workers = try number(Int.self)
        case "max_attempts": maxAttempts = try number(Int.self)
        case "retry_delay": retryDelay = try number(Double.self)
        case "lease": lease = try number(Double.self)
        case "heartbeat": heartbeat = try number(Double.self)
        case "body_limit": bodyLimit = try number(Int.self)
        case "source_limit": sourceLimit = try number(Int.self)
        case "output_limit": outputLimit = try number(Int.self)
        case "callback_url_limit": callbackURLLimit = try number(Int.self)
        case "metadata_limit": metadataLimit = try number(Int.self)
        case "rate_limit": rateLimit = try number(Double.self)
        case "rate_burst": rateBurst = try number(Int.self)
        case "header_timeout": headerTimeout = try number(Double.self)
        case "body_timeout": bodyTimeout = try number(Double.self)
        case "idle_timeout": idleTimeout = try number(Double.self)
        case "default_ladder": defaultLadder = value
        case "allow_sources": allowSources = list()
        case "allow_private_networks": allowPrivateNetworks = try flag()
        case "sns_subscribe_urls": snsSubscribeURLs = list()
        case "s3_endpoint": s3Endpoint = value
        case "ladders": ladders = value
        case "console": console = try flag()
        case "preview_secret": previewSecret = value
        default:
            throw LoadError(message: "\(origin): unknown setting (known: \(Self.keys.joined(separator: ", ")))")
        }
    }

    /// Sets the API tokens from strings (plain or `ID:SCOPES[:TENANT]=TOKEN`) or YAML mappings.
    /// - Parameters:
    ///   - items: The tokens as written.
    ///   - origin: Where they came from, for errors.
    public mutating func setTokens(_ items: [Any], origin: String) throws(LoadError) {
        var tokens: [APIToken] = []
        for (index, item) in items.enumerated() {
            do {
                if let map = item as? [String: Any] {
                    tokens.append(try APIToken(mapping: map))
                } else {
                    tokens.append(try APIToken(parsing: "\(item)", position: index + 1))
                }
            } catch {
                throw LoadError(message: "\(origin): \(error.message)")
            }
        }
        apiTokens = tokens
    }

    /// Checks values that have to make sense together, and that every limit, timeout and secret is
    /// usable: the first problem is named by its setting.
    /// - Parameter serving: Whether the HTTP API is served (it needs an API token).
    /// - Throws: `LoadError` naming the field.
    public func validate(serving: Bool) throws(LoadError) {
        guard (0...65535).contains(port) else { throw LoadError(message: "port \(port) is out of range") }
        guard (0...256).contains(workers) else { throw LoadError(message: "workers must be 0 to 256") }
        guard (1...100).contains(maxAttempts) else { throw LoadError(message: "max_attempts must be 1 to 100") }
        try Self.check("retry_delay", retryDelay, in: 0...86400)
        guard lease >= 1, lease <= 86400, heartbeat > 0, heartbeat < lease / 2 else {
            throw LoadError(
                message: "lease (\(lease) s) must be 1 s to a day and more than twice the heartbeat (\(heartbeat) s)")
        }
        let megabyte = 1 << 20
        try Self.check("body_limit", bodyLimit, in: 1...(64 * megabyte))
        try Self.check("source_limit", sourceLimit, in: 1...(64 * 1024))
        try Self.check("output_limit", outputLimit, in: 1...4096)
        try Self.check("callback_url_limit", callbackURLLimit, in: 1...(64 * 1024))
        try Self.check("metadata_limit", metadataLimit, in: 1...megabyte)
        try Self.check("rate_limit", rateLimit, in: 0.001...100_000)
        try Self.check("rate_burst", rateBurst, in: 1...1_000_000)
        try Self.check("header_timeout", headerTimeout, in: 0.1...3600)
        try Self.check("body_timeout", bodyTimeout, in: 0.1...3600)
        try Self.check("idle_timeout", idleTimeout, in: 0.1...86400)
        for (name, secret) in [
            ("hook_secret", hookSecret), ("callback_secret", callbackSecret), ("key_secret", keySecret),
            ("preview_secret", previewSecret),
        ] {
            guard let secret else { continue }
            guard !secret.isEmpty else {
                throw LoadError(message: "\(name) is empty: unset it (no \(name)) or give a secret")
            }
            if let problem = Self.secretProblem(secret) { throw LoadError(message: "\(name) \(problem)") }
        }
        for token in apiTokens {
            if let problem = token.problem() { throw LoadError(message: "api_tokens: \(problem)") }
        }
        if let id = Self.firstDuplicate(apiTokens.map(\.id)) {
            throw LoadError(message: "api_tokens: the id '\(id)' is used twice")
        }
        if Self.firstDuplicate(apiTokens.map(\.token)) != nil {
            throw LoadError(message: "api_tokens: the same token is configured twice")
        }
        guard !serving || !apiTokens.isEmpty else {
            throw LoadError(message: "no API token: set --api-token, REEL_API_TOKEN or api_token in the configuration")
        }
    }

    /// Advice about a valid configuration: secrets short enough to guess.
    public var warnings: [String] {
        var warnings: [String] = []
        let minimum = APIToken.minimumLength
        for (name, secret) in [
            ("hook_secret", hookSecret), ("callback_secret", callbackSecret), ("key_secret", keySecret),
            ("preview_secret", previewSecret),
        ] {
            if let secret, secret.count < minimum {
                warnings.append("\(name) is shorter than \(minimum) characters: use a long random secret")
            }
        }
        for token in apiTokens where token.token.count < minimum {
            warnings.append("API token '\(token.id)' is shorter than \(minimum) characters: use a long random token")
        }
        return warnings
    }

    /// Why a secret cannot be used (whitespace or control characters, too long), or nil.
    static func secretProblem(_ secret: String) -> String? {
        if secret.unicodeScalars.contains(where: {
            $0.properties.isWhitespace || $0.properties.generalCategory == .control
        }) {
            return "contains whitespace or control characters"
        }
        if secret.utf8.count > APIToken.maximumLength {
            return "is longer than \(APIToken.maximumLength) bytes"
        }
        return nil
    }

    private static func check<Value: Comparable & Numeric>(
        _ name: String, _ value: Value, in range: ClosedRange<Value>
    ) throws(LoadError) {
        guard range.contains(value) else {
            throw LoadError(message: "\(name) must be \(range.lowerBound) to \(range.upperBound) (got \(value))")
        }
    }

    private static func firstDuplicate(_ values: [String]) -> String? {
        var seen: Set<String> = []
        return values.first { !seen.insert($0).inserted }
    }
}
