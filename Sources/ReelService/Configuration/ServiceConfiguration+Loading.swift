import Foundation
import Yams

extension ServiceConfiguration {
    /// A configuration problem, naming the file or variable and the field.
    public struct LoadError: Error, Sendable, Equatable, CustomStringConvertible {
        public let message: String
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
        "callback_secret", "workers", "max_attempts", "retry_delay", "lease", "heartbeat", "body_limit",
        "default_ladder", "allow_sources", "allow_private_networks", "sns_subscribe_urls", "s3_endpoint", "ladders",
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
    public mutating func set(_ key: String, _ value: String, origin: String) throws(LoadError) {
        func number<T: LosslessStringConvertible>(_: T.Type) throws(LoadError) -> T {
            guard let parsed = T(value.trimmingCharacters(in: .whitespaces)) else {
                throw LoadError(message: "\(origin): '\(value)' is not a number")
            }
            return parsed
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
        case "api_token", "api_tokens": apiTokens = list()
        case "hook_secret": hookSecret = value
        case "callback_secret": callbackSecret = value
        case "workers": workers = try number(Int.self)
        case "max_attempts": maxAttempts = try number(Int.self)
        case "retry_delay": retryDelay = try number(Double.self)
        case "lease": lease = try number(Double.self)
        case "heartbeat": heartbeat = try number(Double.self)
        case "body_limit": bodyLimit = try number(Int.self)
        case "default_ladder": defaultLadder = value
        case "allow_sources": allowSources = list()
        case "allow_private_networks":
            switch value.lowercased() {
            case "true", "yes", "1", "on": allowPrivateNetworks = true
            case "false", "no", "0", "off": allowPrivateNetworks = false
            default: throw LoadError(message: "\(origin): '\(value)' is not true or false")
            }
        case "sns_subscribe_urls": snsSubscribeURLs = list()
        case "s3_endpoint": s3Endpoint = value
        case "ladders": ladders = value
        default:
            throw LoadError(message: "\(origin): unknown setting (known: \(Self.keys.joined(separator: ", ")))")
        }
    }

    /// Checks values that have to make sense together.
    /// - Parameter serving: Whether the HTTP API is served (it needs an API token).
    /// - Throws: `LoadError` naming the field.
    public func validate(serving: Bool) throws(LoadError) {
        guard (0...65535).contains(port) else { throw LoadError(message: "port \(port) is out of range") }
        guard workers >= 0 else { throw LoadError(message: "workers must be 0 or more") }
        guard maxAttempts >= 1 else { throw LoadError(message: "max_attempts must be at least 1") }
        guard lease >= 1, heartbeat > 0, heartbeat < lease / 2 else {
            throw LoadError(
                message: "lease (\(lease) s) must be at least 1 s and more than twice the heartbeat (\(heartbeat) s)")
        }
        guard !serving || !apiTokens.isEmpty else {
            throw LoadError(message: "no API token: set --api-token, REEL_API_TOKEN or api_token in the configuration")
        }
    }
}
